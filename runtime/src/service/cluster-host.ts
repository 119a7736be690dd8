/**
 * What serves clients: a scheduler, the local cluster that runs its tasks, and the cluster-wide
 * coordination primitives. The in-process default and the `weft cluster start` process are both
 * a ClusterHost; clients reach it directly (in-process), through a task's MessagePort, or over
 * a socket (service/session.ts).
 */
import { randomUUID } from "node:crypto";
import type { HostedCluster } from "../cluster/hosted-cluster";
import { CoordinationState } from "../coordination/coordination-state";
import { ErrorCode, WeftError } from "../errors";
import type { Scheduler } from "../scheduler/scheduler";
import type { TaskOutcome } from "../scheduler/task-record";
import type { ClientMessage, ClusterStatus, ServerMessage, WorkersStatus } from "../wire/messages";
import { portTransport } from "../wire/transport";
import { wireRefKeys } from "../wire/encode";
import { Session } from "./session";

const FIRE_AND_FORGET = "fire-and-forget";
const COORDINATION = "coordination";

export interface HostOptions {
  /** The secret every socket client must present; none for an in-process host. */
  readonly token?: string;
  /** The address clients use, for status answers. */
  address?: string;
}

export class ClusterHost {
  readonly coordination: CoordinationState;
  readonly sessions = new Set<Session>();
  private readonly heldByValues = new Map<string, number>();
  private lastStatus: WorkersStatus;
  private readonly statusTimer: ReturnType<typeof setInterval>;
  /** Set by the cluster process: what a `shutdown` request does. */
  onShutdown: (() => void) | undefined;

  constructor(
    readonly scheduler: Scheduler,
    readonly cluster: HostedCluster,
    readonly options: HostOptions = {},
  ) {
    this.coordination = new CoordinationState({
      hold: (value) => this.holdValueKeys(value),
      unhold: (value) => this.unholdValueKeys(value),
    });
    cluster.onWorkerClient((port) => {
      const transport = portTransport<ClientMessage, ServerMessage>(port);
      new Session(this, transport, { trusted: true });
      // A task's channel must not keep a finished program alive.
      transport.setKeepAlive(false);
    });
    this.lastStatus = cluster.workers.status;
    // Tell connected clients when the workers finish growing or shrinking.
    this.statusTimer = setInterval(() => this.broadcastStatus(), 200);
    this.statusTimer.unref();
  }

  /** A new id for a client session. */
  newSessionId(): string {
    return randomUUID();
  }

  /** Requests that clients of every kind (in-process, task, socket) make the same way. */
  async request(session: string, op: string, args: readonly unknown[]): Promise<unknown> {
    switch (op) {
      case "status":
        return this.status();
      case "scale":
        this.cluster.scale(Number(args[0]));
        this.broadcastStatus();
        return this.cluster.workers.count;
      case "shutdown":
        if (this.onShutdown === undefined) {
          throw new WeftError(
            ErrorCode.BadArgument,
            "this cluster cannot be shut down by a client.",
          );
        }
        setImmediate(this.onShutdown);
        return true;
      case "fireAndForget":
        this.fireAndForget(args[0] as string[]);
        return undefined;
      default:
        return this.coordination.request(session, op, args);
    }
  }

  status(): ClusterStatus {
    return {
      pid: process.pid,
      address: this.options.address ?? "in-process",
      workers: this.cluster.workers.count,
      workersStatus: this.cluster.workers.status,
      runs: this.scheduler.openRuns().map((run) => ({
        runId: run.runId,
        ...(run.program === undefined ? {} : { program: run.program }),
      })),
      tasks: this.scheduler.counts(),
    };
  }

  /** Keeps keys running and held until they finish, with nobody holding their futures. */
  private fireAndForget(keys: readonly string[]): void {
    const known = keys.filter((key) => this.scheduler.has(key));
    this.scheduler.updateGraph(
      { tasks: new Map(), wanted: known, holder: FIRE_AND_FORGET },
      (key: string, _outcome: TaskOutcome) => {
        setImmediate(() => this.scheduler.release(FIRE_AND_FORGET, [key]));
      },
    );
  }

  private holdValueKeys(value: unknown): void {
    const fresh: string[] = [];
    for (const key of wireRefKeys(value)) {
      const count = this.heldByValues.get(key) ?? 0;
      this.heldByValues.set(key, count + 1);
      if (count === 0 && this.scheduler.has(key)) fresh.push(key);
    }
    if (fresh.length > 0) {
      this.scheduler.updateGraph({ tasks: new Map(), wanted: fresh, holder: COORDINATION });
    }
  }

  private unholdValueKeys(value: unknown): void {
    const gone: string[] = [];
    for (const key of wireRefKeys(value)) {
      const count = (this.heldByValues.get(key) ?? 1) - 1;
      if (count > 0) this.heldByValues.set(key, count);
      else {
        this.heldByValues.delete(key);
        gone.push(key);
      }
    }
    // The taker holds the keys first (its client wants them as it decodes the value).
    if (gone.length > 0) setTimeout(() => this.scheduler.release(COORDINATION, gone), 1000).unref();
  }

  private broadcastStatus(): void {
    const status = this.cluster.workers.status;
    if (status === this.lastStatus) return;
    this.lastStatus = status;
    for (const session of this.sessions) session.workersChanged();
  }

  /** Ends every session and stops the workers. */
  async close(): Promise<void> {
    clearInterval(this.statusTimer);
    for (const session of [...this.sessions]) session.close();
    this.scheduler.cancelAll();
    await this.cluster.close();
  }
}
