/**
 * BullMQ and ioredis (with luxon and msgpackr, about 1.5 MB of source) serve only programs and
 * workers that use Redis, yet every process and worker thread that loads `weft` would parse them.
 * So they are a bundle of their own next to the library, loaded before the first connection.
 * Weft's own Redis code stays in the library: its classes are the library's classes.
 */
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Entry from "./redis-deps-entry";

export type RedisDeps = typeof Entry;

let loading: Promise<RedisDeps> | undefined;
let loaded: RedisDeps | undefined;

/** Loads the Redis libraries once; later calls get the same promise. */
export function loadRedisDeps(): Promise<RedisDeps> {
  loading ??= (async () => {
    // A computed specifier keeps the bundler from inlining the libraries into the library.
    const file = __filename.endsWith(".ts") ? "redis-deps-entry.ts" : "redis-deps.mjs";
    loaded = (await import(pathToFileURL(join(dirname(__filename), file)).href)) as RedisDeps;
    return loaded;
  })();
  return loading;
}

/** The Redis libraries, for code that runs only after `loadRedisDeps()` has settled. */
export function redisDeps(): RedisDeps {
  if (loaded === undefined) {
    throw new Error("weft internal error: the Redis libraries are used before they are loaded");
  }
  return loaded;
}
