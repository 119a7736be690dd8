/**
 * One function per edge of the task state machine, looked up in one table. A transition changes
 * only its own task and asks for follow-up transitions of others through `core.enqueue`, so a
 * long chain of failures or releases never recurses.
 */
import type { TaskState } from "../protocol/events";
import type { RemoteError } from "./executor";
import type { ReadyQueue } from "./ready-queue";
import type { TaskOutcome, TaskRecord } from "./task-record";

export interface TransitionDetail {
  readonly value?: unknown;
  readonly blame?: string;
  readonly error?: RemoteError;
  readonly worker?: number;
  /** Task start and stop, ms since the epoch, for processing → memory | erred. */
  readonly start?: number;
  readonly stop?: number;
  /** ms of that span the task spent without its worker slot (seceded): not busy time. */
  readonly seceded?: number;
}

/** What transitions may touch in the scheduler. */
export interface TransitionCore {
  readonly ready: ReadyQueue;
  enqueue(task: TaskRecord, to: TaskState, detail?: TransitionDetail): void;
  /** Tells the holders watching `task` how it ended. */
  notify(task: TaskRecord, outcome: TaskOutcome): void;
  /** Drops the record; its key is no longer known. */
  forget(task: TaskRecord): void;
}

export type Transition = (core: TransitionCore, task: TaskRecord, detail: TransitionDetail) => void;

/** A finished result may be dropped when no dependent needs it and no holder wants it. */
export function releasable(task: TaskRecord): boolean {
  return task.waiters === 0 && task.holders === undefined;
}

/** A dependent finished (or gave up): its dependencies may no longer be needed. */
function dependentFinished(core: TransitionCore, task: TaskRecord): void {
  for (const dependency of task.dependencies) {
    dependency.waiters--;
    if (!releasable(dependency) || dependency.state === "released") continue;
    // A dependency still running that nothing needs any more is stopped, not left to finish.
    core.enqueue(dependency, isFinal(dependency.state) ? "released" : "cancelled");
  }
}

function isFinal(state: TaskState): boolean {
  return state === "memory" || state === "erred" || state === "cancelled";
}

function failDependents(core: TransitionCore, task: TaskRecord): void {
  for (const dependent of task.dependents) {
    if (dependent.state === "waiting" || dependent.state === "queued") {
      core.enqueue(dependent, "erred", { blame: task.blame, error: task.error });
    }
  }
}

function cancelDependents(core: TransitionCore, task: TaskRecord): void {
  for (const dependent of task.dependents) {
    if (
      dependent.state === "waiting" ||
      dependent.state === "queued" ||
      dependent.state === "processing"
    ) {
      core.enqueue(dependent, "cancelled");
    }
  }
}

export const transitionWaitingToQueued: Transition = (core, task) => {
  core.ready.push(task);
};

export const transitionQueuedToProcessing: Transition = (core, task) => {
  core.ready.remove(task);
};

/** A retry: the task failed (or its worker died) and runs again. */
export const transitionProcessingToQueued: Transition = (core, task) => {
  core.ready.push(task);
};

export const transitionProcessingToMemory: Transition = (core, task, detail) => {
  task.result = detail.value;
  for (const dependent of task.dependents) {
    if (dependent.state === "waiting" && --dependent.waitingOn === 0)
      core.enqueue(dependent, "queued");
  }
  dependentFinished(core, task);
  core.notify(task, { status: "memory", value: task.result });
  if (releasable(task)) core.enqueue(task, "released");
};

function toErred(core: TransitionCore, task: TaskRecord, detail: TransitionDetail): void {
  core.ready.remove(task);
  task.blame = detail.blame ?? task.key;
  task.error = detail.error;
  failDependents(core, task);
  dependentFinished(core, task);
  core.notify(task, {
    status: "erred",
    blame: task.blame,
    error: task.error ?? { name: "Error", message: "unknown error", stack: "" },
  });
  if (releasable(task)) core.enqueue(task, "released");
}

export const transitionProcessingToErred: Transition = toErred;
export const transitionWaitingToErred: Transition = toErred;
export const transitionQueuedToErred: Transition = toErred;

function toCancelled(core: TransitionCore, task: TaskRecord): void {
  core.ready.remove(task);
  cancelDependents(core, task);
  dependentFinished(core, task);
  core.notify(task, { status: "cancelled" });
  if (releasable(task)) core.enqueue(task, "released");
}

export const transitionWaitingToCancelled: Transition = toCancelled;
export const transitionQueuedToCancelled: Transition = toCancelled;
export const transitionProcessingToCancelled: Transition = toCancelled;

function toReleased(core: TransitionCore, task: TaskRecord): void {
  task.result = undefined;
  core.forget(task);
}

export const transitionMemoryToReleased: Transition = toReleased;
export const transitionErredToReleased: Transition = toReleased;
export const transitionCancelledToReleased: Transition = toReleased;

/** Every allowed edge. A change of state not listed here is a bug and throws. */
export const TRANSITIONS: ReadonlyMap<string, Transition> = new Map<string, Transition>([
  ["waiting>queued", transitionWaitingToQueued],
  ["queued>processing", transitionQueuedToProcessing],
  ["processing>queued", transitionProcessingToQueued],
  ["processing>memory", transitionProcessingToMemory],
  ["processing>erred", transitionProcessingToErred],
  ["waiting>erred", transitionWaitingToErred],
  ["queued>erred", transitionQueuedToErred],
  ["waiting>cancelled", transitionWaitingToCancelled],
  ["queued>cancelled", transitionQueuedToCancelled],
  ["processing>cancelled", transitionProcessingToCancelled],
  ["memory>released", transitionMemoryToReleased],
  ["erred>released", transitionErredToReleased],
  ["cancelled>released", transitionCancelledToReleased],
]);

/** TRANSITIONS as from → to → function, looked up without building a string per transition. */
export const TRANSITION_TABLE: Readonly<Record<string, Readonly<Record<string, Transition>>>> =
  (() => {
    const table: Record<string, Record<string, Transition>> = {};
    for (const [edge, transition] of TRANSITIONS) {
      const [from, to] = edge.split(">") as [string, string];
      (table[from] ??= {})[to] = transition;
    }
    return table;
  })();
