/**
 * `visualize(objs, { filename })`: writes the graph of the given Delayeds as DOT, or as SVG when
 * the file name ends in .svg, coloured by the state each task last reached (run it after a
 * compute to see what ran and what failed). Resolves to the text written.
 */
import { writeFileSync } from "node:fs";
import { ErrorCode, WeftError } from "../errors";
import { collectTasks, findDelayeds } from "../graph/collect";
import { toDot } from "../visualize/dot";
import { renderSvg } from "../visualize/render-svg";
import { graphScheduler } from "./graph-scheduler";

export interface VisualizeOptions {
  /** Where to write: `.svg` for a picture, anything else (`.dot`, `.gv`) for DOT text. */
  readonly filename?: string;
  /** Output format when no file name says it. Default "dot". */
  readonly format?: "dot" | "svg";
}

export async function visualize(objects: unknown, options: VisualizeOptions = {}): Promise<string> {
  const roots = findDelayeds(objects);
  if (roots.length === 0) {
    throw new WeftError(ErrorCode.BadArgument, "visualize(objs): found no Delayed to draw.");
  }
  const scheduler = graphScheduler();
  const dot = toDot(collectTasks(roots), (key) => scheduler.stateOf(key));
  const svg = options.filename?.toLowerCase().endsWith(".svg") ?? options.format === "svg";
  const text = svg ? await renderSvg(dot) : dot;
  if (options.filename !== undefined) writeFileSync(options.filename, text);
  return text;
}
