/**
 * DOT → SVG with Graphviz compiled to WebAssembly (@viz-js/viz). The renderer is large, so it is
 * its own bundle next to the library and is loaded only when an SVG is asked for.
 */
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

interface Viz {
  renderString(dot: string, options: { format: "svg" }): string;
}

export async function renderSvg(dot: string): Promise<string> {
  // A computed specifier keeps the bundler from inlining the renderer into the library.
  const specifier = __filename.endsWith(".ts")
    ? "@viz-js/viz"
    : pathToFileURL(join(dirname(__filename), "viz.mjs")).href;
  const module = (await import(specifier)) as { instance(): Promise<Viz> };
  const viz = await module.instance();
  return viz.renderString(dot, { format: "svg" });
}
