/**
 * The local cluster: a piscina pool of worker threads (minThreads = maxThreads = workers) that
 * runs the scheduler's tasks. It starts on first use, batches many tasks per message and keeps a
 * few messages in flight per worker, and never keeps a finished program alive (piscina unrefs
 * idle workers).
 */
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { ErrorCode, WeftError } from "../errors";
import type { WorkerSample } from "../protocol/events";
import type { Executor, RunnableTask, TaskReport } from "../scheduler/executor";
import type { WorkerFnRef } from "../shipping/fn-ref";
import { fnRefIdentity } from "../shipping/fn-ref";
import type { WorkerBatch, WorkerBatchResult, WorkerSetup } from "../worker/batch-protocol";
import { BatchSizer } from "./batch-sizer";
import { launchOptions } from "./launch-options";
import { workerEntryPath } from "./worker-entry";

export interface LocalClusterOptions {
  /** Worker threads. Default: `WEFT_WORKERS`, else `os.availableParallelism()`. */
  readonly workers?: number;
  /** ms an idle worker lives before piscina ends it. Default 10 minutes. */
  readonly idleTimeout?: number;
  /** Messages in flight per worker, so a worker never waits for the main thread. Default 2. */
  readonly pipelineDepth?: number;
}

function defaultWorkers(): number {
  const fromEnv = Number(process.env["WEFT_WORKERS"]);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : availableParallelism();
}

/**
 * The program's Node flags, minus those that only make sense for the main script (a worker
 * started with `--input-type` refuses to load its own file).
 */
function workerExecArgv(): string[] {
  const mainOnly = /^(--input-type|--eval|-e|--print|-p|--test|--watch)(=|$)/;
  return process.execArgv.filter((flag) => !mainOnly.test(flag));
}

export class LocalCluster implements Executor {
  readonly workers: number;
  private readonly idleTimeout: number;
  private readonly maxInFlight: number;
  private pool: Piscina | undefined;
  private inFlight = 0;
  private closed = false;
  private readonly sizer = new BatchSizer();
  private readonly busyMs = new Map<number, number>();
  private lastSample = performance.now();

  constructor(options: LocalClusterOptions = {}) {
    const workers = options.workers ?? defaultWorkers();
    if (!Number.isInteger(workers) || workers < 1) {
      throw new WeftError(
        ErrorCode.BadArgument,
        `workers must be a whole number ≥ 1, got ${String(workers)}.`,
      );
    }
    this.workers = workers;
    this.idleTimeout = options.idleTimeout ?? 10 * 60_000;
    this.maxInFlight = workers * (options.pipelineDepth ?? 2);
  }

  /** Starts the worker threads now instead of on the first task. */
  start(): void {
    if (this.closed)
      throw new WeftError(ErrorCode.ClientClosed, "this cluster was closed; create a new one.");
    if (this.pool !== undefined) return;
    const launch = launchOptions();
    const setup: WorkerSetup = launch === undefined ? {} : { loader: launch.loader };
    this.pool = new Piscina({
      filename: workerEntryPath(),
      minThreads: this.workers,
      maxThreads: this.workers,
      idleTimeout: this.idleTimeout,
      workerData: { weft: setup },
      execArgv: workerExecArgv(),
    });
  }

  get started(): boolean {
    return this.pool !== undefined;
  }

  workerCount(): number {
    return this.workers;
  }

  wantMore(): number {
    if (this.closed) return 0;
    return Math.max(0, this.maxInFlight - this.inFlight) * this.sizer.size();
  }

  run(tasks: readonly RunnableTask[], report: (reports: readonly TaskReport[]) => void): void {
    this.start();
    const size = this.sizer.size();
    for (let first = 0; first < tasks.length; first += size) {
      this.post(tasks.slice(first, first + size), report);
    }
  }

  private post(
    tasks: readonly RunnableTask[],
    report: (reports: readonly TaskReport[]) => void,
  ): void {
    const fns: WorkerFnRef[] = [];
    const fnIndexById = new Map<string, number>();
    const transferList: ArrayBuffer[] = [];
    const fnIndex = new Int32Array(tasks.length);
    const args: (readonly unknown[])[] = new Array(tasks.length);
    let lastFn: WorkerFnRef | undefined;
    let lastIndex = -1;
    for (let i = 0; i < tasks.length; i++) {
      const task = tasks[i] as RunnableTask;
      // Most batches repeat one function; compare the reference before hashing it.
      if (task.fn !== lastFn) {
        const identity = fnRefIdentity(task.fn);
        let index = fnIndexById.get(identity);
        if (index === undefined) {
          index = fns.length;
          fns.push(task.fn);
          fnIndexById.set(identity, index);
        }
        lastFn = task.fn;
        lastIndex = index;
      }
      fnIndex[i] = lastIndex;
      args[i] = task.args;
      if (task.transfer !== undefined) transferList.push(...task.transfer);
    }
    const batch: WorkerBatch = { kind: "weft-batch", fns, fnIndex, args };
    this.inFlight++;
    const pool = this.pool as Piscina;
    pool.run(batch, transferList.length > 0 ? { transferList } : {}).then(
      (result: WorkerBatchResult) => {
        this.inFlight--;
        const { worker, values, errors, times } = result;
        const reports: TaskReport[] = new Array(tasks.length);
        for (let i = 0; i < tasks.length; i++) {
          const key = (tasks[i] as RunnableTask).key;
          const start = times[2 * i] as number;
          const stop = times[2 * i + 1] as number;
          const error = errors?.[i];
          reports[i] =
            error === undefined
              ? { key, ok: true, value: values[i], worker, start, stop }
              : { key, ok: false, error, worker, start, stop };
        }
        const busy = (times[times.length - 1] ?? 0) - (times[0] ?? 0);
        this.sizer.observe(tasks.length, busy);
        this.busyMs.set(worker, (this.busyMs.get(worker) ?? 0) + busy);
        report(reports);
      },
      (error: unknown) => {
        this.inFlight--;
        // The message itself failed (the worker died, or postMessage refused a value).
        const e = error instanceof Error ? error : new Error(String(error));
        const now = performance.timeOrigin + performance.now();
        report(
          tasks.map((task) => ({
            key: task.key,
            ok: false as const,
            worker: -1,
            start: now,
            stop: now,
            error: { name: e.name, message: e.message, stack: e.stack ?? e.message },
          })),
        );
      },
    );
  }

  workerSamples(): readonly WorkerSample[] {
    const now = performance.now();
    const interval = Math.max(1, now - this.lastSample);
    this.lastSample = now;
    const samples = [...this.busyMs].map(([id, busy]): WorkerSample => ({
      id,
      state: busy > 0 ? "busy" : "idle",
      running: [],
      utilization: Math.min(1, busy / interval),
    }));
    for (const id of this.busyMs.keys()) this.busyMs.set(id, 0);
    return samples;
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool;
    this.pool = undefined;
    if (pool !== undefined) await pool.destroy();
  }
}
