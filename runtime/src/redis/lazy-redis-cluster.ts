/**
 * The Redis executor as programs get it: BullMQ and its Redis client load only when a program
 * asks for Redis, so `import "weft"` and `weft run` stay as quick as without it. Tasks that
 * arrive while the client loads wait here and go out as soon as it is ready.
 */
import type { MessagePort } from "node:worker_threads";
import type { HostedCluster } from "../cluster/hosted-cluster";
import type { WorkersControl } from "../cluster/local-cluster";
import { ErrorCode, WeftError } from "../errors";
import type { WeftEvent, WorkerSample } from "../protocol/events";
import type { RunnableTask, TaskReport } from "../scheduler/executor";
import { checkRedisUrl } from "./redis-connection-url";
import { loadRedisDeps } from "./redis-deps";
import type { RedisCluster, RedisClusterOptions } from "./redis-cluster";

type Report = (reports: readonly TaskReport[]) => void;

export class LazyRedisCluster implements HostedCluster {
  private real: RedisCluster | undefined;
  private waiting: { tasks: RunnableTask[]; report: Report }[] = [];
  private wake: () => void = () => undefined;
  private closed = false;
  private acceptClient: ((port: MessagePort) => void) | undefined;
  private childEvents: ((parent: string, event: WeftEvent) => void) | undefined;
  /** Set by a `weft worker`: the run its tasks' own tasks are reported under. */
  runOfTask: ((batch: number, index: number) => string | undefined) | undefined;
  /** Resolves to the connected executor (for tests and status). */
  readonly loaded: Promise<RedisCluster>;

  constructor(readonly options: RedisClusterOptions) {
    checkRedisUrl(options.url);
    this.loaded = loadRedisDeps()
      .then(() => import("./redis-cluster"))
      .then(({ RedisCluster }) => {
        const real = new RedisCluster(options);
        this.real = real;
        real.setWakeup(() => this.wake());
        if (this.childEvents !== undefined) real.onChildEvents(this.childEvents);
        const waiting = this.waiting;
        this.waiting = [];
        if (this.closed) void real.close();
        else for (const { tasks, report } of waiting) real.run(tasks, report);
        this.wake();
        return real;
      });
    this.loaded.catch((error: unknown) => {
      const message = `could not start the Redis client: ${String(error)}`;
      const now = Date.now();
      for (const { tasks, report } of this.waiting) {
        report(
          tasks.map((task) => ({
            key: task.key,
            ok: false as const,
            error: { name: "WeftError", message, stack: message, code: ErrorCode.ConnectionLost },
            worker: -1,
            start: now,
            stop: now,
          })),
        );
      }
      this.waiting = [];
    });
  }

  wantMore(): number {
    if (this.real !== undefined) return this.real.wantMore();
    if (this.closed) return 0;
    const queued = this.waiting.reduce((sum, batch) => sum + batch.tasks.length, 0);
    return Math.max(0, (this.options.maxInFlight ?? 1000) - queued);
  }

  run(tasks: readonly RunnableTask[], report: Report): void {
    if (this.real !== undefined) this.real.run(tasks, report);
    else this.waiting.push({ tasks: [...tasks], report });
  }

  cancel(keys: readonly string[]): void {
    if (this.real !== undefined) {
      this.real.cancel(keys);
      return;
    }
    const gone = new Set(keys);
    for (const batch of this.waiting) batch.tasks = batch.tasks.filter((t) => !gone.has(t.key));
  }

  release(keys: readonly string[]): void {
    this.real?.release(keys);
  }

  workerCount(): number {
    return this.real?.workerCount() ?? 0;
  }

  workerSamples(): readonly WorkerSample[] {
    return this.real?.workerSamples() ?? [];
  }

  setWakeup(wake: () => void): void {
    this.wake = wake;
  }

  onChildEvents(listener: (parent: string, event: WeftEvent) => void): void {
    this.childEvents = listener;
    this.real?.onChildEvents(listener);
  }

  get workers(): WorkersControl {
    return {
      set: (count) => this.scale(count),
      status: "ready",
      count: this.workerCount(),
    };
  }

  scale(count: number): void {
    throw new WeftError(
      ErrorCode.BadArgument,
      `cannot scale to ${String(count)}: workers on Redis are separate processes. Start more ` +
        `with \`weft worker --redis ${this.options.url}\` on any machine, or stop some.`,
    );
  }

  onWorkerClient(accept: (port: MessagePort) => void): void {
    this.acceptClient = accept;
  }

  /** A task of a `weft worker` opened a client (getClient): it talks to this executor's host. */
  acceptTaskClient(port: MessagePort): void {
    if (this.acceptClient === undefined) port.close();
    else this.acceptClient(port);
  }

  keyOfTask(): string | undefined {
    return undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.real !== undefined) await this.real.close();
  }
}
