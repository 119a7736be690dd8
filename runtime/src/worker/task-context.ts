/**
 * Which task is running in this worker thread right now, for `secede`, `rejoin` and
 * `getClient` called from inside a task. The worker entry and the library a task imports are
 * separate bundles, so the store lives on globalThis under a registered symbol.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface TaskContext {
  /** The message (batch) the task came in, as the local cluster numbered it. */
  readonly batch: number;
  /** The task's position in its batch. */
  readonly index: number;
}

const CONTEXT = Symbol.for("weft.taskContext");

export function taskContextStorage(): AsyncLocalStorage<TaskContext> {
  const holder = globalThis as { [CONTEXT]?: AsyncLocalStorage<TaskContext> };
  return (holder[CONTEXT] ??= new AsyncLocalStorage<TaskContext>());
}

const SECEDED = Symbol.for("weft.secededTasks");

function secededTasks(): Set<string> {
  const holder = globalThis as { [SECEDED]?: Set<string> };
  return (holder[SECEDED] ??= new Set());
}

/** Records that a task gave its worker slot back (secede) or took one again (rejoin). */
export function markSeceded(task: TaskContext, seceded: boolean): void {
  const id = `${task.batch}:${task.index}`;
  if (seceded) secededTasks().add(id);
  else secededTasks().delete(id);
}

export function isSeceded(batch: number, index: number): boolean {
  const holder = globalThis as { [SECEDED]?: Set<string> };
  return holder[SECEDED]?.has(`${batch}:${index}`) === true;
}

/** The running task, or undefined outside a task (or outside a Weft worker thread). */
export function currentTask(): TaskContext | undefined {
  const holder = globalThis as { [CONTEXT]?: AsyncLocalStorage<TaskContext> };
  return holder[CONTEXT]?.getStore();
}

const ENDINGS = Symbol.for("weft.taskEndings");

function endings(): Map<string, (() => void)[]> | undefined {
  return (globalThis as { [ENDINGS]?: Map<string, (() => void)[]> })[ENDINGS];
}

/** Calls `fn` once the task has ended (its value or error is settled). */
export function onTaskEnd(task: TaskContext, fn: () => void): void {
  const holder = globalThis as { [ENDINGS]?: Map<string, (() => void)[]> };
  const map = (holder[ENDINGS] ??= new Map());
  const id = `${task.batch}:${task.index}`;
  const list = map.get(id);
  if (list === undefined) map.set(id, [fn]);
  else list.push(fn);
}

/** The worker entry's call when task `index` of message `batch` has ended. */
export function endTask(batch: number, index: number): void {
  const map = endings();
  if (map === undefined || map.size === 0) return;
  const id = `${batch}:${index}`;
  const list = map.get(id);
  if (list === undefined) return;
  map.delete(id);
  for (const fn of list) fn();
}
