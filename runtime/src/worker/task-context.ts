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
const IDLE = Symbol.for("weft.secededMs");

interface SecededState {
  /** Tasks without a slot now, and since when (performance.now()). */
  readonly since: Map<string, number>;
  /** ms each task has spent without a slot so far, for the ones that took one again. */
  readonly idle: Map<string, number>;
}

function seceded(): SecededState {
  const holder = globalThis as { [SECEDED]?: Map<string, number>; [IDLE]?: Map<string, number> };
  return { since: (holder[SECEDED] ??= new Map()), idle: (holder[IDLE] ??= new Map()) };
}

/** Records that a task gave its worker slot back (secede) or took one again (rejoin). */
export function markSeceded(task: TaskContext, isNow: boolean): void {
  const id = `${task.batch}:${task.index}`;
  const { since, idle } = seceded();
  if (isNow) {
    if (!since.has(id)) since.set(id, performance.now());
    return;
  }
  const from = since.get(id);
  if (from === undefined) return;
  since.delete(id);
  idle.set(id, (idle.get(id) ?? 0) + performance.now() - from);
}

export function isSeceded(batch: number, index: number): boolean {
  const holder = globalThis as { [SECEDED]?: Map<string, number> };
  return holder[SECEDED]?.has(`${batch}:${index}`) === true;
}

/**
 * The ms a finished task spent without a worker slot (seceded), counting a secede it never
 * took back up to now; the record is cleared. Its busy time is its run time minus this.
 */
export function takeSecededMs(batch: number, index: number): number {
  const holder = globalThis as { [IDLE]?: Map<string, number>; [SECEDED]?: Map<string, number> };
  // Most tasks never secede: no key to build then.
  if (!holder[IDLE]?.size && !holder[SECEDED]?.size) return 0;
  const id = `${batch}:${index}`;
  const open = holder[SECEDED]?.get(id);
  const closed = holder[IDLE]?.get(id);
  if (closed === undefined && open === undefined) return 0;
  holder[IDLE]?.delete(id);
  return (closed ?? 0) + (open === undefined ? 0 : performance.now() - open);
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
