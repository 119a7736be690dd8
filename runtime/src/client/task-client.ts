/**
 * Tasks from tasks. Inside a task, `getClient()` is a client of the scheduler that runs the
 * task; `secede()` gives the task's worker slot back while it waits for its children and
 * `rejoin()` takes one again, so a task waiting on tasks never holds a slot they need (a
 * recursive program deeper than the number of workers does not deadlock). Outside a task
 * `getClient()` is the program's client and secede/rejoin do nothing.
 */
import { parentPort } from "node:worker_threads";
import { currentTask, markSeceded } from "../worker/task-context";
import type { WorkerNotice } from "../worker/worker-messages";
import { Client, currentClient } from "./client";
import { inWeftWorker } from "./connect";

let workerClient: Client | undefined;

export function getClient(): Client {
  if (inWeftWorker()) {
    if (workerClient === undefined || workerClient.closed) workerClient = new Client();
    return workerClient;
  }
  return currentClient() ?? new Client();
}

function notify(kind: "secede" | "rejoin"): void {
  const task = currentTask();
  if (task === undefined || !inWeftWorker()) return;
  markSeceded(task, kind === "secede");
  const notice: WorkerNotice = { weft: kind, batch: task.batch };
  parentPort?.postMessage(notice);
}

/** Gives this task's worker slot back while it waits (on futures it submitted, a lock, ...). */
export function secede(): void {
  notify("secede");
}

/** Takes a worker slot again after `secede()`. */
export function rejoin(): void {
  notify("rejoin");
}
