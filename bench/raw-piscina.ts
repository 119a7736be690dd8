/**
 * The raw-piscina peer of the runtime benchmarks: a pool with the worker entry Weft uses,
 * running a trivial `inc` by module reference, as Weft's tasks run.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import { runtimeDist } from "../test/support/paths";

/** The URL of a module exporting `inc = (x) => x + 1`, written to a fresh temporary folder. */
export function incModuleUrl(): string {
  const module = join(mkdtempSync(join(tmpdir(), "weft-bench-")), "inc.mjs");
  writeFileSync(module, "export const inc = (x) => x + 1;\n");
  return pathToFileURL(module).href;
}

export interface RawPiscina {
  /** One `inc(x)` on the pool. */
  run(x: number): Promise<unknown>;
  close(): Promise<void>;
}

/** A pool of `threads` threads (piscina's default when omitted). */
export function rawPiscina(threads?: number): RawPiscina {
  const url = incModuleUrl();
  const pool = new Piscina({
    filename: join(runtimeDist, "worker.mjs"),
    ...(threads === undefined ? {} : { minThreads: threads, maxThreads: threads }),
  });
  return {
    run: (x) => pool.run({ url, exportName: "inc", args: [x] }),
    close: () => pool.destroy(),
  };
}
