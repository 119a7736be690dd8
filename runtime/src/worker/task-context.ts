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

/**
 * A process-wide store under a registered symbol: the worker entry and the library a task imports
 * are separate bundles, and both must see the same one.
 */
function shared<T>(key: symbol, make: () => T): T {
  const holder = globalThis as unknown as Record<symbol, T | undefined>;
  return (holder[key] ??= make());
}

const CONTEXT = Symbol.for("weft.taskContext");
const SECEDED = Symbol.for("weft.secededTasks");
const SECEDED_MS = Symbol.for("weft.secededMs");
const ENDINGS = Symbol.for("weft.taskEndings");

export function taskContextStorage(): AsyncLocalStorage<TaskContext> {
  return shared(CONTEXT, () => new AsyncLocalStorage<TaskContext>());
}

/** Tasks without a worker slot now (seceded), and since when (performance.now()). */
const secededSince = (): Map<string, number> => shared(SECEDED, () => new Map<string, number>());
/** ms each task has spent seceded so far, for the ones that took a slot again. */
const secededMs = (): Map<string, number> => shared(SECEDED_MS, () => new Map<string, number>());
const endings = (): Map<string, (() => void)[]> =>
  shared(ENDINGS, () => new Map<string, (() => void)[]>());

/** Records that a task gave its worker slot back (secede) or took one again (rejoin). */
export function markSeceded(task: TaskContext, isNow: boolean): void {
  const id = `${task.batch}:${task.index}`;
  const since = secededSince();
  if (isNow) {
    if (!since.has(id)) since.set(id, performance.now());
    return;
  }
  const from = since.get(id);
  if (from === undefined) return;
  since.delete(id);
  const idle = secededMs();
  idle.set(id, (idle.get(id) ?? 0) + performance.now() - from);
}

export function isSeceded(batch: number, index: number): boolean {
  return secededSince().has(`${batch}:${index}`);
}

/**
 * The ms a finished task spent without a worker slot (seceded), counting a secede it never
 * took back up to now; the record is cleared. Its busy time is its run time minus this.
 */
export function takeSecededMs(batch: number, index: number): number {
  const since = secededSince();
  const idle = secededMs();
  // Most tasks never secede: no key to build then.
  if (since.size === 0 && idle.size === 0) return 0;
  const id = `${batch}:${index}`;
  const open = since.get(id);
  const closed = idle.get(id);
  idle.delete(id);
  return (closed ?? 0) + (open === undefined ? 0 : performance.now() - open);
}

/** The running task, or undefined outside a task (or outside a Weft worker thread). */
export function currentTask(): TaskContext | undefined {
  return taskContextStorage().getStore();
}

/** Calls `fn` once the task has ended (its value or error is settled). */
export function onTaskEnd(task: TaskContext, fn: () => void): void {
  const map = endings();
  const id = `${task.batch}:${task.index}`;
  const list = map.get(id);
  if (list === undefined) map.set(id, [fn]);
  else list.push(fn);
}

/** The worker entry's call when task `index` of message `batch` has ended. */
export function endTask(batch: number, index: number): void {
  const map = endings();
  if (map.size === 0) return;
  const id = `${batch}:${index}`;
  const list = map.get(id);
  if (list === undefined) return;
  map.delete(id);
  for (const fn of list) fn();
}
