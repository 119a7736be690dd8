import type { TaskSpec } from "../graph/task-spec";
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
  readonly dependencies: TaskRecord[];
  readonly dependents: TaskRecord[];
  /** Dependencies not yet in memory. */
  waitingOn: number;
  /** Dependents that still need this result (not yet finished). */
  waiters: number;
  /** Holders (computes, persisted Delayeds, futures) that want this key's result. */
  readonly holders: Set<string>;
  watchers: OutcomeWatcher[] | undefined;
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
}
