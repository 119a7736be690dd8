/**
 * The local cluster: worker threads (one single-thread piscina pool each, see worker-slot.ts)
 * that run the scheduler's tasks. It batches many trivial tasks per message and keeps a few
 * messages in flight per worker, stops a task by replacing its worker (cancel, timeout), runs
 * again what a dying worker took with it (blaming only a task that died alone), grows and
 * shrinks while work runs, and never keeps a finished program alive (piscina unrefs idle
 * workers).
 */
import { availableParallelism } from "node:os";
import type { MessagePort } from "node:worker_threads";
import { ErrorCode, WeftError } from "../errors";
import type { WorkerSample } from "../protocol/events";
import {
  type Executor,
  type RemoteError,
  type RunnableTask,
  type TaskReport,
  weftFailure,
} from "../scheduler/executor";
import type { WorkerFnRef } from "../shipping/fn-ref";
import { fnRefIdentity } from "../shipping/fn-ref";
import type { WorkerBatch, WorkerBatchResult, WorkerSetup } from "../worker/batch-protocol";
import { grantRejoin, type WorkerNotice } from "../worker/worker-messages";
import { BatchSizer } from "./batch-sizer";
import { launchOptions } from "./launch-options";
import { memoryLimitMb } from "./memory-limit";
import { WorkerSlot, type InFlight } from "./worker-slot";
import { workerEntryPath } from "./worker-entry";

export interface LocalClusterOptions {
  /** Worker threads. Default: `WEFT_WORKERS`, else `os.availableParallelism()`. */
  readonly workers?: number;
  /** ms an idle worker lives before piscina ends it. Default 10 minutes. */
  readonly idleTimeout?: number;
  /** Messages in flight per worker, so a worker never waits for the main thread. Default 2. */
  readonly pipelineDepth?: number;
  /** Heap limit per worker thread ("512MB", "2GiB", bytes); a task beyond it kills its worker. */
  readonly memoryLimit?: number | string;
}

/** `cluster.workers`, as in Daisi: set the number, and see whether a change is under way. */
export interface WorkersControl {
  /** Sets the number of workers; takes effect while work runs. */
  set(count: number): void;
  /** "increasing" while new workers start, "decreasing" while extra ones finish, else "ready". */
  readonly status: "increasing" | "decreasing" | "ready";
  /** The number of workers asked for. */
  readonly count: number;
}

/** `WEFT_WORKERS` when it is a whole number ≥ 1, else one worker per core. */
export function defaultWorkers(): number {
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

function checkWorkers(workers: number): number {
  if (!Number.isInteger(workers) || workers < 1) {
    throw new WeftError(
      ErrorCode.BadArgument,
      `workers must be a whole number ≥ 1, got ${String(workers)}.`,
    );
  }
  return workers;
}

interface Pending {
  readonly task: RunnableTask;
  readonly report: (reports: readonly TaskReport[]) => void;
}

export class LocalCluster implements Executor {
  private target: number;
  private readonly idleTimeout: number;
  private readonly depth: number;
  private readonly maxOldGenerationSizeMb: number | undefined;
  private slots: WorkerSlot[] = [];
  private closed = false;
  private readonly sizer = new BatchSizer();
  private readonly busyMs = new Map<number, number>();
  private lastSample = performance.now();
  private nextBatch = 0;
  private readonly byBatch = new Map<number, InFlight>();
  /** Messages that found no open worker (all stopping or running something alone). */
  private readonly backlog: {
    tasks: readonly RunnableTask[];
    report: (reports: readonly TaskReport[]) => void;
    alone: boolean;
  }[] = [];
  /** Tasks whose worker died with others: each runs again alone, to find the one to blame. */
  private readonly suspects: Pending[] = [];
  private wake: () => void = () => undefined;
  private workerClient: ((port: MessagePort) => void) | undefined;

  constructor(options: LocalClusterOptions = {}) {
    this.target = checkWorkers(options.workers ?? defaultWorkers());
    this.idleTimeout = options.idleTimeout ?? 10 * 60_000;
    this.depth = options.pipelineDepth ?? 2;
    this.maxOldGenerationSizeMb =
      options.memoryLimit === undefined ? undefined : memoryLimitMb(options.memoryLimit);
  }

  /** Starts the worker threads now instead of on the first task. */
  start(): void {
    if (this.closed)
      throw new WeftError(ErrorCode.ClientClosed, "this cluster was closed; create a new one.");
    while (this.liveSlots().length < this.target) this.slots.push(this.newSlot());
  }

  get started(): boolean {
    return this.slots.length > 0;
  }

  /** Daisi's `workers.set(n)` and `workers.status`; `scale(n)` is the same as `workers.set(n)`. */
  get workers(): WorkersControl {
    return {
      set: (count) => this.scale(count),
      status: this.status(),
      count: this.target,
    };
  }

  /** Grows or shrinks the pool while work runs; extra workers finish their messages first. */
  scale(count: number): void {
    this.target = checkWorkers(count);
    if (!this.started || this.closed) return;
    const live = this.liveSlots();
    if (live.length < this.target) this.start();
    else {
      // Retire the least busy workers first.
      const extra = [...live].sort((a, b) => a.messages.size - b.messages.size);
      for (const slot of extra.slice(0, live.length - this.target)) {
        slot.retiring = true;
        this.maybeRetire(slot);
      }
    }
    this.wake();
  }

  /** Called with the port of each client a task opens with `getClient()`. */
  onWorkerClient(accept: (port: MessagePort) => void): void {
    this.workerClient = accept;
  }

  /** The key of task `index` of message `batch`, while it runs. */
  keyOfTask(batch: number, index: number): string | undefined {
    return this.byBatch.get(batch)?.tasks[index]?.key;
  }

  setWakeup(wake: () => void): void {
    this.wake = wake;
  }

  workerCount(): number {
    return this.target;
  }

  wantMore(): number {
    if (this.closed) return 0;
    // Before the first task the workers are not made yet; they will all be free.
    if (!this.started) return this.target * this.depth * this.sizer.size();
    let room = 0;
    const depth = this.pipelineDepth();
    for (const slot of this.slots) {
      if (this.open(slot)) room += Math.max(0, depth - slot.active);
    }
    return room * this.sizer.size();
  }

  /** Whether a slot takes new messages. */
  private open(slot: WorkerSlot): boolean {
    return !slot.retiring && !slot.exclusive && !slot.restarting && slot.rejoins.length === 0;
  }

  /**
   * Messages kept in flight per worker. Trivial tasks need a queue so a worker never waits for
   * the main thread; long tasks need none, and one waiting behind another could idle a worker.
   */
  private pipelineDepth(): number {
    return this.sizer.slow ? 1 : this.depth;
  }

  /** How many tasks go in each message: no more than spreads `count` over the free slots. */
  private chunkSize(count: number): number {
    let free = 0;
    const depth = this.pipelineDepth();
    for (const slot of this.slots) {
      if (this.open(slot)) free += Math.max(0, depth - slot.active);
    }
    return Math.max(1, Math.min(this.sizer.size(), Math.ceil(count / Math.max(1, free))));
  }

  run(tasks: readonly RunnableTask[], report: (reports: readonly TaskReport[]) => void): void {
    this.start();
    let plain: RunnableTask[] | undefined;
    for (const task of tasks) {
      // A task with a timeout goes alone, so stopping it stops nothing else.
      if (task.timeout !== undefined) this.post([task], report, this.pickSlot(), true);
      else (plain ??= []).push(task);
    }
    if (plain === undefined) return;
    const all = plain.length === tasks.length ? tasks : plain;
    const size = this.chunkSize(all.length);
    for (let first = 0; first < all.length; first += size) {
      this.post(all.slice(first, first + size), report, this.pickSlot(), false);
    }
  }

  readonly keepsShared = true;

  /** Tells the workers that keep these broadcast values to let them go. */
  dropShared(keys: readonly string[]): void {
    for (const slot of this.slots) {
      const drop = keys.filter((key) => slot.shared.delete(key));
      if (drop.length === 0) continue;
      // A message of no tasks: it only carries the keys to drop.
      const batch: WorkerBatch = { kind: "weft-batch", fns: [], args: [], drop };
      slot.pool.run(batch).catch(() => undefined);
    }
  }

  cancel(keys: readonly string[]): void {
    const wanted = new Set(keys);
    for (const message of this.byBatch.values()) {
      const hit = message.tasks.filter((task) => wanted.has(task.key));
      if (hit.length === 0) continue;
      message.cancelled ??= new Set();
      for (const task of hit) message.cancelled.add(task.key);
      this.stop(message, "cancel");
    }
    // Tasks waiting to run again (after a worker died or was stopped) are simply dropped.
    for (let i = this.backlog.length - 1; i >= 0; i--) {
      const entry = this.backlog[i] as (typeof this.backlog)[number];
      const left = entry.tasks.filter((task) => !wanted.has(task.key));
      if (left.length === entry.tasks.length) continue;
      if (left.length === 0) this.backlog.splice(i, 1);
      else this.backlog[i] = { ...entry, tasks: left };
    }
    for (let i = this.suspects.length - 1; i >= 0; i--) {
      if (wanted.has((this.suspects[i] as Pending).task.key)) this.suspects.splice(i, 1);
    }
  }

  private status(): WorkersControl["status"] {
    if (this.slots.some((slot) => slot.retiring)) return "decreasing";
    const live = this.liveSlots();
    if (live.length < this.target || live.some((slot) => !slot.ready)) return "increasing";
    return "ready";
  }

  private liveSlots(): WorkerSlot[] {
    return this.slots.filter((slot) => !slot.retiring);
  }

  private newSlot(): WorkerSlot {
    const launch = launchOptions();
    const setup: WorkerSetup = launch === undefined ? {} : { loader: launch.loader };
    return new WorkerSlot({
      filename: workerEntryPath(),
      setup,
      execArgv: workerExecArgv(),
      idleTimeout: this.idleTimeout,
      maxOldGenerationSizeMb: this.maxOldGenerationSizeMb,
      onNotice: (slot, notice) => this.notice(slot, notice),
      onWorkerGone: () => queueMicrotask(() => this.runSuspectsAndWake()),
    });
  }

  private notice(slot: WorkerSlot, notice: WorkerNotice): void {
    switch (notice.weft) {
      case "ready":
        slot.ready = true;
        return;
      case "client-port":
        if (this.workerClient !== undefined) this.workerClient(notice.port);
        else notice.port.close();
        return;
      case "secede": {
        const message = this.byBatch.get(notice.batch);
        if (message === undefined || message.seceded) return;
        message.seceded = true;
        message.slot.active--;
        this.grantRejoins(message.slot);
        this.wake();
        return;
      }
      case "rejoin": {
        const message = this.byBatch.get(notice.batch);
        if (message === undefined || !message.seceded || message.slot !== slot) {
          grantRejoin(notice.reply);
          return;
        }
        // It waits for its worker to be free; meanwhile the worker takes nothing new.
        slot.rejoins.push({ message, reply: notice.reply });
        this.grantRejoins(slot);
        return;
      }
    }
  }

  /**
   * Gives seceded tasks that asked to rejoin their slot back, oldest first, once nothing else
   * counts against their worker.
   */
  private grantRejoins(slot: WorkerSlot): void {
    while (slot.rejoins.length > 0 && slot.active === 0) {
      const { message, reply } = slot.rejoins.shift() as (typeof slot.rejoins)[number];
      if (!this.byBatch.has(message.id) || !message.seceded) {
        grantRejoin(reply);
        continue;
      }
      message.seceded = false;
      slot.active++;
      grantRejoin(reply);
    }
  }

  /** The live worker with the least work; a worker running something alone takes no more. */
  private pickSlot(): WorkerSlot | undefined {
    let best: WorkerSlot | undefined;
    for (const slot of this.slots) {
      if (!this.open(slot)) continue;
      if (best === undefined || slot.active < best.active) best = slot;
    }
    return best;
  }

  /** Posts to the least busy open worker, or keeps the tasks until one opens. */
  private post(
    tasks: readonly RunnableTask[],
    report: (reports: readonly TaskReport[]) => void,
    slot: WorkerSlot | undefined,
    alone: boolean,
  ): void {
    if (slot === undefined) {
      this.backlog.push({ tasks, report, alone });
      return;
    }
    const fns: WorkerFnRef[] = [];
    const fnIndexById = new Map<string, number>();
    const transferList: ArrayBuffer[] = [];
    const fnIndex = new Int32Array(tasks.length);
    const args: (readonly unknown[])[] = new Array(tasks.length);
    let lastFn: WorkerFnRef | undefined;
    let lastIndex = -1;
    let shared: [string, unknown][] | undefined;
    let sharing: number[] | undefined;
    for (let i = 0; i < tasks.length; i++) {
      const task = tasks[i] as RunnableTask;
      if (task.shared !== undefined) {
        // Broadcast values go to each worker once; the task carries markers in their place.
        (sharing ??= []).push(i);
        for (const [key, value] of task.shared) {
          if (slot.shared.has(key)) continue;
          slot.shared.add(key);
          (shared ??= []).push([key, value]);
        }
      }
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
    const id = ++this.nextBatch;
    const message: InFlight = {
      id,
      tasks,
      report,
      slot,
      generation: slot.generation,
      alone,
      seceded: false,
      timer: undefined,
      stop: undefined,
      collateral: false,
      cancelled: undefined,
      coLocated: 1,
    };
    slot.messages.add(message);
    slot.active++;
    if (alone) slot.exclusive = true;
    this.byBatch.set(id, message);
    const timeout = tasks.length === 1 ? tasks[0]?.timeout : undefined;
    if (timeout !== undefined) {
      message.timer = setTimeout(() => this.stop(message, "timeout"), timeout);
    }
    // One function (the common case) needs no index column, which would be one more copy.
    let batch: WorkerBatch =
      fns.length === 1
        ? { kind: "weft-batch", id, fns, args }
        : { kind: "weft-batch", id, fns, fnIndex, args };
    if (sharing !== undefined) batch = { ...batch, sharing, ...(shared ? { shared } : {}) };
    slot.pool.run(batch, transferList.length > 0 ? { transferList } : {}).then(
      (result: WorkerBatchResult) => this.done(message, result),
      (error: unknown) => this.failed(message, error),
    );
  }

  /** Stops a message by replacing its worker; the other messages there run again elsewhere. */
  private stop(message: InFlight, why: "cancel" | "timeout"): void {
    if (message.stop !== undefined || !this.byBatch.has(message.id)) return;
    message.stop = why;
    for (const other of message.slot.messages) if (other !== message) other.collateral = true;
    // Until piscina has removed the worker, anything posted to it would die with it.
    message.slot.restarting = true;
    // Ending the thread fails every message on it; piscina starts a replacement.
    void message.slot.pool.threads[0]?.terminate();
  }

  private finish(message: InFlight): void {
    const { slot } = message;
    if (message.timer !== undefined) clearTimeout(message.timer);
    slot.messages.delete(message);
    this.byBatch.delete(message.id);
    if (!message.seceded) slot.active--;
    if (message.alone) slot.exclusive = false;
    this.grantRejoins(slot);
    this.maybeRetire(slot);
    this.runSuspects();
  }

  private done(message: InFlight, result: WorkerBatchResult): void {
    this.finish(message);
    const { tasks, cancelled } = message;
    const { worker, values, errors, times, seceded } = result;
    if (result.heap !== undefined) message.slot.heap = result.heap;
    const reports: TaskReport[] = [];
    let away = 0;
    for (let i = 0; i < tasks.length; i++) {
      const key = (tasks[i] as RunnableTask).key;
      if (cancelled?.has(key) === true) continue;
      const start = times[2 * i] as number;
      const stop = times[2 * i + 1] as number;
      const error = errors?.[i];
      const report: TaskReport =
        error === undefined
          ? { key, ok: true, value: values[i], worker, start, stop }
          : { key, ok: false, error, worker, start, stop };
      const ms = seceded?.[i] ?? 0;
      away += ms;
      reports.push(ms > 0 ? { ...report, seceded: ms } : report);
    }
    // The slot was free while its tasks were seceded.
    const busy = Math.max(0, (times[times.length - 1] ?? 0) - (times[0] ?? 0) - away);
    this.sizer.observe(tasks.length, busy);
    this.busyMs.set(worker, (this.busyMs.get(worker) ?? 0) + busy);
    if (reports.length > 0) message.report(reports);
    else this.wake();
  }

  private failed(message: InFlight, error: unknown): void {
    const { slot } = message;
    if (this.closed) return;
    if (error instanceof Error && error.name === "DataCloneError") {
      // postMessage refused a value: the worker is fine, the tasks fail with the reason.
      this.finish(message);
      // Nor did it get the broadcast values that message carried.
      for (const task of message.tasks) {
        for (const key of task.shared?.keys() ?? []) slot.shared.delete(key);
      }
      const now = performance.timeOrigin + performance.now();
      const remote = { name: error.name, message: error.message, stack: error.stack ?? "" };
      message.report(
        message.tasks.map((task) => ({
          key: task.key,
          ok: false as const,
          error: remote,
          worker: -1,
          start: now,
          stop: now,
        })),
      );
      return;
    }
    if (
      message.stop === undefined &&
      !message.collateral &&
      message.generation === slot.generation
    ) {
      // The first message to hear of a death counts who died with it.
      const dead = [...slot.messages].filter((m) => m.generation === message.generation);
      for (const m of dead) m.coLocated = dead.length;
      slot.generation++;
    }
    this.finish(message);
    const now = performance.timeOrigin + performance.now();
    const left = message.tasks.filter((task) => message.cancelled?.has(task.key) !== true);
    const fail = (task: RunnableTask, remote: RemoteError): TaskReport => ({
      key: task.key,
      ok: false,
      error: remote,
      worker: -1,
      start: now,
      stop: now,
    });
    if (message.stop === "timeout") {
      const task = message.tasks[0] as RunnableTask;
      message.report([
        fail(
          task,
          weftFailure(
            ErrorCode.Timeout,
            `ran longer than its timeout of ${String(task.timeout)} ms and was stopped ` +
              `(its worker was replaced). Raise the timeout with client.with({ timeout }).`,
          ),
        ),
      ]);
      return;
    }
    if (message.stop === "cancel" || message.collateral) {
      // Nothing of these was at fault: run them again as they were.
      if (left.length > 0) this.requeue(left, message.report);
      else this.wake();
      return;
    }
    const reason = error instanceof Error ? error.message : String(error);
    if (left.length === 1 && (message.alone || message.coLocated === 1)) {
      message.report([
        fail(
          left[0] as RunnableTask,
          weftFailure(
            ErrorCode.WorkerDied,
            `its worker thread died while running it (${reason}); the worker was replaced. ` +
              `A task that calls process.exit, runs out of memory (memoryLimit) or throws ` +
              `from a callback ends its worker; give it retries with client.with({ retries }).`,
          ),
        ),
      ]);
      return;
    }
    for (const task of left) this.suspects.push({ task, report: message.report });
    this.runSuspects();
  }

  private requeue(tasks: readonly RunnableTask[], report: InFlight["report"]): void {
    for (const task of tasks) {
      if (task.timeout !== undefined) this.post([task], report, this.pickSlot(), true);
    }
    const plain = tasks.filter((task) => task.timeout === undefined);
    if (plain.length > 0) this.post(plain, report, this.pickSlot(), false);
  }

  /** Suspects run one at a time on an otherwise idle worker; the backlog goes where it can. */
  private runSuspects(): void {
    while (this.backlog.length > 0 && !this.closed) {
      const slot = this.pickSlot();
      if (slot === undefined) break;
      const { tasks, report, alone } = this.backlog.shift() as (typeof this.backlog)[number];
      this.post(tasks, report, slot, alone);
    }
    while (this.suspects.length > 0 && !this.closed) {
      const idle = this.slots.find(
        (slot) => !slot.retiring && !slot.restarting && slot.messages.size === 0,
      );
      if (idle === undefined) return;
      const { task, report } = this.suspects.shift() as Pending;
      this.post([task], report, idle, true);
    }
  }

  private runSuspectsAndWake(): void {
    if (this.closed) return;
    this.runSuspects();
    this.wake();
  }

  private maybeRetire(slot: WorkerSlot): void {
    if (!slot.retiring || slot.messages.size > 0) return;
    this.slots = this.slots.filter((s) => s !== slot);
    void slot.pool.destroy();
  }

  /**
   * One sample per live worker: busy while it has messages, the tasks of the message it runs
   * first (a few), the share of the interval it spent running tasks, and its heap.
   */
  workerSamples(): readonly WorkerSample[] {
    const now = performance.now();
    const interval = Math.max(1, now - this.lastSample);
    this.lastSample = now;
    const samples: WorkerSample[] = [];
    for (const slot of this.slots) {
      const id = slot.threadId;
      if (id === undefined) continue;
      const busy = this.busyMs.get(id) ?? 0;
      const first = slot.messages.values().next().value as InFlight | undefined;
      const running = first === undefined ? [] : first.tasks.slice(0, 3).map((task) => task.key);
      const sample: WorkerSample = {
        id,
        state: !slot.ready ? "starting" : slot.messages.size > 0 ? "busy" : "idle",
        running,
        utilization: Math.min(1, busy / interval),
      };
      samples.push(slot.heap === undefined ? sample : { ...sample, memory: slot.heap });
    }
    this.busyMs.clear();
    return samples;
  }

  /** How many messages are running now, seceded ones included (for status requests). */
  runningMessages(): number {
    return this.byBatch.size;
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((slot) => slot.pool.destroy()));
  }
}
