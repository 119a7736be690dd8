/**
 * The link to a scheduler elsewhere: messages over a socket (a `weft cluster start` process) or
 * over a MessagePort (a task's own client, to the scheduler that runs it). Tasks go out with
 * their futures encoded as wire refs; outcomes and replies come back. If the connection drops,
 * everything pending fails with E_CONNECTION_LOST instead of waiting forever.
 */
import { ErrorCode, WeftError } from "../errors";
import type { TaskSpec } from "../graph/task-spec";
import { encodeRefs } from "../wire/encode";
import {
  WIRE_VERSION,
  type ClientMessage,
  type ParentTask,
  type ServerMessage,
  type WireTask,
  type WorkersStatus,
} from "../wire/messages";
import type { Transport } from "../wire/transport";
import type { LinkHandlers, SchedulerLink } from "./link";

export interface RemoteHello {
  readonly token: string;
  readonly program?: string;
  readonly worker?: boolean;
  readonly monitor?: boolean;
}

function toWire(task: TaskSpec): WireTask {
  return {
    key: task.key,
    fn: task.fn,
    args: task.hasRefs ? (encodeRefs(task.args) as unknown[]) : task.args,
    dependencies: task.dependencies,
    hasRefs: task.hasRefs,
    ...(task.location === undefined ? {} : { location: task.location }),
    ...(task.retries === undefined ? {} : { retries: task.retries }),
    ...(task.timeout === undefined ? {} : { timeout: task.timeout }),
  };
}

export class RemoteLink implements SchedulerLink {
  readonly localCluster = undefined;
  /** Resolves with the run id once the scheduler welcomed this client. */
  readonly ready: Promise<string | undefined>;
  private count = 0;
  private status: WorkersStatus = "ready";
  private nextRequest = 0;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private lostError: WeftError | undefined;
  private closing = false;
  private eventHandler: ((message: ServerMessage & { t: "event" }) => void) | undefined;

  constructor(
    private readonly transport: Transport<ServerMessage, ClientMessage>,
    private readonly handlers: LinkHandlers,
    hello: RemoteHello,
    describe: string,
  ) {
    let welcome: (runId: string | undefined) => void = () => undefined;
    let refuse: (error: WeftError) => void = () => undefined;
    this.ready = new Promise((resolve, reject) => {
      welcome = resolve;
      refuse = reject;
    });
    // Nobody may be waiting on `ready`; its rejection is also delivered through `lost`.
    this.ready.catch(() => undefined);
    transport.onMessage((message) => {
      switch (message.t) {
        case "welcome":
          this.count = message.workers;
          this.status = message.status;
          welcome(message.runId);
          return;
        case "refused": {
          const error = new WeftError(
            message.code as ErrorCode,
            `${describe} refused this client: ${message.message}`,
          );
          refuse(error);
          this.fail(error);
          return;
        }
        case "outcomes":
          for (let i = 0; i < message.keys.length; i++) {
            handlers.outcome(message.keys[i] as string, message.outcomes[i] as never);
          }
          return;
        case "reply": {
          const waiter = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (waiter === undefined) return;
          if (message.ok) waiter.resolve(message.value);
          else {
            const remote = message.error;
            const error = new WeftError(
              (remote?.code as ErrorCode | undefined) ?? ErrorCode.TaskFailed,
              remote?.message ?? "the request failed",
            );
            waiter.reject(error);
          }
          return;
        }
        case "workers":
          this.count = message.count;
          this.status = message.status;
          return;
        case "event":
          this.eventHandler?.(message);
          return;
      }
    });
    transport.onClose((cause) => {
      const error = new WeftError(
        ErrorCode.ConnectionLost,
        `the connection to ${describe} was lost${cause === undefined ? "" : ` (${cause.message})`}; ` +
          `its results are gone. Check that the cluster is still running, then run the program again.`,
        { cause },
      );
      refuse(error);
      if (!this.closing) this.fail(error);
    });
    transport.send({ t: "hello", version: WIRE_VERSION, ...hello });
  }

  /** Receives the cluster's event stream (monitors). */
  onEvent(handler: (message: ServerMessage & { t: "event" }) => void): void {
    this.eventHandler = handler;
    this.transport.send({ t: "watch" });
  }

  workers() {
    return { count: this.count, status: this.status };
  }

  update(
    tasks: readonly TaskSpec[],
    wanted: readonly string[],
    priority: number | undefined,
    parent: ParentTask | undefined,
  ): void {
    if (this.lostError !== undefined) {
      for (const key of wanted) this.handlers.outcome(key, this.lostOutcome(key));
      return;
    }
    this.transport.send({
      t: "update",
      tasks: tasks.map(toWire),
      wanted,
      ...(priority === undefined ? {} : { priority }),
      ...(parent === undefined ? {} : { parent }),
    });
  }

  release(keys: readonly string[]): void {
    if (keys.length > 0) this.transport.send({ t: "release", keys });
  }

  cancel(keys: readonly string[]): void {
    if (keys.length > 0) this.transport.send({ t: "cancel", keys });
  }

  request(op: string, args: unknown[]): Promise<unknown> {
    if (this.lostError !== undefined) return Promise.reject(this.lostError);
    const id = ++this.nextRequest;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.keepAlive(true);
      this.transport.send({ t: "request", id, op, args: encodeRefs(args) as unknown[] });
    }).finally(() => {
      if (this.pending.size === 0) this.keepAlive(false);
    });
  }

  private busy = false;

  keepAlive(keep: boolean): void {
    const want = keep || this.pending.size > 0;
    if (want === this.busy) return;
    this.busy = want;
    this.transport.setKeepAlive(want);
  }

  close(): Promise<void> {
    this.closing = true;
    this.transport.close();
    return Promise.resolve();
  }

  private lostOutcome(key: string) {
    const error = this.lostError as WeftError;
    return {
      status: "erred" as const,
      blame: key,
      error: {
        name: error.name,
        message: error.message,
        stack: error.stack ?? "",
        code: error.code,
      },
    };
  }

  private fail(error: WeftError): void {
    if (this.lostError !== undefined) return;
    this.lostError = error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
    this.handlers.lost(error);
  }
}
