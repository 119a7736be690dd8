/**
 * The narrow interface between the scheduler and whatever runs tasks (the local piscina pool
 * now; a remote pool or BullMQ workers later). Tasks go out with concrete arguments; reports
 * come back in batches.
 */
import type { WeftEvent, WorkerSample } from "../protocol/events";
import type { WorkerFnRef } from "../shipping/fn-ref";

export interface RunnableTask {
  readonly key: string;
  readonly fn: WorkerFnRef;
  readonly args: readonly unknown[];
  /** Buffers the caller gave up with `transfer(...)`, moved instead of copied. */
  readonly transfer?: readonly ArrayBuffer[];
  /** ms the task may run before it is stopped with E_TIMEOUT. */
  readonly timeout?: number;
  /** The task's priority when not 0 (higher first), for executors that queue elsewhere. */
  readonly priority?: number;
  /**
   * Broadcast values the arguments refer to by marker (see shared-values.ts), by key; only for
   * an executor that `keepsShared`.
   */
  readonly shared?: ReadonlyMap<string, unknown>;
}

/** A task's exception as it crosses threads. */
export interface RemoteError {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
  /** Set when Weft itself classified the failure (E_CAPTURED_VARIABLE, E_NOT_CLONEABLE, ...). */
  readonly code?: string;
}

/** A failure Weft itself classified (E_TIMEOUT, E_WORKER_DIED, ...), as a task's error. */
export function weftFailure(code: string, message: string): RemoteError {
  return { name: "WeftError", message, stack: `WeftError: ${message}`, code };
}

interface ReportTiming {
  readonly key: string;
  /** Worker thread id that ran it. */
  readonly worker: number;
  /** Start and stop, ms since the epoch (performance.timeOrigin + now in the worker). */
  readonly start: number;
  readonly stop: number;
  /** ms between start and stop that the task spent seceded, waiting on other tasks. */
  readonly seceded?: number;
}

/** A task's busy time: its span on the worker, less what it spent seceded. */
export function busyMsOf(timing: {
  readonly start: number;
  readonly stop: number;
  readonly seceded?: number;
}): number {
  return Math.max(0, timing.stop - timing.start - (timing.seceded ?? 0));
}

export type TaskReport =
  | (ReportTiming & { readonly ok: true; readonly value: unknown })
  | (ReportTiming & { readonly ok: false; readonly error: RemoteError });

export interface Executor {
  /** How many more tasks the executor would take right now (0 when it is saturated). */
  wantMore(): number;
  /** Runs tasks; `report` may be called several times, each with some of them done. */
  run(tasks: readonly RunnableTask[], report: (reports: readonly TaskReport[]) => void): void;
  /** The number of worker threads, for the run-start event. */
  workerCount(): number;
  /** Current worker samples for the event stream, if the executor tracks them. */
  workerSamples?(): readonly WorkerSample[];
  /**
   * Stops running tasks (the scheduler has already moved them on); late reports for them are
   * ignored. An executor that cannot interrupt work may let it finish.
   */
  cancel?(keys: readonly string[]): void;
  /** Results the scheduler no longer needs, for executors that keep them elsewhere (Redis). */
  release?(keys: readonly string[]): void;
  /**
   * Keeps broadcast values (`scatter(value, { broadcast: true })`) once in each worker: tasks
   * carry a marker in their place, and `shared` with the values for the executor to send to
   * workers that lack them.
   */
  readonly keepsShared?: boolean;
  /** Broadcast values nobody needs any more; workers may let them go. */
  dropShared?(keys: readonly string[]): void;
  /** The scheduler's way to hear that room appeared outside a report (secede, scale up). */
  setWakeup?(wake: () => void): void;
  /**
   * The scheduler's way to hear of tasks its tasks submitted that were scheduled elsewhere (in
   * a Redis worker process): events of a run of their own, for the run of the task `parent`.
   */
  onChildEvents?(listener: (parent: string, event: WeftEvent) => void): void;
}
