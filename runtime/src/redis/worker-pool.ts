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
import { isWorkerNotice } from "../worker/worker-messages";

/** The process's Node flags minus those that only make sense for the main script. */
function workerExecArgv(): string[] {
  const mainOnly = /^(--input-type|--eval|-e|--print|-p|--test|--watch)(=|$)/;
  return process.execArgv.filter((flag) => !mainOnly.test(flag));
}

export class TaskPool {
  private readonly pool: Piscina;

  constructor(readonly threads: number) {
    const launch = launchOptions();
    const setup: WorkerSetup = launch === undefined ? {} : { loader: launch.loader };
    this.pool = new Piscina({
      filename: workerEntryPath(),
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: { weft: setup },
      execArgv: workerExecArgv(),
    });
    this.pool.on("message", (message: unknown) => {
      // A task asked for a client (getClient): there is no scheduler in this process to serve
      // it, so its port is closed and the task's client reports the connection lost.
      if (isWorkerNotice(message) && message.weft === "client-port") message.port.close();
    });
    this.pool.on("error", () => undefined);
  }

  run(fn: WorkerFnRef, args: readonly unknown[], signal: AbortSignal): Promise<WorkerBatchResult> {
    const batch: WorkerBatch = {
      kind: "weft-batch",
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
