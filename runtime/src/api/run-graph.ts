/**
 * Runs tasks on the default scheduler and waits for the wanted keys, as one holder that lets go
 * of its keys once it has their results. A failed key rejects with the task's remote error.
 */
import { ErrorCode, TaskError, WeftError } from "../errors";
import { uniqueToken } from "../graph/key";
import type { TaskSpec } from "../graph/task-spec";
import type { RemoteError } from "../scheduler/executor";
import type { GraphScheduler } from "./graph-scheduler";
import type { TaskOutcome } from "../scheduler/task-record";

/** The error a program sees for a failed key: a TaskError, or Weft's own code when it set one. */
export function errorForOutcome(blame: string, error: RemoteError): Error {
  if (error.code !== undefined && error.code !== ErrorCode.TaskFailed) {
    const weftError = new WeftError(error.code as ErrorCode, `task ${blame}: ${error.message}`);
    Object.assign(weftError, { key: blame });
    weftError.stack = `${weftError.name}: ${weftError.message}\n--- remote stack (task ${blame}) ---\n${error.stack}`;
    return weftError;
  }
  return new TaskError(blame, error);
}

export function runGraph(
  scheduler: GraphScheduler,
  tasks: ReadonlyMap<string, TaskSpec>,
  wanted: readonly string[],
): Promise<Map<string, unknown>> {
  const holder = `compute-${uniqueToken()}`;
  const keys = [...new Set(wanted)];
  return new Promise((resolve, reject) => {
    const results = new Map<string, unknown>();
    let settled = false;
    const finish = (outcome: () => void): void => {
      settled = true;
      scheduler.release(holder, keys);
      outcome();
    };
    const watch = (key: string, outcome: TaskOutcome): void => {
      if (settled) return;
      switch (outcome.status) {
        case "memory":
          results.set(key, outcome.value);
          if (results.size === keys.length) finish(() => resolve(results));
          return;
        case "erred":
          finish(() => reject(errorForOutcome(outcome.blame, outcome.error)));
          return;
        case "cancelled":
          finish(() => reject(new WeftError(ErrorCode.Cancelled, `task ${key} was cancelled.`)));
          return;
      }
    };
    if (keys.length === 0) {
      resolve(results);
      return;
    }
    scheduler.updateGraph({ tasks, wanted: keys, holder }, watch);
  });
}
