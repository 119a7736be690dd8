/**
 * The event stream: runtime → extension → webview, and → CLI (`--events out.jsonl`).
 *
 * One versioned, typed module imported by every side. The scheduler batches its events (about
 * ten per second) and always sends per-group counts, so the cost of watching a run depends on
 * the number of groups, not the number of tasks. Per-task details (`added`, `transitions`) are
 * capped per batch; a consumer that needs exact totals reads `groups`.
 *
 * Changes must be additive within a version; anything else bumps EVENT_PROTOCOL_VERSION.
 */

export const EVENT_PROTOCOL_VERSION = 1 as const;

/** Every state a task can be in, in the order a task normally passes through them. */
export const TASK_STATES = [
  "waiting",
  "queued",
  "processing",
  "memory",
  "erred",
  "cancelled",
  "released",
] as const;
export type TaskState = (typeof TASK_STATES)[number];

export interface SourceLocation {
  /** Absolute file path, or a file: URL. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/** A node added to the graph. The group is the key's prefix, before its last dash. */
export interface TaskAdded {
  readonly key: string;
  readonly group: string;
  readonly dependencies: readonly string[];
  readonly location?: SourceLocation;
}

/** One task's change of state; `time` is ms since the run started. */
export interface TaskTransition {
  readonly key: string;
  readonly from: TaskState;
  readonly to: TaskState;
  readonly time: number;
  /** The worker thread the task ran on, for processing → memory | erred. */
  readonly worker?: number;
  /** When the task started running (ms since run start), for the task stream. */
  readonly startTime?: number;
}

/** How many tasks of one group are in each state right now. */
export type StateCounts = Readonly<Record<TaskState, number>>;

export interface GroupSummary {
  readonly group: string;
  readonly counts: StateCounts;
  /** Total ms of task time spent in this group so far. */
  readonly busyMs: number;
  /** Groups this group's tasks depend on. */
  readonly dependsOn: readonly string[];
  /**
   * Where the group's first task was created, so the group graph can open it even when every
   * `added` detail of the group was capped away.
   */
  readonly location?: SourceLocation;
}

export interface WorkerSample {
  readonly id: number;
  readonly state: "starting" | "idle" | "busy" | "stopped" | "dead";
  readonly running: readonly string[];
  /** Fraction of the last sample interval spent running tasks, 0..1. */
  readonly utilization: number;
  /** Heap in use by the worker thread, in bytes, when known. */
  readonly memory?: number;
}

export interface TaskFailure {
  readonly key: string;
  readonly group: string;
  readonly name: string;
  readonly message: string;
  readonly stack: string;
  readonly location?: SourceLocation;
}

export interface RunStartEvent {
  readonly type: "run-start";
  readonly v: typeof EVENT_PROTOCOL_VERSION;
  readonly runId: string;
  /** Wall-clock start, ms since the epoch. */
  readonly startedAt: number;
  readonly program?: string;
  readonly workers: number;
}

export interface BatchEvent {
  readonly type: "batch";
  readonly v: typeof EVENT_PROTOCOL_VERSION;
  readonly runId: string;
  /** ms since the run started. */
  readonly time: number;
  readonly added: readonly TaskAdded[];
  readonly transitions: readonly TaskTransition[];
  /** Per-task details left out of this batch because of the cap (counts stay exact). */
  readonly dropped: number;
  readonly groups: readonly GroupSummary[];
  readonly workers: readonly WorkerSample[];
  readonly failures: readonly TaskFailure[];
}

export interface RunSummary {
  readonly tasks: number;
  readonly erred: number;
  readonly cancelled: number;
  readonly wallMs: number;
  /** Busy ms per worker id. */
  readonly busyMsByWorker: Readonly<Record<string, number>>;
  readonly slowest?: { readonly key: string; readonly ms: number };
}

export interface RunEndEvent {
  readonly type: "run-end";
  readonly v: typeof EVENT_PROTOCOL_VERSION;
  readonly runId: string;
  readonly time: number;
  readonly status: "done" | "erred" | "cancelled";
  readonly summary: RunSummary;
}

export type WeftEvent = RunStartEvent | BatchEvent | RunEndEvent;

export function emptyCounts(): Record<TaskState, number> {
  return {
    waiting: 0,
    queued: 0,
    processing: 0,
    memory: 0,
    erred: 0,
    cancelled: 0,
    released: 0,
  };
}

/** The group of a key, as in Dask: the prefix before the last `-`. */
export function groupOfKey(key: string): string {
  const dash = key.lastIndexOf("-");
  return dash > 0 ? key.slice(0, dash) : key;
}

/** Parses one line of an events file, rejecting other versions with a message that says why. */
export function parseEventLine(line: string): WeftEvent {
  const value: unknown = JSON.parse(line);
  if (typeof value !== "object" || value === null || !("type" in value) || !("v" in value)) {
    throw new Error("not a Weft event: expected an object with `type` and `v`");
  }
  if (value.v !== EVENT_PROTOCOL_VERSION) {
    throw new Error(
      `events written by protocol version ${String(value.v)}; this Weft reads version ${EVENT_PROTOCOL_VERSION}`,
    );
  }
  return value as WeftEvent;
}
