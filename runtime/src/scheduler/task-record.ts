import type { TaskSpec } from "../graph/task-spec";
import type { EventRecorder } from "./event-recorder";
import type { TaskState } from "../protocol/events";
import type { RemoteError } from "./executor";

/** What a holder learns about a key it wants. */
export type TaskOutcome =
  | { readonly status: "memory"; readonly value: unknown }
  | { readonly status: "erred"; readonly blame: string; readonly error: RemoteError }
  | { readonly status: "cancelled" };

export type OutcomeWatcher = (key: string, outcome: TaskOutcome) => void;

/** The scheduler's record of one task; one state at a time, changed only by transitions. */
export interface TaskRecord {
  readonly key: string;
  readonly group: string;
  state: TaskState;
  readonly spec: TaskSpec;
  /** Shared empty list (NO_TASKS) until the first entry, to keep leaf tasks small. */
  dependencies: TaskRecord[];
  dependents: TaskRecord[];
  /** Dependencies not yet in memory. */
  waitingOn: number;
  /** Dependents that still need this result (not yet finished). */
  waiters: number;
  /** Holders (computes, persisted Delayeds, futures) that want this key's result. */
  /** Holders of this key: none, one (the common case, kept without a Set), or several. */
  holders: string | Set<string> | undefined;
  watchers: OutcomeWatcher | OutcomeWatcher[] | undefined;
  result: unknown;
  /** The key whose exception this task failed with (itself, or a dependency). */
  blame: string | undefined;
  error: RemoteError | undefined;
  /** Higher runs first. */
  priority: number;
  /** Graph order; lower runs first among equal priorities. */
  rank: number;
  /** Position in the ready heap, or -1. */
  heapIndex: number;
  /** Retries left after failures. */
  retriesLeft: number;
  /** The run whose event stream reports this task. */
  readonly recorder: EventRecorder;
}

/** The empty dependency list shared by tasks that have none; replaced, never mutated. */
export const NO_TASKS: TaskRecord[] = [];

export function addHolder(task: TaskRecord, holder: string): void {
  const current = task.holders;
  if (current === undefined || current === holder) task.holders = holder;
  else if (typeof current === "string") task.holders = new Set([current, holder]);
  else current.add(holder);
}

/** Removes a holder; false if it did not hold the key. */
export function removeHolder(task: TaskRecord, holder: string): boolean {
  const current = task.holders;
  if (current === holder) {
    task.holders = undefined;
    return true;
  }
  if (typeof current !== "object") return false;
  const removed = current.delete(holder);
  if (current.size === 0) task.holders = undefined;
  return removed;
}
