/**
 * One worker thread of the local cluster, as a single-thread piscina pool. One pool per worker
 * lets the cluster know where each message runs, so it can stop one task by replacing its
 * worker, take a seceded task's slot back, and grow or shrink while work runs.
 */
import type { MessagePort } from "node:worker_threads";
import { Piscina } from "piscina";
import type { RunnableTask, TaskReport } from "../scheduler/executor";
import type { WorkerSetup } from "../worker/batch-protocol";
import { isWorkerNotice, type WorkerNotice } from "../worker/worker-messages";

/** A message to a worker: some tasks, and what became of it. */
export interface InFlight {
  readonly id: number;
  readonly tasks: readonly RunnableTask[];
  readonly report: (reports: readonly TaskReport[]) => void;
  readonly slot: WorkerSlot;
  /** Posted when the slot's worker was in this generation; a death ends a generation. */
  readonly generation: number;
  /** Runs alone on its worker, so a death can be blamed on it. */
  readonly alone: boolean;
  seceded: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Why the cluster stopped it, if it did. */
  stop: "cancel" | "timeout" | undefined;
  /** Killed because another message on its worker was stopped: run again, blame nobody. */
  collateral: boolean;
  /** Keys the scheduler cancelled; their reports are dropped. */
  cancelled: Set<string> | undefined;
  /** How many messages were on the worker when it died. */
  coLocated: number;
}

export interface SlotOptions {
  readonly filename: string;
  readonly setup: WorkerSetup;
  readonly execArgv: string[];
  readonly idleTimeout: number;
  readonly maxOldGenerationSizeMb: number | undefined;
  readonly onNotice: (slot: WorkerSlot, notice: WorkerNotice) => void;
  /** The slot's worker is gone (piscina starts another); work may go to the slot again. */
  readonly onWorkerGone: (slot: WorkerSlot) => void;
}

export class WorkerSlot {
  readonly pool: Piscina;
  readonly messages = new Set<InFlight>();
  /** Messages that count against the slot (seceded ones do not). */
  active = 0;
  /** A message that must run alone is on it. */
  exclusive = false;
  /** Taking no new work; destroyed when its messages are done. */
  retiring = false;
  /** Its worker has loaded the entry (again, after a replacement). */
  ready = false;
  /**
   * Seceded tasks waiting to take a slot here again (rejoin), answered on `reply` once nothing
   * else counts against the worker. While any wait, the worker takes no new messages.
   */
  rejoins: { readonly message: InFlight; readonly reply: MessagePort }[] = [];
  /** Its worker's heap in use, in bytes, as last reported. */
  heap: number | undefined;
  /** Broadcast values its current worker keeps (sent with an earlier message). */
  shared = new Set<string>();
  /** Its worker is being ended (a task stopped): nothing new goes to it until it is gone. */
  restarting = false;
  generation = 0;

  constructor(options: SlotOptions) {
    this.pool = new Piscina({
      filename: options.filename,
      minThreads: 1,
      maxThreads: 1,
      // Seceded tasks wait inside the worker while others run beside them.
      concurrentTasksPerWorker: 256,
      idleTimeout: options.idleTimeout,
      workerData: { weft: options.setup },
      execArgv: options.execArgv,
      // The cluster decides what runs where; piscina's balancer would keep abortable tasks apart.
      loadBalancer: (_task, workers) =>
        workers.find((worker) => !worker.terminating && !worker.destroyed) ?? null,
      ...(options.maxOldGenerationSizeMb === undefined
        ? {}
        : { resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb } }),
    });
    this.pool.on("message", (message: unknown) => {
      if (isWorkerNotice(message)) options.onNotice(this, message);
    });
    this.pool.on("workerDestroy", () => {
      this.ready = false;
      this.restarting = false;
      // The tasks that waited to rejoin died with their worker.
      for (const { reply } of this.rejoins) reply.close();
      this.rejoins = [];
      this.shared = new Set();
      this.heap = undefined;
      options.onWorkerGone(this);
    });
    // A worker that dies with no task on it (an uncaught exception in a late callback) is
    // replaced by piscina; without a listener the 'error' event would end the whole process.
    this.pool.on("error", () => undefined);
  }

  /** The thread id of the slot's current worker, if it runs. */
  get threadId(): number | undefined {
    return this.pool.threads[0]?.threadId;
  }
}
