/**
 * The message the local cluster posts to a worker thread: many tasks at once, so that trivial
 * tasks are not dominated by the cost of one message each. It is laid out in columns (no key
 * strings, no object per task) because structured clone of the batch is most of its cost.
 */
import type { RemoteError } from "../scheduler/executor";
import type { WorkerFnRef } from "../shipping/fn-ref";

export interface WorkerBatch {
  readonly kind: "weft-batch";
  /** The cluster's number for this message, so a task can say which one it runs in. */
  readonly id?: number;
  /** Each distinct function once. */
  readonly fns: readonly WorkerFnRef[];
  /** Task i runs fns[fnIndex[i]](...args[i]); absent when there is one function. */
  readonly fnIndex?: Int32Array;
  readonly args: readonly (readonly unknown[])[];
  /** Broadcast values the worker keeps from now on, by key (see shipping/shared-values.ts). */
  readonly shared?: readonly (readonly [string, unknown])[];
  /** Positions of the tasks whose arguments hold markers of broadcast values. */
  readonly sharing?: readonly number[];
  /** Broadcast values the worker may let go. */
  readonly drop?: readonly string[];
}

/** Results in task order. */
export interface WorkerBatchResult {
  readonly worker: number;
  /** Task i's value; undefined where it failed. */
  readonly values: readonly unknown[];
  /** Task i's error, where it failed; null when no task of the batch failed. */
  readonly errors: readonly (RemoteError | undefined)[] | null;
  /** Start and stop of task i at [2i] and [2i + 1], ms since the epoch. */
  readonly times: Float64Array | readonly number[];
  /** ms task i spent without its slot (seceded), where any task did; absent otherwise. */
  readonly seceded?: readonly number[];
  /** The worker's heap in use, in bytes, at most every quarter second (for the dashboard). */
  readonly heap?: number;
}

/** What the pool passes each worker at start-up. */
export interface WorkerSetup {
  /** The loader's hooks module and its data, when programs are run with `weft run`. */
  readonly loader?: { readonly hooksUrl: string; readonly data: unknown };
}
