/**
 * One client connection on the host's side: checks the token in its hello, opens a run for it
 * (run-start now, run-end when it leaves), applies its graph updates, releases and cancels,
 * sends the outcomes of the keys it holds in batches, answers its requests, and streams events
 * to monitors. When the client goes away, its keys are released, so work nobody else wants
 * stops, and the cluster keeps serving the others.
 */
import { randomUUID, timingSafeEqual } from "node:crypto";
import { ErrorCode, WeftError } from "../errors";
import type { TaskSpec } from "../graph/task-spec";
import type { RemoteError } from "../scheduler/executor";
import type { TaskOutcome } from "../scheduler/task-record";
import { decodeRefs } from "../wire/encode";
import {
  WIRE_VERSION,
  type ClientMessage,
  type ServerMessage,
  type WireTask,
} from "../wire/messages";
import type { Transport } from "../wire/transport";
import type { ClusterHost } from "./cluster-host";

export interface SessionOptions {
  /** A task's own port: no token needed, it came from one of our workers. */
  readonly trusted?: boolean;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function toRemote(error: unknown): RemoteError {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as { code?: unknown }).code;
  return {
    name: e.name,
    message: e.message,
    stack: e.stack ?? e.message,
    ...(typeof code === "string" && code.startsWith("E_") ? { code } : {}),
  };
}

export function specFromWire(task: WireTask): TaskSpec {
  return {
    key: task.key,
    fn: task.fn,
    args: task.hasRefs ? (decodeRefs(task.args) as unknown[]) : task.args,
    dependencies: task.dependencies,
    hasRefs: task.hasRefs,
    ...(task.location === undefined ? {} : { location: task.location }),
    ...(task.retries === undefined ? {} : { retries: task.retries }),
    ...(task.timeout === undefined ? {} : { timeout: task.timeout }),
  };
}

export class Session {
  readonly id: string;
  private readonly holder: string;
  private authed: boolean;
  private runId: string | undefined;
  private outKeys: string[] = [];
  private outOutcomes: TaskOutcome[] = [];
  private flushing = false;
  private unwatch: (() => void) | undefined;
  private closed = false;
  private readonly watch = (key: string, outcome: TaskOutcome): void => {
    this.outKeys.push(key);
    this.outOutcomes.push(outcome);
    if (!this.flushing) {
      this.flushing = true;
      // After the current report is fully handled, so one message carries all it finished.
      queueMicrotask(() => this.flush());
    }
  };

  constructor(
    private readonly host: ClusterHost,
    private readonly transport: Transport<ClientMessage, ServerMessage>,
    options: SessionOptions = {},
  ) {
    this.id = host.newSessionId();
    this.holder = `client-${this.id}`;
    this.authed = options.trusted === true || host.options.token === undefined;
    host.sessions.add(this);
    transport.onMessage((message) => this.receive(message));
    transport.onClose(() => this.gone());
  }

  close(): void {
    this.transport.close();
    this.gone();
  }

  workersChanged(): void {
    if (!this.authed) return;
    const workers = this.host.cluster.workers;
    this.transport.send({ t: "workers", count: workers.count, status: workers.status });
  }

  private refuse(code: string, message: string): void {
    this.transport.send({ t: "refused", code, message });
    this.transport.close();
  }

  private receive(message: ClientMessage): void {
    if (this.closed) return;
    if (message.t === "hello") {
      this.hello(message);
      return;
    }
    if (!this.authed) {
      this.refuse(ErrorCode.Unauthorized, "say hello with the cluster's token first.");
      return;
    }
    const { scheduler } = this.host;
    switch (message.t) {
      case "update":
        this.update(message);
        return;
      case "release":
        scheduler.release(this.holder, message.keys);
        return;
      case "cancel":
        scheduler.cancel(message.keys);
        return;
      case "request":
        this.host.request(this.id, message.op, message.args).then(
          (value) => this.transport.send({ t: "reply", id: message.id, ok: true, value }),
          (error: unknown) =>
            this.transport.send({ t: "reply", id: message.id, ok: false, error: toRemote(error) }),
        );
        return;
      case "watch":
        this.startWatching();
        return;
    }
  }

  private hello(message: Extract<ClientMessage, { t: "hello" }>): void {
    const expected = this.host.options.token;
    if (!this.authed && (expected === undefined || !sameToken(String(message.token), expected))) {
      this.refuse(
        ErrorCode.Unauthorized,
        "wrong or missing token: use the full address `weft cluster start` printed " +
          "(weft://TOKEN@host:port), token included.",
      );
      return;
    }
    if (message.version !== WIRE_VERSION) {
      this.refuse(
        ErrorCode.VersionMismatch,
        `this cluster speaks protocol ${WIRE_VERSION}, the client ${String(message.version)}; ` +
          `run the same Weft version on both sides.`,
      );
      return;
    }
    this.authed = true;
    if (message.worker !== true && message.monitor !== true) {
      this.runId = randomUUID();
      this.host.scheduler.openRun(this.runId, message.program);
    }
    const workers = this.host.cluster.workers;
    this.transport.send({
      t: "welcome",
      workers: workers.count,
      status: workers.status,
      ...(this.runId === undefined ? {} : { runId: this.runId }),
    });
  }

  private update(message: Extract<ClientMessage, { t: "update" }>): void {
    const { scheduler, cluster } = this.host;
    const tasks = new Map<string, TaskSpec>();
    for (const task of message.tasks) tasks.set(task.key, specFromWire(task));
    let runId = this.runId;
    if (runId === undefined && message.parent !== undefined) {
      const { batch, index } = message.parent;
      runId = cluster.runOfTask?.(batch, index);
      const parentKey = runId === undefined ? cluster.keyOfTask(batch, index) : undefined;
      if (parentKey !== undefined) runId = scheduler.runOf(parentKey);
    }
    try {
      scheduler.updateGraph(
        {
          tasks,
          wanted: message.wanted,
          holder: this.holder,
          ...(message.priority === undefined ? {} : { priority: message.priority }),
          ...(runId === undefined ? {} : { runId }),
        },
        this.watch,
      );
    } catch (error) {
      // A refused update (an unknown dependency): each wanted key hears why.
      const remote = toRemote(error);
      for (const key of message.wanted) {
        this.watch(key, { status: "erred", blame: key, error: remote });
      }
    }
  }

  private flush(): void {
    this.flushing = false;
    if (this.outKeys.length === 0 || this.closed) return;
    const keys = this.outKeys;
    const outcomes = this.outOutcomes;
    this.outKeys = [];
    this.outOutcomes = [];
    try {
      this.transport.send({ t: "outcomes", keys, outcomes });
    } catch (error) {
      // A value the transport cannot carry fails its keys instead of the connection.
      const remote = toRemote(
        new WeftError(
          ErrorCode.NotCloneable,
          `a result cannot be sent to the client: ${String(error)}`,
        ),
      );
      this.transport.send({
        t: "outcomes",
        keys,
        outcomes: keys.map((key) => ({ status: "erred", blame: key, error: remote })),
      });
    }
  }

  private startWatching(): void {
    if (this.unwatch !== undefined) return;
    for (const start of this.host.scheduler.openRuns())
      this.transport.send({ t: "event", event: start });
    this.unwatch = this.host.scheduler.subscribe((event) => {
      this.transport.send({ t: "event", event });
    });
  }

  private gone(): void {
    if (this.closed) return;
    this.closed = true;
    this.host.sessions.delete(this);
    this.unwatch?.();
    const { scheduler } = this.host;
    // Work only this client wanted stops; shared keys stay for their other holders.
    scheduler.release(this.holder, scheduler.keysHeldBy(this.holder));
    this.host.coordination.dropSession(this.id);
    if (this.runId !== undefined) scheduler.closeRun(this.runId);
  }
}
