import type { MessagePort } from "node:worker_threads";

/**
 * What a worker thread tells the local cluster outside a batch's result, through the pool's
 * message channel: a task gave its slot back, or asks for one again (the cluster answers on
 * `reply` once a slot is free), or a task asked for a client (the port carries that client's
 * connection to the scheduler).
 */
export type WorkerNotice =
  | { readonly weft: "ready" }
  | { readonly weft: "secede"; readonly batch: number }
  | { readonly weft: "rejoin"; readonly batch: number; readonly reply: MessagePort }
  | { readonly weft: "client-port"; readonly port: MessagePort };

export function isWorkerNotice(value: unknown): value is WorkerNotice {
  return typeof value === "object" && value !== null && "weft" in value;
}

/** The cluster's answer on a rejoin's reply port: the task has its slot again. */
export const REJOIN_GRANTED = "granted";

/** Answers a waiting rejoin and lets its port go. */
export function grantRejoin(reply: MessagePort): void {
  reply.postMessage(REJOIN_GRANTED);
  reply.close();
}
