/**
 * Runs one batch in a worker thread: resolves each function once, runs the tasks in order
 * (awaiting only those that return a promise), and reports each one's value or error with its
 * start and stop times.
 */
import { getHeapStatistics } from "node:v8";
import { threadId } from "node:worker_threads";
import type { RemoteError } from "../scheduler/executor";
import { findNotCloneable } from "../shipping/cloneable";
import type { WorkerFnRef } from "../shipping/fn-ref";
import { fillShared } from "../shipping/shared-values";
import type { WorkerBatch, WorkerBatchResult } from "./batch-protocol";
import { cachedFunction, loadFunction, type TaskFunction } from "./function-cache";
import { toRemoteError } from "./remote-error";
import { endTask, isSeceded, markSeceded, takeSecededMs, taskContextStorage } from "./task-context";

const epoch = performance.timeOrigin;
const context = taskContextStorage();

function notCloneableResult(what: string, path: string): RemoteError {
  const where = path === "" ? "" : `a value whose ${path.replace(/^\./, "")} is `;
  const message =
    `the task returned ${where}${what}, which cannot be copied back from a worker thread. ` +
    `Return plain data instead.`;
  return { name: "WeftError", message, stack: `WeftError: ${message}`, code: "E_NOT_CLONEABLE" };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === "function"
  );
}

/** The batch's functions: at once when all are cached, else after loading the missing ones. */
function functionsOf(
  batch: WorkerBatch,
): (TaskFunction | RemoteError)[] | Promise<(TaskFunction | RemoteError)[]> {
  const cached: (TaskFunction | RemoteError)[] = [];
  for (const ref of batch.fns) {
    let fn: TaskFunction | RemoteError | undefined;
    try {
      fn = cachedFunction(ref);
    } catch (error) {
      fn = toRemoteError(error, ref);
    }
    if (fn === undefined) {
      return Promise.all(
        batch.fns.map((r: WorkerFnRef) =>
          loadFunction(r).catch((error: unknown) => toRemoteError(error, r)),
        ),
      );
    }
    cached.push(fn);
  }
  return cached;
}

const HEAP_EVERY_MS = 250;
let heapAt = -Infinity;

/** The heap in use, when a quarter second has passed since the last time it was reported. */
function heapNow(): number | undefined {
  const now = performance.now();
  if (now - heapAt < HEAP_EVERY_MS) return undefined;
  heapAt = now;
  return getHeapStatistics().used_heap_size;
}

/** Broadcast values this worker keeps, by key, for the tasks that refer to them. */
const sharedValues = new Map<string, unknown>();

function lookupShared(key: string): unknown {
  if (!sharedValues.has(key)) {
    throw new Error(`broadcast value ${key} is not on this worker; scatter it again.`);
  }
  return sharedValues.get(key);
}

/**
 * Takes in the batch's broadcast values, lets go of dropped ones, and puts them in place in the
 * arguments that refer to them; gives back the tasks whose value is missing. Runs before
 * anything awaits, so messages that follow on this worker find what this one brought.
 */
function keepShared(batch: WorkerBatch): Map<number, RemoteError> | undefined {
  for (const key of batch.drop ?? []) sharedValues.delete(key);
  for (const [key, value] of batch.shared ?? []) sharedValues.set(key, value);
  let missing: Map<number, RemoteError> | undefined;
  for (const i of batch.sharing ?? []) {
    try {
      fillShared(batch.args[i], lookupShared);
    } catch (error) {
      (missing ??= new Map()).set(i, toRemoteError(error, undefined));
    }
  }
  return missing;
}

export async function runBatch(batch: WorkerBatch): Promise<WorkerBatchResult> {
  const missing = keepShared(batch);
  const found = functionsOf(batch);
  const fns = Array.isArray(found) ? found : await found;
  const count = batch.args.length;
  const values: unknown[] = new Array(count);
  // A small batch's times travel as a plain array: cheaper to copy than a typed one.
  const times: number[] | Float64Array =
    count <= 8 ? new Array<number>(count * 2).fill(0) : new Float64Array(count * 2);
  let errors: (RemoteError | undefined)[] | null = null;
  const fail = (i: number, error: RemoteError): void => {
    errors ??= new Array<RemoteError | undefined>(count);
    errors[i] = error;
  };
  let seceded: Promise<void>[] | undefined;
  let secededMs: number[] | undefined;
  const ended = (i: number): void => {
    times[2 * i + 1] = epoch + performance.now();
    if (batch.id === undefined) return;
    endTask(batch.id, i);
    const away = takeSecededMs(batch.id, i);
    if (away > 0) (secededMs ??= new Array<number>(count).fill(0))[i] = away;
  };
  for (let i = 0; i < count; i++) {
    const index = batch.fnIndex === undefined ? 0 : (batch.fnIndex[i] as number);
    const fn = missing?.get(i) ?? (fns[index] as TaskFunction | RemoteError);
    times[2 * i] = epoch + performance.now();
    if (typeof fn !== "function") {
      fail(i, fn);
      times[2 * i + 1] = times[2 * i] as number;
      continue;
    }
    const settle = (value: unknown): void => {
      const problem =
        typeof value === "object" || typeof value === "function" || typeof value === "symbol"
          ? findNotCloneable(value)
          : undefined;
      if (problem === undefined) values[i] = value;
      else fail(i, notCloneableResult(problem.what, problem.path));
      ended(i);
    };
    const failed = (error: unknown): void => {
      fail(i, toRemoteError(error, batch.fns[index]));
      ended(i);
    };
    try {
      const args = batch.args[i] as unknown[];
      const value =
        batch.id === undefined
          ? fn(...args)
          : context.run({ batch: batch.id, index: i }, fn, ...args);
      if (!isThenable(value)) settle(value);
      else if (batch.id !== undefined && isSeceded(batch.id, i)) {
        // It gave its slot back to wait for other tasks: the rest of the batch goes on meanwhile.
        const task = { batch: batch.id, index: i };
        (seceded ??= []).push(
          Promise.resolve(value)
            .then(settle, failed)
            .finally(() => markSeceded(task, false)),
        );
      } else {
        settle(await value);
      }
    } catch (error) {
      failed(error);
    }
  }
  if (seceded !== undefined) await Promise.all(seceded);
  const heap = heapNow();
  return {
    worker: threadId,
    values,
    errors,
    times,
    ...(secededMs === undefined ? {} : { seceded: secededMs }),
    ...(heap === undefined ? {} : { heap }),
  };
}
