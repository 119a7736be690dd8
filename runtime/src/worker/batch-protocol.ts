/**
 * The message the local cluster posts to a worker thread: many tasks at once, so that trivial
 * tasks are not dominated by the cost of one message each. Functions are listed once per batch.
 */
import type { TaskReport } from "../scheduler/executor";
import type { WorkerFnRef } from "../shipping/fn-ref";

export interface BatchTask {
  readonly key: string;
  /** Index into `WorkerBatch.fns`. */
  readonly fn: number;
  readonly args: readonly unknown[];
}

export interface WorkerBatch {
  readonly kind: "weft-batch";
  readonly fns: readonly WorkerFnRef[];
  readonly tasks: readonly BatchTask[];
}

export interface WorkerBatchResult {
  readonly reports: readonly TaskReport[];
}

/** What the pool passes each worker at start-up. */
export interface WorkerSetup {
  /** The loader's hooks module and its data, when programs are run with `weft run`. */
  readonly loader?: { readonly hooksUrl: string; readonly data: unknown };
}
