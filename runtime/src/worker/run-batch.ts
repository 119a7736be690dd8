/**
 * Runs one batch in a worker thread: resolves each function once, runs the tasks in order
 * (awaiting only those that return a promise), and reports each one's value or error with its
 * start and stop times.
 */
import { threadId } from "node:worker_threads";
import type { RemoteError } from "../scheduler/executor";
import { findNotCloneable } from "../shipping/cloneable";
import type { WorkerFnRef } from "../shipping/fn-ref";
import type { WorkerBatch, WorkerBatchResult } from "./batch-protocol";
import { loadFunction, type TaskFunction } from "./function-cache";
import { toRemoteError } from "./remote-error";
import { taskContextStorage } from "./task-context";

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

export async function runBatch(batch: WorkerBatch): Promise<WorkerBatchResult> {
  const fns: (TaskFunction | RemoteError)[] = await Promise.all(
    batch.fns.map((ref: WorkerFnRef) =>
      loadFunction(ref).catch((error: unknown) => toRemoteError(error, ref)),
    ),
  );
  const count = batch.args.length;
  const values: unknown[] = new Array(count);
  const times = new Float64Array(count * 2);
  let errors: (RemoteError | undefined)[] | null = null;
  const fail = (i: number, error: RemoteError): void => {
    errors ??= new Array<RemoteError | undefined>(count);
    errors[i] = error;
  };
  for (let i = 0; i < count; i++) {
    const index = batch.fnIndex[i] as number;
    const fn = fns[index] as TaskFunction | RemoteError;
    times[2 * i] = epoch + performance.now();
    if (typeof fn !== "function") {
      fail(i, fn);
      times[2 * i + 1] = times[2 * i] as number;
      continue;
    }
    try {
      const args = batch.args[i] as unknown[];
      let value =
        batch.id === undefined
          ? fn(...args)
          : context.run({ batch: batch.id, index: i }, fn, ...args);
      if (isThenable(value)) value = await value;
      const problem =
        typeof value === "object" || typeof value === "function" || typeof value === "symbol"
          ? findNotCloneable(value)
          : undefined;
      if (problem === undefined) values[i] = value;
      else fail(i, notCloneableResult(problem.what, problem.path));
    } catch (error) {
      fail(i, toRemoteError(error, batch.fns[index]));
    }
    times[2 * i + 1] = epoch + performance.now();
  }
  return { worker: threadId, values, errors, times };
}
