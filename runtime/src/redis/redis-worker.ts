/**
 * A `weft worker` process: takes jobs from the BullMQ queue, runs each in its piscina pool,
 * stores the outcome under the task's result key and tells the client that sent it. It beats
 * a heartbeat for the clients' worker samples, stops running tasks that a client cancelled,
 * stops tasks past their timeout, and refuses jobs from clients that run other code
 * (version-handshake.ts).
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { MessagePort } from "node:worker_threads";
import type { Worker as BullWorker, Job } from "bullmq";
import type { Redis } from "ioredis";
import { ErrorCode } from "../errors";
import type { WeftEvent } from "../protocol/events";
import { busyMsOf, type RemoteError, weftFailure } from "../scheduler/executor";
import { Scheduler } from "../scheduler/scheduler";
import { ClusterHost } from "../service/cluster-host";
import { version } from "../version";
import { grantRejoin, type WorkerNotice } from "../worker/worker-messages";
import {
  decodeArgs,
  encodeChildEvent,
  encodeDoneNotice,
  encodeOutcome,
  workerFnRef,
  type TaskJob,
  type TaskOutcomeRecord,
} from "./job-encoding";
import { connectRedis, subscribeRedis } from "./redis-connection";
import { redisDeps } from "./redis-deps";
import { LazyRedisCluster } from "./lazy-redis-cluster";
import { RedisKeys } from "./redis-keys";
import { refusalMessage, refusalReason, type Refusal } from "./version-handshake";
import { TaskPool } from "./worker-pool";
import { BEAT_INTERVAL_MS, beat, leave } from "./worker-registry";

/** How many cancels of jobs it is not running a worker remembers (a job it took but not yet began). */
const REMEMBERED_CANCELS = 10_000;

export interface RedisWorkerOptions {
  readonly url: string;
  readonly queue: string;
  readonly prefix?: string;
  readonly threads: number;
  /** The project root that client module paths are relative to. */
  readonly root: string;
  /** BullMQ: ms a running job's lock lasts without renewal. Default 30 000. */
  readonly lockDuration?: number;
  /** BullMQ: ms between checks for jobs whose worker died. Default 30 000. */
  readonly stalledInterval?: number;
  /** BullMQ: how often a job may stall before it fails. Default 2. */
  readonly maxStalledCount?: number;
  /** ms a stored result lives if its client never deletes it. Default 1 day. */
  readonly resultTtl?: number;
  /** Called once when the worker refuses a job and stops. */
  readonly onRefused?: (message: string) => void;
}

interface Running {
  readonly data: TaskJob;
  readonly controller: AbortController;
  stop: "cancel" | "timeout" | undefined;
  /** The run its own tasks (getClient) are reported under, once it submits any. */
  childRun?: string;
}

export class RedisWorker {
  readonly keys: RedisKeys;
  name = "";
  private number = 0;
  private readonly command: Redis;
  private readonly subscriber: Redis;
  /** Settles once the cancel channel is subscribed. */
  private readonly listening: Promise<void>;
  /**
   * Jobs cancelled while this worker was not running them, newest last. A job this worker has
   * already taken from the queue but not yet started may be among them.
   */
  private readonly cancelledElsewhere = new Set<string>();
  private readonly pool: TaskPool;
  private bull: BullWorker | undefined;
  private bullConnection: Redis | undefined;
  private readonly running = new Map<string, Running>();
  /** Running jobs by the number of their message to the pool (what their tasks' clients name). */
  private readonly jobOfMessage = new Map<number, string>();
  /** Runs of tasks submitted by tasks here: whose client hears them, and for which parent. */
  private readonly childRuns = new Map<
    string,
    { readonly client: string; readonly parent: string }
  >();
  private beatTimer: ReturnType<typeof setInterval> | undefined;
  private busyMs = 0;
  private lastBeat = performance.now();
  private refused = false;
  private closing: Promise<void> | undefined;
  /** Tasks that gave their slot back (secede) while they wait for tasks they submitted. */
  private readonly seceded = new Set<number>();
  private readonly helpers: BullWorker[] = [];
  /** Seceded tasks waiting for a slot again (rejoin), answered on their port once one is free. */
  private readonly rejoins: { readonly id: number; readonly reply: MessagePort }[] = [];
  /** The scheduler that serves clients opened by tasks (getClient), made on first use. */
  private taskCluster: LazyRedisCluster | undefined;
  private taskHost: ClusterHost | undefined;

  constructor(private readonly options: RedisWorkerOptions) {
    this.keys = new RedisKeys(options.queue, options.prefix);
    this.command = connectRedis(options.url, "weft-worker");
    const listening = subscribeRedis(
      options.url,
      "weft-worker-cancel",
      [this.keys.cancelChannel],
      () => void this.stopMissedCancels().catch(() => undefined),
    );
    this.subscriber = listening.redis;
    this.listening = listening.ready;
    this.subscriber.on("message", (_channel: string, message: string) => this.cancel(message));
    this.pool = new TaskPool(options.threads, (notice) => this.notice(notice));
  }

  private notice(notice: WorkerNotice): void {
    switch (notice.weft) {
      case "client-port": {
        // Tasks from tasks: the task's client gets a scheduler in this process, whose tasks
        // go to the same queue as everyone's.
        const { url, queue, prefix, root } = this.options;
        if (this.taskCluster === undefined) {
          const cluster = new LazyRedisCluster({ url, queue, root, ...(prefix ? { prefix } : {}) });
          cluster.runOfTask = (batch) => this.childRunOf(batch);
          this.taskCluster = cluster;
          this.taskHost = new ClusterHost(new Scheduler(cluster), cluster);
          this.taskHost.scheduler.subscribe((event) => this.forwardChildEvent(event));
        }
        this.taskCluster.acceptTaskClient(notice.port);
        return;
      }
      case "secede":
        if (!this.seceded.has(notice.batch)) {
          this.seceded.add(notice.batch);
          this.resize();
        }
        return;
      case "rejoin":
        if (!this.seceded.delete(notice.batch)) {
          grantRejoin(notice.reply);
          return;
        }
        // It waits until fewer than `threads` tasks hold slots; its helper stops taking jobs.
        this.rejoins.push({ id: notice.batch, reply: notice.reply });
        this.resize();
        this.grantRejoins();
        return;
      default:
        return;
    }
  }

  /** Running tasks that hold a slot: neither seceded nor waiting to rejoin. */
  private holdingSlots(): number {
    return this.running.size - this.seceded.size - this.rejoins.length;
  }

  /** Gives waiting rejoins their slot, oldest first, while fewer than `threads` are held. */
  private grantRejoins(): void {
    while (this.rejoins.length > 0 && this.holdingSlots() < this.pool.threads) {
      grantRejoin((this.rejoins.shift() as (typeof this.rejoins)[number]).reply);
    }
  }

  /**
   * One more job at a time per seceded task, so waiting tasks never hold the slots they wait
   * for: a helper that takes one job at a time (BullMQ notices a higher concurrency only after
   * a running job ends, which a waiting parent never does first).
   */
  private resize(): void {
    if (this.closing !== undefined) return;
    while (this.helpers.length < this.seceded.size) this.helpers.push(this.newBullWorker(1));
    while (this.helpers.length > this.seceded.size) {
      const helper = this.helpers.pop() as BullWorker;
      // Closed only once connected: a connection still starting up would report its failure
      // after close removed the listeners, and end the process.
      void helper
        .waitUntilReady()
        .then(() => helper.close())
        .catch(() => undefined);
    }
  }

  /** Connects, announces itself and starts taking jobs. */
  async start(): Promise<void> {
    this.number = await this.command.incr(this.keys.workerSequence);
    this.name = `${hostname()}:${process.pid}#${this.number}`;
    await this.listening;
    await this.sendBeat();
    this.beatTimer = setInterval(
      () => void this.sendBeat().catch(() => undefined),
      BEAT_INTERVAL_MS,
    );
    this.bullConnection = this.command.duplicate();
    this.bull = this.newBullWorker(this.options.threads);
    await this.bull.waitUntilReady();
  }

  private newBullWorker(concurrency: number): BullWorker {
    const { options } = this;
    const { Worker } = redisDeps();
    const worker = new Worker(options.queue, (job, token) => this.process(job, token), {
      connection: this.bullConnection as Redis,
      prefix: this.keys.prefix,
      concurrency,
      lockDuration: options.lockDuration ?? 30_000,
      stalledInterval: options.stalledInterval ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 2,
      // An idle worker waits for a job's marker at most this long (s) before it looks again. A
      // helper that closes (see resize) can take a marker with it, so keep the look-again short.
      drainDelay: 0.5,
      removeOnComplete: { count: 0 },
      removeOnFail: { count: 0 },
    });
    // Lost connections and jobs Redis forgot are logged by BullMQ as errors; it carries on.
    worker.on("error", () => undefined);
    return worker;
  }

  private async process(job: Job, token: string | undefined): Promise<string> {
    const data = job.data as TaskJob;
    const reason = refusalReason(data, version, this.options.root);
    if (reason !== undefined) {
      // Back to the queue for a worker that runs the client's code; this one stops.
      await job.moveToWait(token);
      this.refuse(reason, data);
      throw new (redisDeps().WaitingError)();
    }
    const jobId = job.id as string;
    const running: Running = { data, controller: new AbortController(), stop: undefined };
    this.running.set(jobId, running);
    const id = this.pool.newId();
    this.jobOfMessage.set(id, jobId);
    if (this.cancelledElsewhere.delete(jobId)) this.stop(running, "cancel");
    const timer =
      data.timeout === undefined
        ? undefined
        : setTimeout(() => this.stop(running, "timeout"), data.timeout);
    const began = Date.now();
    let outcome: TaskOutcomeRecord;
    try {
      const fn = workerFnRef(data.fn, this.options.root);
      const result = await this.pool.run(id, fn, decodeArgs(data), running.controller.signal);
      const start = result.times[0] as number;
      const stop = result.times[1] as number;
      const worker = this.number * 1000 + result.worker;
      const error = result.errors?.[0];
      const seceded = result.seceded?.[0];
      const timing = { worker, start, stop, ...(seceded ? { seceded } : {}) };
      outcome =
        error === undefined
          ? { ok: true, value: result.values[0], ...timing }
          : { ok: false, error, ...timing };
    } catch (error) {
      outcome = {
        ok: false,
        error: this.stoppedError(running, data, error),
        worker: this.number * 1000,
        start: began,
        stop: Date.now(),
      };
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      this.running.delete(jobId);
      this.jobOfMessage.delete(id);
      // Its tasks' last counts and their run's end reach its client before its own outcome.
      if (running.childRun !== undefined) this.taskHost?.scheduler.closeRun(running.childRun);
      if (this.seceded.delete(id)) this.resize();
      // A task that died waiting to rejoin holds nothing any more.
      const waiting = this.rejoins.findIndex((rejoin) => rejoin.id === id);
      if (waiting >= 0) this.rejoins.splice(waiting, 1)[0]?.reply.close();
      this.grantRejoins();
    }
    this.busyMs += busyMsOf(outcome);
    await this.store(data, jobId, outcome);
    return outcome.ok ? "memory" : "erred";
  }

  private stoppedError(running: Running, data: TaskJob, error: unknown): RemoteError {
    if (running.stop === "timeout") {
      return weftFailure(
        ErrorCode.Timeout,
        `ran longer than its timeout of ${String(data.timeout)} ms and was stopped (its worker ` +
          `thread was replaced). Raise the timeout with client.with({ timeout }).`,
      );
    }
    if (running.stop === "cancel")
      return weftFailure(ErrorCode.Cancelled, "cancelled by its client.");
    const reason = error instanceof Error ? error.message : String(error);
    return weftFailure(
      ErrorCode.WorkerDied,
      `its worker thread died while running it (${reason}); the thread was replaced. A task ` +
        `that calls process.exit or runs out of memory ends its thread; give it retries with ` +
        `client.with({ retries }).`,
    );
  }

  /** Stores the outcome and tells its client, in one transaction. */
  private async store(data: TaskJob, jobId: string, outcome: TaskOutcomeRecord): Promise<void> {
    let buffer: Buffer;
    try {
      buffer = encodeOutcome(outcome);
    } catch (error) {
      buffer = encodeOutcome({
        ...outcome,
        ok: false,
        error: weftFailure(
          ErrorCode.NotCloneable,
          `the task's result cannot be sent back through Redis (${(error as Error).message}). ` +
            `Return plain data instead.`,
        ),
      });
    }
    const ttl = data.resultTtl ?? this.options.resultTtl ?? 24 * 3600_000;
    await this.command
      .multi()
      .set(this.keys.result(data.client, data.key), buffer, "PX", ttl)
      .publish(this.keys.done(data.client), encodeDoneNotice(jobId, buffer))
      .exec();
  }

  private cancel(message: string): void {
    let jobIds: unknown;
    try {
      jobIds = JSON.parse(message);
    } catch {
      return;
    }
    if (!Array.isArray(jobIds)) return;
    for (const jobId of jobIds) {
      const running = this.running.get(String(jobId));
      if (running !== undefined) {
        this.stop(running, "cancel");
        continue;
      }
      this.cancelledElsewhere.add(String(jobId));
      if (this.cancelledElsewhere.size > REMEMBERED_CANCELS) {
        const oldest = this.cancelledElsewhere.values().next().value as string;
        this.cancelledElsewhere.delete(oldest);
      }
    }
  }

  /** The run that tasks submitted by the task of pool message `batch` are reported under. */
  private childRunOf(batch: number): string | undefined {
    const running = this.running.get(this.jobOfMessage.get(batch) ?? "");
    if (running === undefined || this.taskHost === undefined) return undefined;
    if (running.childRun === undefined) {
      const runId = randomUUID();
      running.childRun = runId;
      this.childRuns.set(runId, { client: running.data.client, parent: running.data.key });
      this.taskHost.scheduler.openRun(runId);
    }
    return running.childRun;
  }

  private forwardChildEvent(event: WeftEvent): void {
    const target = this.childRuns.get(event.runId);
    if (target === undefined) return;
    if (event.type === "run-end") this.childRuns.delete(event.runId);
    const notice = encodeChildEvent({ parent: target.parent, event });
    void this.command.publish(this.keys.childEvents(target.client), notice).catch(() => undefined);
  }

  private stop(running: Running, why: "cancel" | "timeout"): void {
    if (running.stop !== undefined) return;
    running.stop = why;
    running.controller.abort();
  }

  /** After a reconnect: cancel messages sent meanwhile were lost, their marks were not. */
  private async stopMissedCancels(): Promise<void> {
    const jobIds = [...this.running.keys()];
    if (jobIds.length === 0) return;
    const marks = await this.command.mget(...jobIds.map((jobId) => this.keys.cancelled(jobId)));
    jobIds.forEach((jobId, i) => {
      const running = this.running.get(jobId);
      if (marks[i] !== null && running !== undefined) this.stop(running, "cancel");
    });
  }

  private refuse(reason: string, data: TaskJob): void {
    if (this.refused) return;
    this.refused = true;
    const message = refusalMessage(reason);
    const refusal: Refusal = {
      code: ErrorCode.VersionMismatch,
      message: `${message} (worker ${this.name})`,
      worker: this.name,
      client: data.client,
      key: data.key,
    };
    void this.command
      .publish(this.keys.refusedChannel, JSON.stringify(refusal))
      .catch(() => undefined);
    this.options.onRefused?.(message);
  }

  private async sendBeat(): Promise<void> {
    const now = performance.now();
    const interval = Math.max(1, now - this.lastBeat);
    this.lastBeat = now;
    const utilization = Math.min(1, this.busyMs / (interval * this.options.threads));
    this.busyMs = 0;
    await beat(this.command, this.keys, {
      name: this.name,
      number: this.number,
      version,
      host: hostname(),
      pid: process.pid,
      threads: this.options.threads,
      running: [...this.running.values()].slice(0, 16).map((running) => running.data.key),
      utilization,
    });
  }

  /** Finishes running jobs (or, with `force`, leaves them to another worker), then disconnects. */
  close(force = false): Promise<void> {
    this.closing ??= (async () => {
      if (this.beatTimer !== undefined) clearInterval(this.beatTimer);
      await this.taskHost?.close().catch(() => undefined);
      const helpers = this.helpers.splice(0);
      await Promise.all(
        [this.bull, ...helpers].map((worker) => worker?.close(force).catch(() => undefined)),
      );
      await leave(this.command, this.keys, this.name).catch(() => undefined);
      await this.pool.close().catch(() => undefined);
      this.subscriber.disconnect();
      this.bullConnection?.disconnect();
      this.command.disconnect();
    })();
    return this.closing;
  }
}
