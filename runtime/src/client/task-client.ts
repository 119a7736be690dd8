/**
 * Tasks from tasks. Inside a task, `getClient()` is a client of the scheduler that runs the
 * task; `secede()` gives the task's worker slot back while it waits for its children and
 * `rejoin()` waits for a free slot and takes it, so a task waiting on tasks never holds a slot
 * they need (a recursive program deeper than the number of workers does not deadlock) and a
 * task that rejoins never runs beside the work that took its slot. Outside a task
 * `getClient()` is the program's client and secede/rejoin do nothing.
 */
import { MessageChannel, parentPort } from "node:worker_threads";
import { currentTask, isSeceded, markSeceded } from "../worker/task-context";
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

/** Gives this task's worker slot back while it waits (on futures it submitted, a lock, ...). */
export function secede(): void {
  const task = currentTask();
  if (task === undefined || !inWeftWorker() || parentPort === null) return;
  if (isSeceded(task.batch, task.index)) return;
  markSeceded(task, true);
  const notice: WorkerNotice = { weft: "secede", batch: task.batch };
  parentPort.postMessage(notice);
}

/**
 * Takes a worker slot again after `secede()`: resolves once the worker has one free, so the
 * task does not run beside the work that took its place. Outside a task, or in a task that
 * did not secede, it resolves at once.
 */
export function rejoin(): Promise<void> {
  const task = currentTask();
  if (task === undefined || !inWeftWorker() || parentPort === null) return Promise.resolve();
  if (!isSeceded(task.batch, task.index)) return Promise.resolve();
  const { port1, port2 } = new MessageChannel();
  const notice: WorkerNotice = { weft: "rejoin", batch: task.batch, reply: port2 };
  return new Promise((resolve) => {
    port1.once("message", () => {
      port1.close();
      markSeceded(task, false);
      resolve();
    });
    parentPort?.postMessage(notice, [port2]);
  });
}
