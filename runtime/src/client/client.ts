/**
 * The futures API: `new Client()` (in-process cluster by default; `WEFT_SCHEDULER` or
 * `{ address }` for a running cluster; `{ cluster }` for a given LocalCluster), `submit`, `map`,
 * `gather`, `scatter`, `wait`, `asCompleted`, `cancel`, `close`, and `with(options)` for a view
 * whose tasks carry key, pure, priority, retries and timeout.
 */
import { basename } from "node:path";
import { errorForOutcome } from "../api/run-graph";
import type { LocalCluster, WorkersControl } from "../cluster/local-cluster";
import { ErrorCode, WeftError } from "../errors";
import { appendOnce, scanArgs, substituteRefs } from "../graph/args";
import { makeKey, uniqueToken } from "../graph/key";
import type { KeyRef } from "../graph/key-ref";
import { callerLocation } from "../graph/location";
import type { TaskSpec } from "../graph/task-spec";
import { tokenize } from "../graph/tokenize";
import type { SourceLocation } from "../protocol/events";
import type { TaskOutcome } from "../scheduler/task-record";
import { objectKind } from "../shipping/cloneable";
import { fnRefIdentity } from "../shipping/fn-ref";
import { functionName, resolveFunction, type AnyFunction } from "../shipping/resolve-function";
import { currentTask } from "../worker/task-context";
import { decodeRefs, encodeRefs } from "../wire/encode";
import type { WorkersStatus } from "../wire/messages";
import { AsCompleted, type AsCompletedOptions } from "./as-completed";
import { inWeftWorker, portToScheduler, socketTo } from "./connect";
import { Future, type FutureOwner } from "./future";
import { FutureState } from "./future-state";
import {
  TASK_OPTION_NAMES,
  type FutureArgs,
  type FutureIterables,
  type Gathered,
  type TaskOptions,
} from "./future-types";
import { defaultHost, hostForCluster } from "./hosts";
import type { SchedulerLink } from "./link";
import { LocalLink } from "./local-link";
import type { RedisClusterOptions } from "../redis/redis-cluster";
import { redisHost } from "../redis/redis-host";
import { RemoteLink } from "./remote-link";
import { TaskHolds } from "./task-holds";
import { wait, type WaitOptions, type WaitResult } from "./wait";

export interface ClientOptions {
  /** A running cluster's address (what `weft cluster start` printed). Default `WEFT_SCHEDULER`. */
  readonly address?: string;
  /** Run on this LocalCluster instead of the embedded default. */
  readonly cluster?: LocalCluster;
  /**
   * Run the tasks on `weft worker` processes through Redis (`redis://HOST:PORT`, or options
   * such as the queue name); the scheduler stays in this process. Default `WEFT_REDIS`.
   */
  readonly redis?: string | RedisClusterOptions;
  /** The program's name in the cluster's run-start event. Default: the script's file name. */
  readonly name?: string;
}

/** `client.cluster`: the same on an in-process LocalCluster and on a cluster process. */
export interface ClusterControl {
  scale(count: number): void;
  readonly workers: WorkersControl;
}

export interface GatherOptions {
  /** "raise" (default): reject with the first error. "skip": leave failed futures out of lists. */
  readonly errors?: "raise" | "skip";
}

interface Held {
  readonly state: FutureState;
  future: WeakRef<Future<unknown>> | undefined;
}

const EMPTY_OPTIONS: TaskOptions = {};

/** The most recent client of this thread, for `getClient()` outside a task. */
let lastClient: Client | undefined;

function rememberClient(client: Client): void {
  lastClient = client;
}

export function currentClient(): Client | undefined {
  return lastClient !== undefined && !lastClient.closed ? lastClient : undefined;
}

function checkTaskOptions(options: TaskOptions): void {
  if (typeof options !== "object" || options === null) {
    throw new WeftError(
      ErrorCode.BadArgument,
      "client.with(options): options must be an object like { priority: 1, retries: 2 }.",
    );
  }
  const unknown = Object.keys(options).filter((name) => !TASK_OPTION_NAMES.includes(name));
  if (unknown.length > 0) {
    throw new WeftError(
      ErrorCode.BadArgument,
      `client.with: unknown option ${unknown.map((n) => `'${n}'`).join(", ")}; the options are ` +
        `${TASK_OPTION_NAMES.join(", ")}. Arguments for the function go to submit/map itself.`,
    );
  }
  const { retries, timeout, priority } = options;
  if (retries !== undefined && (!Number.isInteger(retries) || retries < 0)) {
    throw new WeftError(
      ErrorCode.BadArgument,
      `retries must be a whole number ≥ 0, got ${String(retries)}.`,
    );
  }
  if (timeout !== undefined && (typeof timeout !== "number" || !(timeout > 0))) {
    throw new WeftError(
      ErrorCode.BadArgument,
      `timeout must be a number of ms > 0, got ${String(timeout)}.`,
    );
  }
  if (priority !== undefined && typeof priority !== "number") {
    throw new WeftError(
      ErrorCode.BadArgument,
      `priority must be a number, got ${String(priority)}.`,
    );
  }
}

/** The futures inside a value (arrays, plain objects, Maps, Sets), each once. */
function findFutures(value: unknown, out: Set<Future<unknown>>): void {
  if (typeof value !== "object" || value === null) return;
  if (value instanceof Future) {
    out.add(value);
    return;
  }
  switch (objectKind(value)) {
    case "array":
      for (const item of value as unknown[]) findFutures(item, out);
      return;
    case "object":
      for (const item of Object.values(value)) findFutures(item, out);
      return;
    case "map":
      for (const [k, v] of value as Map<unknown, unknown>) {
        findFutures(k, out);
        findFutures(v, out);
      }
      return;
    case "set":
      for (const item of value as Set<unknown>) findFutures(item, out);
      return;
    default:
      return;
  }
}

function programName(): string | undefined {
  const script = process.argv[1];
  return script === undefined ? undefined : basename(script);
}

/** How many calls per function record their own call site; later ones reuse the last. */
const LOCATIONS_PER_FUNCTION = 100;
const locations = new WeakMap<AnyFunction, { calls: number; last: SourceLocation | undefined }>();

/** Where the user's submit or map call is, for the dashboard; cheap after the first calls. */
function callSite(fn: AnyFunction, below: AnyFunction): SourceLocation | undefined {
  let known = locations.get(fn);
  if (known === undefined) {
    known = { calls: 0, last: undefined };
    if (typeof fn === "function") locations.set(fn, known);
  }
  if (known.calls < LOCATIONS_PER_FUNCTION) {
    known.calls++;
    known.last = callerLocation(below);
  }
  return known.last;
}

/** Shared by the client and its views: what submit and map do with a set of options. */
abstract class Submitter {
  protected abstract readonly options: TaskOptions;
  protected abstract readonly owner: Client;

  /** Runs `fn(...args)` on the cluster. Futures among the arguments are waited for first. */
  submit<A extends readonly unknown[], R>(
    fn: (...args: A) => R,
    ...args: FutureArgs<A>
  ): Future<Awaited<R>> {
    const location = callSite(fn as AnyFunction, this.submit);
    const [future] = this.owner.make(fn as AnyFunction, [args], this.options, location, false);
    return future as Future<Awaited<R>>;
  }

  /** Runs `fn` once per element of the iterables (zipped, as in Dask); one future each. */
  map<A extends readonly unknown[], R>(
    fn: (...args: A) => R,
    ...iterables: FutureIterables<A>
  ): Future<Awaited<R>>[] {
    const location = callSite(fn as AnyFunction, this.map);
    if (iterables.length === 0) {
      throw new WeftError(
        ErrorCode.BadArgument,
        "map(fn, ...iterables): pass at least one iterable.",
      );
    }
    const lists = (iterables as readonly Iterable<unknown>[]).map((iterable, i) => {
      if (
        iterable === null ||
        typeof (iterable as Iterable<unknown>)[Symbol.iterator] !== "function"
      ) {
        throw new WeftError(
          ErrorCode.BadArgument,
          `map: argument ${i + 2} is not iterable; map takes one iterable per parameter of the ` +
            `function (use submit for single values).`,
        );
      }
      return Array.isArray(iterable) ? (iterable as unknown[]) : [...iterable];
    });
    const length = Math.min(...lists.map((list) => list.length));
    const argLists: unknown[][] = new Array(length);
    for (let i = 0; i < length; i++) argLists[i] = lists.map((list) => list[i]);
    return this.owner.make(fn as AnyFunction, argLists, this.options, location, true) as Future<
      Awaited<R>
    >[];
  }

  /** A view whose tasks carry these options too (like `dask.annotate`). */
  with(options: TaskOptions): ClientView {
    checkTaskOptions(options);
    return new ClientView(this.owner, { ...this.options, ...options });
  }
}

/** `client.with(options)`: submit and map with options; everything else is the client's. */
export class ClientView extends Submitter {
  constructor(
    protected readonly owner: Client,
    protected readonly options: TaskOptions,
  ) {
    super();
  }

  get client(): Client {
    return this.owner;
  }
}

export class Client extends Submitter implements FutureOwner {
  protected readonly options = EMPTY_OPTIONS;
  protected get owner(): Client {
    return this;
  }
  private readonly link: SchedulerLink;
  private readonly held = new Map<string, Held>();
  /** In a worker: the futures each running task obtained, released when it ends. */
  private readonly taskHolds = inWeftWorker()
    ? new TaskHolds((key) => this.held.get(key)?.future?.deref()?.release())
    : undefined;
  private pendingCount = 0;
  private closedFlag = false;
  private lostError: WeftError | undefined;
  /** Resolves once the scheduler accepted this client (at once in-process). */
  private readonly readyPromise: Promise<unknown>;
  private readonly collected = new FinalizationRegistry<{ key: string; state: FutureState }>(
    ({ key, state }) => {
      const held = this.held.get(key);
      if (held?.state === state && held.future?.deref() === undefined) this.drop(key);
    },
  );

  constructor(options: ClientOptions = {}) {
    super();
    const handlers = {
      outcome: (key: string, outcome: TaskOutcome) => this.outcome(key, outcome),
      lost: (error: WeftError) => this.lost(error),
    };
    const address =
      options.address ??
      (options.cluster === undefined && options.redis === undefined
        ? process.env["WEFT_SCHEDULER"]
        : undefined);
    if (address !== undefined && address !== "") {
      const { transport, token, describe } = socketTo(address);
      const name = options.name ?? programName();
      const link = new RemoteLink(
        transport,
        handlers,
        { token, ...(name === undefined ? {} : { program: name }) },
        describe,
      );
      transport.setKeepAlive(false);
      this.link = link;
      this.readyPromise = link.ready;
    } else if (options.cluster !== undefined) {
      this.link = new LocalLink(hostForCluster(options.cluster), handlers);
      this.readyPromise = Promise.resolve();
    } else if (options.redis !== undefined) {
      this.link = new LocalLink(redisHost(options.redis), handlers);
      this.readyPromise = Promise.resolve();
    } else if (inWeftWorker()) {
      const transport = portToScheduler();
      const link = new RemoteLink(
        transport,
        handlers,
        { token: "", worker: true },
        "the scheduler running this task",
      );
      transport.setKeepAlive(false);
      this.link = link;
      this.readyPromise = link.ready;
    } else {
      this.link = new LocalLink(defaultHost(), handlers);
      this.readyPromise = Promise.resolve();
    }
    rememberClient(this);
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Resolves once the cluster accepted this client; rejects (E_UNAUTHORIZED, ...) if it did not. */
  async connected(): Promise<void> {
    await this.readyPromise;
  }

  /** The cluster: `scale(n)`, `workers.set(n)`, `workers.status`. */
  get cluster(): ClusterControl {
    const local = this.link.localCluster;
    if (local !== undefined) return local;
    return (this.remoteCluster ??= this.remoteControl());
  }

  private remoteCluster: ClusterControl | undefined;

  /** Scaling a cluster process: a request, with the count asked for shown until it reports. */
  private remoteControl(): ClusterControl {
    const link = this.link;
    let asked: { count: number; status: WorkersStatus } | undefined;
    const scale = (count: number): void => {
      const before = link.workers().count;
      asked = {
        count,
        status: count > before ? "increasing" : count < before ? "decreasing" : "ready",
      };
      void link.request("scale", [count]).catch(() => undefined);
    };
    return {
      scale,
      get workers(): WorkersControl {
        const known = link.workers();
        // Until the cluster reports the change, report what was asked for.
        const current = asked !== undefined && known.count !== asked.count ? asked : known;
        return { set: scale, count: current.count, status: current.status };
      },
    };
  }

  /** @internal Makes the tasks of a submit or map and their futures. */
  make(
    fn: AnyFunction,
    argLists: readonly (readonly unknown[])[],
    options: TaskOptions,
    location: SourceLocation | undefined,
    many: boolean,
  ): Future<unknown>[] {
    this.checkOpen();
    if (typeof fn !== "function") {
      throw new WeftError(
        ErrorCode.BadArgument,
        `${many ? "map" : "submit"}(fn, ...): the first argument must be a function, got ${typeof fn}.`,
      );
    }
    const ref = resolveFunction(fn);
    const identity = fnRefIdentity(ref);
    const name = typeof options.key === "string" && many ? options.key : functionName(fn);
    const pure = options.pure ?? true;
    const explicitKeys = this.explicitKeys(options.key, argLists.length, many);
    const futures: Future<unknown>[] = new Array(argLists.length);
    const tasks: TaskSpec[] = [];
    const wanted: string[] = [];
    for (let i = 0; i < argLists.length; i++) {
      const args = argLists[i] as readonly unknown[];
      const dependencies: string[] = [];
      let key = explicitKeys?.[i] ?? (pure ? "" : makeKey(name, uniqueToken()));
      const append = appendOnce(dependencies);
      scanArgs(args, key === "" ? `${name}-pending` : key, (found: KeyRef) => append(found.key));
      if (key === "") key = makeKey(name, tokenize(identity, args));
      const existing = this.held.get(key);
      const alive = existing?.future?.deref();
      if (existing !== undefined && alive !== undefined) {
        futures[i] = alive;
        continue;
      }
      futures[i] = this.hold(key, existing?.state);
      if (existing !== undefined) continue;
      tasks.push({
        key,
        fn: ref,
        args,
        dependencies,
        hasRefs: dependencies.length > 0,
        ...(location === undefined ? {} : { location }),
        ...(options.retries === undefined ? {} : { retries: options.retries }),
        ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
      });
      wanted.push(key);
    }
    if (this.taskHolds !== undefined) for (const future of futures) this.taskHolds.note(future.key);
    if (wanted.length > 0) this.send(tasks, wanted, options.priority);
    return futures;
  }

  private explicitKeys(
    key: TaskOptions["key"],
    count: number,
    many: boolean,
  ): readonly string[] | undefined {
    if (key === undefined || (typeof key === "string" && many)) return undefined;
    const keys = typeof key === "string" ? [key] : key;
    if (
      !Array.isArray(keys) ||
      keys.length !== count ||
      keys.some((k) => typeof k !== "string" || k === "")
    ) {
      throw new WeftError(
        ErrorCode.BadArgument,
        many
          ? `map: key must be a name prefix or a list of ${count} keys, one per task.`
          : "submit: key must be a non-empty string.",
      );
    }
    return keys;
  }

  private send(
    tasks: readonly TaskSpec[],
    wanted: readonly string[],
    priority: number | undefined,
  ): void {
    const context = currentTask();
    this.link.update(
      tasks,
      wanted,
      priority,
      context === undefined ? undefined : { batch: context.batch, index: context.index },
    );
  }

  /** A new Future for `key`, sharing `state` if the key is already held. */
  private hold(key: string, state?: FutureState): Future<unknown> {
    const shared = state ?? new FutureState(key);
    if (state === undefined) {
      this.pendingCount++;
      if (this.pendingCount === 1) this.link.keepAlive(true);
    }
    const future = new Future<unknown>(shared, this);
    this.held.set(key, { state: shared, future: new WeakRef(future) });
    this.collected.register(future, { key, state: shared }, future);
    return future;
  }

  /** A future for a key already on the cluster (Dask's `Future(key)`); E_MISSING_KEY if unknown. */
  future<T = unknown>(key: string): Future<T> {
    this.checkOpen();
    this.taskHolds?.note(key);
    const existing = this.held.get(key)?.future?.deref();
    if (existing !== undefined) return existing as Future<T>;
    const future = this.hold(key, this.held.get(key)?.state);
    this.send([], [key], undefined);
    return future as Future<T>;
  }

  /**
   * Puts data on the cluster: one future, or one per element of an array. Tasks that take it
   * get a copy with each message; with `broadcast: true` each worker gets one copy, once, and
   * every task it runs shares that copy (do not change it in a task).
   */
  scatter<T>(data: readonly T[], options?: { readonly broadcast?: boolean }): Future<T>[];
  scatter<T>(data: T, options?: { readonly broadcast?: boolean }): Future<T>;
  scatter(data: unknown, options: { readonly broadcast?: boolean } = {}): unknown {
    this.checkOpen();
    const unknown = Object.keys(options).filter((name) => name !== "broadcast");
    if (unknown.length > 0) {
      throw new WeftError(
        ErrorCode.BadArgument,
        `scatter: unknown option ${unknown.map((n) => `'${n}'`).join(", ")}; the one option is ` +
          `'broadcast' (true: each worker keeps one copy).`,
      );
    }
    const op = options.broadcast === true ? "broadcast" : "literal";
    const one = (value: unknown): Future<unknown> => {
      const name = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
      const key = makeKey(
        `${op === "broadcast" ? "broadcast" : "scatter"}-${name}`,
        tokenize(value),
      );
      scanArgs([value], key, () => {
        throw new WeftError(ErrorCode.BadArgument, "scatter: data may not contain futures.");
      });
      this.taskHolds?.note(key);
      const existing = this.held.get(key);
      const alive = existing?.future?.deref();
      if (alive !== undefined) return alive;
      const future = this.hold(key, existing?.state);
      if (existing === undefined) {
        const spec: TaskSpec = {
          key,
          fn: { kind: "inline", op },
          args: [value],
          dependencies: [],
          hasRefs: false,
        };
        this.send([spec], [key], undefined);
      }
      return future;
    };
    return Array.isArray(data) ? data.map(one) : one(data);
  }

  /**
   * Waits for futures (also inside arrays, objects, Maps and Sets) and gives back the same shape
   * with results in place.
   */
  async gather<T>(futures: T, options: GatherOptions = {}): Promise<Gathered<T>> {
    const errors = options.errors ?? "raise";
    if (errors !== "raise" && errors !== "skip") {
      throw new WeftError(
        ErrorCode.BadArgument,
        `gather: errors must be "raise" or "skip", got ${String(errors)}.`,
      );
    }
    const found = new Set<Future<unknown>>();
    findFutures(futures, found);
    await new Promise<void>((resolve, reject) => {
      let left = found.size;
      if (left === 0) {
        resolve();
        return;
      }
      let failed = false;
      for (const future of found) {
        future.state.whenDone(() => {
          if (failed) return;
          if (errors === "raise" && future.state.status !== "finished") {
            failed = true;
            reject(future.state.failure());
            return;
          }
          if (--left === 0) resolve();
        });
      }
    });
    const ok = (value: unknown): boolean =>
      !(value instanceof Future) || value.state.status === "finished";
    const shape =
      errors === "skip" && Array.isArray(futures) ? (futures as unknown[]).filter(ok) : futures;
    return substituteRefs(shape, (key) => {
      const state = this.held.get(key)?.state;
      return state?.status === "finished" ? state.value : undefined;
    }) as Gathered<T>;
  }

  /** See `wait`. */
  wait<T>(futures: Future<T> | Iterable<Future<T>>, options?: WaitOptions): Promise<WaitResult<T>> {
    return wait(futures, options);
  }

  /** See `asCompleted`. */
  asCompleted<T>(
    futures: Iterable<Future<T>> = [],
    options: AsCompletedOptions = {},
  ): AsCompleted<T, boolean> {
    return new AsCompleted<T, boolean>(futures, options);
  }

  /** Stops these futures' tasks (running ones are interrupted) and their dependents. */
  async cancel(futures: readonly Future<unknown>[] | Future<unknown>): Promise<void> {
    const list = Array.isArray(futures) ? futures : [futures as Future<unknown>];
    const keys = list.filter((future) => !future.done()).map((future) => future.key);
    if (keys.length > 0 && !this.closedFlag) this.link.cancel(keys);
  }

  /** Keeps the tasks running to the end though nothing holds their futures. */
  async fireAndForget(futures: readonly Future<unknown>[] | Future<unknown>): Promise<void> {
    this.checkOpen();
    const list = Array.isArray(futures) ? futures : [futures as Future<unknown>];
    await this.link.request("fireAndForget", [list.map((future) => future.key)]);
  }

  /** @internal Cluster-wide primitives (Lock, Queue, ...) ask through here. */
  async coordinate(op: string, args: unknown[]): Promise<unknown> {
    this.checkOpen();
    const answer = await this.link.request(op, encodeRefs(args) as unknown[]);
    return decodeRefs(answer, (key) => this.future(key));
  }

  /** What the cluster is doing: workers, runs, tasks per state. */
  status(): Promise<unknown> {
    this.checkOpen();
    return this.link.request("status", []);
  }

  /** @internal */
  releaseFuture(future: Future<unknown>): void {
    const held = this.held.get(future.key);
    if (held === undefined || held.state !== future.state) return;
    this.collected.unregister(future);
    this.drop(future.key);
  }

  private drop(key: string): void {
    const held = this.held.get(key);
    if (held === undefined) return;
    this.held.delete(key);
    if (!held.state.done) this.settled();
    if (!this.closedFlag) this.link.release([key]);
  }

  private settled(): void {
    this.pendingCount--;
    if (this.pendingCount === 0) this.link.keepAlive(false);
  }

  private outcome(key: string, outcome: TaskOutcome): void {
    const held = this.held.get(key);
    if (held === undefined || held.state.done) return;
    this.settled();
    switch (outcome.status) {
      case "memory":
        held.state.finish("finished", outcome.value, undefined);
        return;
      case "erred":
        held.state.finish("error", undefined, errorForOutcome(outcome.blame, outcome.error));
        return;
      case "cancelled":
        held.state.finish(
          "cancelled",
          undefined,
          new WeftError(ErrorCode.Cancelled, `task ${key} was cancelled before it finished.`),
        );
        return;
    }
  }

  private lost(error: WeftError): void {
    this.lostError = error;
    for (const held of this.held.values()) {
      if (!held.state.done) {
        this.settled();
        held.state.finish("lost", undefined, error);
      }
    }
  }

  private checkOpen(): void {
    if (this.closedFlag) {
      throw new WeftError(
        ErrorCode.ClientClosed,
        "this client was closed; make a new Client to submit more work.",
      );
    }
    if (this.lostError !== undefined) throw this.lostError;
  }

  /** Releases every future of this client and disconnects; pending ones fail with E_CLIENT_CLOSED. */
  async close(): Promise<void> {
    if (this.closedFlag) return;
    this.closedFlag = true;
    const error = new WeftError(
      ErrorCode.ClientClosed,
      "its client was closed before the task finished; keep the client open until you have the results.",
    );
    for (const held of this.held.values()) {
      if (!held.state.done) {
        this.settled();
        held.state.finish("lost", undefined, error);
      }
    }
    const keys = [...this.held.keys()];
    this.held.clear();
    this.link.release(keys);
    if (lastClient === this) lastClient = undefined;
    await this.link.close();
  }
}
