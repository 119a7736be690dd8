/**
 * `compute`, `persist` and `get`: the entry points that turn lazy graphs into results on the
 * default scheduler.
 */
import { ErrorCode, WeftError } from "../errors";
import { substituteRefs } from "../graph/args";
import { collectTasks, findDelayeds } from "../graph/collect";
import { installComputeHook } from "../graph/compute-hook";
import { Delayed } from "../graph/delayed";
import type { Computed } from "../graph/delayed-types";
import { uniqueToken } from "../graph/key";
import { rawGraphTasks, type RawGraph, type RawTask } from "../graph/raw-graph";
import { graphScheduler } from "./graph-scheduler";
import { runGraph } from "./run-graph";

export type ComputedTuple<T extends readonly unknown[]> = {
  -readonly [I in keyof T]: Computed<T[I]>;
};

/**
 * Computes any number of Delayeds (also inside arrays, plain objects, Maps and Sets) in one
 * graph, so shared intermediates run once. Resolves to the objects with results in place.
 */
export async function compute<const T extends readonly unknown[]>(
  ...objects: T
): Promise<ComputedTuple<T>> {
  const roots = findDelayeds(objects);
  const scheduler = graphScheduler();
  const results = await runGraph(
    scheduler,
    collectTasks(roots),
    roots.map((root) => root.key),
  );
  return objects.map((object) =>
    substituteRefs(object, (key) => results.get(key)),
  ) as ComputedTuple<T>;
}

/** Drops a persisted key from the cluster once its last Delayed is garbage collected. */
const persistedHolders = new FinalizationRegistry<{ holder: string; key: string }>(
  ({ holder, key }) => {
    graphScheduler().release(holder, [key]);
  },
);

/**
 * Starts computing now and resolves (without waiting for the results) to Delayeds backed by
 * results held on the cluster: computing them later, or graphs built on them, reuses the work.
 */
export async function persist<const T extends readonly Delayed<unknown>[]>(
  ...objects: T
): Promise<{ -readonly [I in keyof T]: T[I] }> {
  for (const object of objects) {
    if (!(object instanceof Delayed)) {
      throw new WeftError(
        ErrorCode.BadArgument,
        "persist(...delayeds): every argument must be a Delayed.",
      );
    }
  }
  const scheduler = graphScheduler();
  const holder = `persist-${uniqueToken()}`;
  const wanted = objects.map((object) => object.key);
  scheduler.updateGraph({ tasks: collectTasks(objects), wanted, holder });
  return objects.map((object) => {
    const kept = new Delayed<unknown>(object.key, undefined, object.nout);
    persistedHolders.register(kept, { holder, key: object.key });
    return kept;
  }) as unknown as { -readonly [I in keyof T]: T[I] };
}

type RawResult<G, K> = K extends keyof G ? (G[K] extends RawTask<infer R> ? R : G[K]) : unknown;

/**
 * Runs a raw graph (`{ key: task(fn, ...args) | value }`, with `ref(key)` for dependencies) and
 * resolves to the value of one key, or a list of values for a list of keys.
 */
export function get<G extends RawGraph, K extends keyof G & string>(
  graph: G,
  key: K,
): Promise<RawResult<G, K>>;
export function get<G extends RawGraph, const K extends readonly (keyof G & string)[]>(
  graph: G,
  keys: K,
): Promise<{ -readonly [I in keyof K]: RawResult<G, K[I]> }>;
export async function get(graph: RawGraph, keys: string | readonly string[]): Promise<unknown> {
  const wanted = typeof keys === "string" ? [keys] : [...keys];
  const scheduler = graphScheduler();
  const tasks = rawGraphTasks(graph, wanted, (key) => scheduler.has(key));
  const results = await runGraph(scheduler, tasks, wanted);
  return typeof keys === "string" ? results.get(keys) : wanted.map((key) => results.get(key));
}

installComputeHook({
  compute: (objects) => compute(...objects),
  persist: (objects) => persist(...objects),
});
