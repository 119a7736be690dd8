/**
 * Where the worker entry is. Built, every bundle sits in runtime/dist next to worker.mjs (and
 * piscina's own worker.js, which loads it). From source, the worker is worker.ts, which the
 * TypeScript runner that loaded this file also loads in worker threads.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

export function workerEntryPath(): string {
  const here = __filename;
  if (here.endsWith(".ts")) {
    const source = join(dirname(here), "..", "worker.ts");
    if (existsSync(source)) return source;
  }
  return join(dirname(here), "worker.mjs");
}
