/**
 * The scheduler's executor on Redis: ready tasks become BullMQ jobs (priority = the task's
 * priority), `weft worker` processes run them and store each outcome under a result key, and
 * tell this client on its own pub/sub channel. The client reads the outcome, reports it to the
 * scheduler, and deletes the key when the scheduler releases the result.
 *
 * Nothing is lost: a job whose worker died is run again by another (BullMQ's stalled-job
 * check), and a job that Redis forgot (a restart without persistence) or whose notice was
 * missed is found by a periodic check and sent again under the same job id.
 */
import { randomUUID } from "node:crypto";
import type { JobsOptions, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { ErrorCode, WeftError } from "../errors";
import type { WeftEvent, WorkerSample } from "../protocol/events";
import {
  type Executor,
  type RemoteError,
  type RunnableTask,
  type TaskReport,
  weftFailure,
} from "../scheduler/executor";
import { version } from "../version";
import {
  decodeChildEvent,
  decodeDoneNotice,
  decodeOutcome,
  encodeTask,
  type TaskJob,
  type TaskOutcomeRecord,
} from "./job-encoding";
import { ConnectionRefs, connectRedis, subscribeRedis } from "./redis-connection";
import { redisDeps } from "./redis-deps";
import { bullPriority } from "./priority";
import { DEFAULT_PREFIX, DEFAULT_QUEUE, RedisKeys, checkQueueName } from "./redis-keys";
import type { Refusal } from "./version-handshake";
import { BEAT_INTERVAL_MS, liveWorkers, samplesOf, type WorkerBeat } from "./worker-registry";

export interface RedisClusterOptions {
  /** `redis://HOST:PORT`. */
  readonly url: string;
  /** BullMQ queue name; workers must use the same. Default `WEFT_QUEUE`, else "weft". */
  readonly queue?: string;
  /** BullMQ key prefix. Default "bull". */
  readonly prefix?: string;
  /**
   * The project root: module functions travel as paths under it, and every worker has the
   * project at its own `--root`. Default `WEFT_PROJECT_ROOT`, else the current folder.
   */
  readonly root?: string;
  /** Jobs in Redis at once (queued or running). Default 1000. */
  readonly maxInFlight?: number;
  /** ms a result stays in Redis if this client never releases it (it died). Default 1 day. */
  readonly resultTtl?: number;
  /** ms between checks for jobs Redis lost or whose notice was missed. Default 2000. */
  readonly recheckInterval?: number;
}

type Report = (reports: readonly TaskReport[]) => void;

interface InFlight {
  readonly jobId: string;
  readonly task: RunnableTask;
  readonly report: Report;
  readonly job: TaskJob;
  readonly priority: number;
  /** Redis acknowledged the job; only then can its absence mean it was lost. */
  added: boolean;
  sentAt: number;
  fetching: boolean;
}

/** The Executor on Redis; LazyRedisCluster makes it on first use and hosts it. */
export class RedisCluster implements Executor {
  readonly url: string;
  readonly keys: RedisKeys;
  /** This client's id: its result keys and its done channel carry it. */
  readonly clientId = randomUUID();
  private readonly root: string;
  private readonly maxInFlight: number;
  private readonly resultTtl: number;
  private readonly recheckInterval: number;
  private readonly command: Redis;
  private readonly subscriber: Redis;
  /** Settles once the done channel is subscribed. */
  private readonly listening: Promise<void>;
  private readonly queue: Queue;
  private readonly refs = new ConnectionRefs();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly jobOfKey = new Map<string, string>();
  /** Result keys in Redis for tasks in memory, by task key. */
  private readonly results = new Map<string, string>();
  /** Jobs cancelled while they may still run: their late result is deleted. */
  private readonly cancelled = new Map<string, string>();
  private readonly outbox = new Map<Report, TaskReport[]>();
  private flushScheduled = false;
  private nextJob = 0;
  private busyCommands = 0;
  private workersKnown: WorkerBeat[] = [];
  private closed = false;
  private wake: () => void = () => undefined;
  private childEvents: ((parent: string, event: WeftEvent) => void) | undefined;
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  /** Workers that refused this client's tasks (E_VERSION_MISMATCH). */
  readonly refusals: Refusal[] = [];

  constructor(options: RedisClusterOptions) {
    this.url = options.url;
    const queue = options.queue ?? process.env["WEFT_QUEUE"] ?? DEFAULT_QUEUE;
    const problem = checkQueueName(queue);
    if (problem !== undefined) throw new WeftError(ErrorCode.BadArgument, `${problem}.`);
    this.keys = new RedisKeys(queue, options.prefix ?? DEFAULT_PREFIX);
    this.root = options.root ?? process.env["WEFT_PROJECT_ROOT"] ?? process.cwd();
    this.maxInFlight = options.maxInFlight ?? 1000;
    this.resultTtl = options.resultTtl ?? 24 * 3600_000;
    this.recheckInterval = options.recheckInterval ?? 2000;
    this.command = connectRedis(this.url, `weft-client-${this.clientId}`);
    // Done notices that went by while the subscription was away are found by a recheck of all.
    let subscribedOnce = false;
    const listening = subscribeRedis(
      this.url,
      `weft-client-events-${this.clientId}`,
      [this.doneChannel, this.keys.refusedChannel, this.keys.childEvents(this.clientId)],
      () => {
        if (subscribedOnce) this.recheck(true);
        subscribedOnce = true;
      },
    );
    this.subscriber = listening.redis;
    this.listening = listening.ready;
    this.refs.add(this.command);
    this.refs.add(this.subscriber);
    this.queue = new (redisDeps().Queue)(queue, {
      connection: this.command,
      prefix: this.keys.prefix,
      // Weft reads outcomes from its own keys; BullMQ's event stream only needs to be short.
      streams: { events: { maxLen: 1000 } },
    });
    this.queue.on("error", () => undefined);
    this.subscriber.on("messageBuffer", (channel: Buffer, message: Buffer) =>
      this.onMessage(channel.toString(), message),
    );
    // After a reconnect (Redis restarted), look at once for what it lost.
    let connectedOnce = false;
    this.command.on("ready", () => {
      if (connectedOnce) this.recheck(true);
      connectedOnce = true;
    });
    const timer = (ms: number, fn: () => void): void => {
      const handle = setInterval(fn, ms);
      handle.unref();
      this.timers.push(handle);
    };
    timer(this.recheckInterval, () => this.recheck(false));
    timer(BEAT_INTERVAL_MS, () => void this.refreshWorkers());
    void this.refreshWorkers();
    // A program that ends still holding results (persisted, futures never released) takes
    // them out of Redis on its way out.
    process.once("beforeExit", () => void this.close());
  }

  private get doneChannel(): string {
    return this.keys.done(this.clientId);
  }

  // --- Executor ---

  wantMore(): number {
    return this.closed ? 0 : Math.max(0, this.maxInFlight - this.inFlight.size);
  }

  workerCount(): number {
    return this.workersKnown.reduce((sum, worker) => sum + worker.threads, 0);
  }

  workerSamples(): readonly WorkerSample[] {
    return samplesOf(this.workersKnown);
  }

  setWakeup(wake: () => void): void {
    this.wake = wake;
  }

  run(tasks: readonly RunnableTask[], report: Report): void {
    if (this.closed) {
      this.later(
        report,
        tasks,
        weftFailure(ErrorCode.ClientClosed, "the Redis cluster was closed."),
      );
      return;
    }
    const sent: InFlight[] = [];
    for (const task of tasks) {
      let job: TaskJob;
      try {
        job = encodeTask(task, {
          client: this.clientId,
          version,
          root: this.root,
          resultTtl: this.resultTtl,
        });
      } catch (error) {
        const e = error as WeftError;
        this.later(report, [task], weftFailure(e.code ?? ErrorCode.BadArgument, e.message));
        continue;
      }
      const jobId = `${this.clientId}.${++this.nextJob}`;
      const entry: InFlight = {
        jobId,
        task,
        report,
        job,
        priority: bullPriority(task.priority ?? 0),
        added: false,
        sentAt: Date.now(),
        fetching: false,
      };
      this.inFlight.set(jobId, entry);
      this.jobOfKey.set(task.key, jobId);
      sent.push(entry);
    }
    this.refs.set(true);
    if (sent.length > 0) this.send(sent);
  }

  cancel(keys: readonly string[]): void {
    const jobIds: string[] = [];
    for (const key of keys) {
      const jobId = this.jobOfKey.get(key);
      if (jobId === undefined) continue;
      this.forgetJob(jobId);
      this.cancelled.set(jobId, this.keys.result(this.clientId, key));
      jobIds.push(jobId);
    }
    if (jobIds.length === 0) return;
    // Waiting jobs are removed; running ones (locked, so not removable) are stopped by their worker.
    for (const jobId of jobIds) this.track(this.queue.remove(jobId));
    // The message stops them now; the marks stop them on a worker that was away meanwhile.
    const announce = this.command.multi();
    for (const jobId of jobIds) announce.set(this.keys.cancelled(jobId), "1", "PX", this.resultTtl);
    this.track(announce.publish(this.keys.cancelChannel, JSON.stringify(jobIds)).exec());
    this.idleCheck();
  }

  /** The scheduler released these results: they leave Redis. */
  release(keys: readonly string[]): void {
    const gone: string[] = [];
    for (const key of keys) {
      const resultKey = this.results.get(key);
      if (resultKey === undefined) continue;
      this.results.delete(key);
      gone.push(resultKey);
    }
    if (gone.length > 0) this.track(this.command.unlink(...gone));
  }

  /** Results held in Redis for this client, by task key (for tests and status). */
  heldResultKeys(): ReadonlyMap<string, string> {
    return this.results;
  }

  /** The live `weft worker` processes, as they last announced themselves. */
  liveWorkers(): readonly WorkerBeat[] {
    return this.workersKnown;
  }

  /** Stops this client's jobs, deletes its results from Redis and disconnects. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    const pending = [...this.inFlight.values()];
    if (pending.length > 0) this.cancel(pending.map((entry) => entry.task.key));
    const resultKeys = [...this.results.values(), ...this.cancelled.values()];
    this.results.clear();
    try {
      if (resultKeys.length > 0) await this.command.unlink(...resultKeys);
      await this.queue.close();
    } catch {
      // Redis is away: the results expire on their own (resultTtl).
    }
    this.subscriber.disconnect();
    this.command.disconnect();
  }

  // --- internals ---

  private send(entries: readonly InFlight[]): void {
    const jobs = entries.map((entry) => ({
      name: entry.task.key,
      data: entry.job,
      opts: this.jobOptions(entry),
    }));
    // A job is queued only once its done notice can be heard.
    this.track(
      this.listening
        .then(() => this.queue.addBulk(jobs))
        .then(
          () => {
            for (const entry of entries) entry.added = true;
          },
          (error: unknown) => {
            for (const entry of entries) {
              if (this.inFlight.get(entry.jobId) !== entry) continue;
              this.forgetJob(entry.jobId);
              this.later(
                entry.report,
                [entry.task],
                weftFailure(
                  ErrorCode.ConnectionLost,
                  `could not queue the task on Redis: ${String(error)}`,
                ),
              );
            }
          },
        ),
    );
  }

  private jobOptions(entry: InFlight): JobsOptions {
    return {
      jobId: entry.jobId,
      priority: entry.priority,
      // Retries are the scheduler's (client.with({ retries })), as on the local cluster.
      attempts: 1,
      removeOnComplete: true,
      removeOnFail: true,
    };
  }

  onChildEvents(listener: (parent: string, event: WeftEvent) => void): void {
    this.childEvents = listener;
  }

  private onMessage(channel: string, message: Buffer): void {
    if (channel !== this.doneChannel && channel !== this.keys.refusedChannel) {
      // Heard before the parent's own outcome, which its worker stores after them.
      const { parent, event } = decodeChildEvent(message);
      this.childEvents?.(parent, event);
      return;
    }
    if (channel === this.keys.refusedChannel) {
      const refusal = JSON.parse(message.toString()) as Refusal;
      if (refusal.client !== this.clientId) return;
      this.refusals.push(refusal);
      process.emitWarning(refusal.message, { code: ErrorCode.VersionMismatch });
      return;
    }
    const notice = decodeDoneNotice(message);
    const entry = this.inFlight.get(notice.jobId);
    if (notice.outcome !== undefined && entry !== undefined && !entry.fetching) {
      // A small outcome comes with its notice: no read needed.
      this.forgetJob(notice.jobId);
      this.reportOutcome(entry, decodeOutcome(notice.outcome));
      return;
    }
    this.fetchOutcome(notice.jobId);
  }

  private reportOutcome(entry: InFlight, outcome: TaskOutcomeRecord): void {
    const { worker, start, stop, seceded } = outcome;
    const timing = { key: entry.task.key, worker, start, stop, ...(seceded ? { seceded } : {}) };
    const key = entry.task.key;
    const resultKey = this.keys.result(this.clientId, key);
    if (outcome.ok) {
      this.results.set(key, resultKey);
      this.queueReport(entry.report, { ...timing, ok: true, value: outcome.value });
    } else {
      this.track(this.command.unlink(resultKey));
      this.queueReport(entry.report, { ...timing, ok: false, error: outcome.error });
    }
  }

  private fetchOutcome(jobId: string): void {
    const cancelledKey = this.cancelled.get(jobId);
    if (cancelledKey !== undefined) {
      // The cancelled job ended after all: its late outcome and its mark go.
      this.cancelled.delete(jobId);
      this.track(this.command.unlink(cancelledKey, this.keys.cancelled(jobId)));
      return;
    }
    const entry = this.inFlight.get(jobId);
    if (entry === undefined || entry.fetching) return;
    entry.fetching = true;
    const resultKey = this.keys.result(this.clientId, entry.task.key);
    this.track(
      this.command.getBuffer(resultKey).then(
        (buffer) => {
          entry.fetching = false;
          if (buffer === null || this.inFlight.get(jobId) !== entry) return;
          this.forgetJob(jobId);
          this.reportOutcome(entry, decodeOutcome(buffer));
        },
        () => {
          entry.fetching = false;
        },
      ),
    );
  }

  /**
   * Finds jobs Redis no longer has (it restarted) and outcomes whose notice never came: the
   * first are sent again under the same id, the second are read now.
   */
  private recheck(all: boolean): void {
    if (this.closed) return;
    const cutoff = Date.now() - this.recheckInterval;
    const due = [...this.inFlight.values()].filter(
      (entry) => entry.added && !entry.fetching && (all || entry.sentAt <= cutoff),
    );
    if (due.length === 0) return;
    const pipeline = this.command.pipeline();
    for (const entry of due) {
      pipeline.exists(this.keys.result(this.clientId, entry.task.key));
      pipeline.exists(this.keys.job(entry.jobId));
    }
    this.track(
      pipeline.exec().then((answers) => {
        const lost: InFlight[] = [];
        due.forEach((entry, i) => {
          if (this.inFlight.get(entry.jobId) !== entry) return;
          const hasResult = answers?.[2 * i]?.[1] === 1;
          const hasJob = answers?.[2 * i + 1]?.[1] === 1;
          if (hasResult) this.fetchOutcome(entry.jobId);
          else if (!hasJob) lost.push(entry);
        });
        for (const entry of lost) {
          entry.added = false;
          entry.sentAt = Date.now();
        }
        if (lost.length > 0) this.send(lost);
      }),
    );
  }

  private async refreshWorkers(): Promise<void> {
    try {
      this.workersKnown = await liveWorkers(this.command, this.keys);
    } catch {
      // Redis is away; keep what was known.
    }
  }

  private forgetJob(jobId: string): void {
    const entry = this.inFlight.get(jobId);
    if (entry === undefined) return;
    this.inFlight.delete(jobId);
    if (this.jobOfKey.get(entry.task.key) === jobId) this.jobOfKey.delete(entry.task.key);
  }

  /** Reports go out in one call per scheduler callback per turn of the event loop. */
  private queueReport(report: Report, taskReport: TaskReport): void {
    let list = this.outbox.get(report);
    if (list === undefined) {
      list = [];
      this.outbox.set(report, list);
    }
    list.push(taskReport);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const batches = [...this.outbox];
      this.outbox.clear();
      for (const [callback, reports] of batches) callback(reports);
      this.idleCheck();
      this.wake();
    });
  }

  /** Reports failures after `run` returns: the scheduler does not take reports while it dispatches. */
  private later(report: Report, tasks: readonly RunnableTask[], error: RemoteError): void {
    const now = Date.now();
    for (const task of tasks) {
      this.queueReport(report, {
        key: task.key,
        ok: false,
        error,
        worker: -1,
        start: now,
        stop: now,
      });
    }
  }

  private track<T>(promise: Promise<T>): void {
    this.busyCommands++;
    this.refs.set(true);
    void promise
      .catch(() => undefined)
      .finally(() => {
        this.busyCommands--;
        this.idleCheck();
      });
  }

  private idleCheck(): void {
    this.refs.set(this.inFlight.size > 0 || this.busyCommands > 0 || this.outbox.size > 0);
  }
}
