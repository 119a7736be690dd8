/** The built `weft` library (runtime/dist), as an installed program gets it. */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as weftTypes from "weft";
import { runtimeDist } from "../test/support/paths";

export type Weft = typeof weftTypes;

export async function loadBuiltWeft(): Promise<Weft> {
  return (await import(pathToFileURL(join(runtimeDist, "index.mjs")).href)) as Weft;
}
