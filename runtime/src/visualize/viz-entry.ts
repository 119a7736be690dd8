/** The SVG renderer's own bundle (runtime/dist/viz.mjs), loaded only when an SVG is asked for. */
export { instance } from "@viz-js/viz";
