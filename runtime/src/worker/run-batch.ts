/**
 * Runs one batch in a worker thread: resolves each function once, runs the tasks in order
 * (awaiting only those that return a promise), and reports each one's value or error with its
 * start and stop times.
 */
import { threadId } from "node:worker_threads";
import type { RemoteError, TaskReport } from "../scheduler/executor";
import { findNotCloneable } from "../shipping/cloneable";
import type { WorkerFnRef } from "../shipping/fn-ref";
import type { WorkerBatch, WorkerBatchResult } from "./batch-protocol";
import { loadFunction, type TaskFunction } from "./function-cache";
import { toRemoteError } from "./remote-error";

const epoch = performance.timeOrigin;

function notCloneableResult(key: string, what: string, path: string): RemoteError {
  const message =
    `task ${key} returned ${path === "" ? "" : `a value whose ${path.replace(/^\./, "")} is `}${what}, ` +
    `which cannot be copied back from a worker thread. Return plain data instead.`;
  return { name: "WeftError", message, stack: `WeftError: ${message}`, code: "E_NOT_CLONEABLE" };
}

export async function runBatch(batch: WorkerBatch): Promise<WorkerBatchResult> {
  const fns: (TaskFunction | RemoteError)[] = await Promise.all(
    batch.fns.map((ref: WorkerFnRef) =>
      loadFunction(ref).catch((error: unknown) => toRemoteError(error, ref)),
    ),
  );
  const reports: TaskReport[] = [];
  for (const task of batch.tasks) {
    const fn = fns[task.fn] as TaskFunction | RemoteError;
    const ref = batch.fns[task.fn];
    const start = epoch + performance.now();
    if (typeof fn !== "function") {
      reports.push({ key: task.key, ok: false, error: fn, worker: threadId, start, stop: start });
      continue;
    }
    try {
      let value = fn(...task.args);
      if (
        typeof value === "object" &&
        value !== null &&
        typeof (value as Promise<unknown>).then === "function"
      ) {
        value = await value;
      }
      const stop = epoch + performance.now();
      const problem =
        typeof value === "object" || typeof value === "function" || typeof value === "symbol"
          ? findNotCloneable(value)
          : undefined;
      if (problem !== undefined) {
        reports.push({
          key: task.key,
          ok: false,
          error: notCloneableResult(task.key, problem.what, problem.path),
          worker: threadId,
          start,
          stop,
        });
      } else {
        reports.push({ key: task.key, ok: true, value, worker: threadId, start, stop });
      }
    } catch (error) {
      reports.push({
        key: task.key,
        ok: false,
        error: toRemoteError(error, ref),
        worker: threadId,
        start,
        stop: epoch + performance.now(),
      });
    }
  }
  return { reports };
}
