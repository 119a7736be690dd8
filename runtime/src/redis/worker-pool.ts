/**
 * The piscina pool of a `weft worker` process: the same worker entry as the local cluster
 * (worker.ts), one task per message. Stopping a task (cancel, timeout) aborts its message,
 * which ends that thread; piscina starts a new one.
 */
import { Piscina } from "piscina";
import { launchOptions } from "../cluster/launch-options";
import { workerEntryPath } from "../cluster/worker-entry";
import type { WorkerFnRef } from "../shipping/fn-ref";
import type { WorkerBatch, WorkerBatchResult, WorkerSetup } from "../worker/batch-protocol";
import { isWorkerNotice, type WorkerNotice } from "../worker/worker-messages";

/** The process's Node flags minus those that only make sense for the main script. */
function workerExecArgv(): string[] {
  const mainOnly = /^(--input-type|--eval|-e|--print|-p|--test|--watch)(=|$)/;
  return process.execArgv.filter((flag) => !mainOnly.test(flag));
}

export class TaskPool {
  private readonly pool: Piscina;
  private nextId = 0;

  /** `onNotice` hears a task's secede, rejoin, and request for a client (getClient). */
  constructor(
    readonly threads: number,
    onNotice: (notice: WorkerNotice) => void,
  ) {
    const launch = launchOptions();
    const setup: WorkerSetup = launch === undefined ? {} : { loader: launch.loader };
    this.pool = new Piscina({
      filename: workerEntryPath(),
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      // A seceded task waits inside its thread while another runs beside it.
      concurrentTasksPerWorker: 16,
      // The least busy thread. piscina's own balancer never puts a task beside an abortable
      // one, and every task here is abortable (cancel, timeout), so a seceded task's thread
      // would take nothing else.
      loadBalancer: (_task, workers) => {
        let best: (typeof workers)[number] | null = null;
        for (const worker of workers) {
          if (worker.terminating || worker.destroyed) continue;
          if (best === null || worker.currentUsage < best.currentUsage) best = worker;
        }
        return best;
      },
      workerData: { weft: setup },
      execArgv: workerExecArgv(),
    });
    this.pool.on("message", (message: unknown) => {
      if (isWorkerNotice(message)) onNotice(message);
    });
    this.pool.on("error", () => undefined);
  }

  /** A number for the next task, so its secede and rejoin notices can be told apart. */
  newId(): number {
    return ++this.nextId;
  }

  run(
    id: number,
    fn: WorkerFnRef,
    args: readonly unknown[],
    signal: AbortSignal,
  ): Promise<WorkerBatchResult> {
    const batch: WorkerBatch = {
      kind: "weft-batch",
      id,
      fns: [fn],
      fnIndex: Int32Array.of(0),
      args: [args],
    };
    return this.pool.run(batch, { signal }) as Promise<WorkerBatchResult>;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
