/** A raw Redis connection for tests to look at what Weft keeps there, and the built library. */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Redis } from "ioredis";
import type * as weftTypes from "weft";
import { runtimeDist } from "../support/paths";

export type Weft = typeof weftTypes;

/** The built library, as an installed program gets it (its version matches the built workers). */
export async function loadBuiltWeft(): Promise<Weft> {
  return (await import(pathToFileURL(join(runtimeDist, "index.mjs")).href)) as Weft;
}

export function inspector(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
  redis.on("error", () => undefined);
  return redis;
}

/** Every key that holds a task's outcome, on the default queue. */
export async function resultKeys(redis: Redis): Promise<string[]> {
  return redis.keys("bull:weft:weft:result:*");
}

export interface Beat {
  readonly pid: number;
  readonly running: readonly string[];
}

/** The live workers' heartbeats. */
export async function heartbeats(redis: Redis): Promise<Beat[]> {
  const names = await redis.smembers("bull:weft:weft:workers");
  if (names.length === 0) return [];
  const values = await redis.mget(names.map((name) => `bull:weft:weft:worker:${name}`));
  return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as Beat);
}
