/**
 * The scheduler: takes graph updates from holders (a compute, a persist, later a remote client),
 * moves each task through its states with the transitions table, hands ready tasks to an
 * executor in priority-then-graph order, and tells holders how their keys ended. Everything it
 * shares with its callers goes through `updateGraph`, `release`, `cancel`, watchers and events,
 * so it can sit behind a client protocol in another process.
 */
import { substituteRefs } from "../graph/args";
import { graphOrder } from "../graph/order";
import type { TaskSpec } from "../graph/task-spec";
import { missingKeyError } from "../graph/validate";
import { groupOfKey, type RunStartEvent, type TaskState } from "../protocol/events";
import { isBroadcast, type WorkerFnRef } from "../shipping/fn-ref";
import { sharedMarker } from "../shipping/shared-values";
import { isTransfer } from "../shipping/transfer";
import { EventRecorder, type EventListener } from "./event-recorder";
import type { Executor, RunnableTask, TaskReport } from "./executor";
import { ReadyQueue } from "./ready-queue";
import {
  NO_TASKS,
  addHolder,
  removeHolder,
  type OutcomeWatcher,
  type TaskOutcome,
  type TaskRecord,
} from "./task-record";
import {
  TRANSITION_TABLE,
  releasable,
  type TransitionCore,
  type TransitionDetail,
} from "./transitions";

export interface GraphUpdate {
  /** New tasks; keys the scheduler already knows are kept as they are. */
  readonly tasks: ReadonlyMap<string, TaskSpec>;
  /** Keys whose results the holder wants; it holds them until it releases them. */
  readonly wanted: readonly string[];
  readonly holder: string;
  /** Higher runs first; default 0. */
  readonly priority?: number;
  /** The run (see `openRun`) whose event stream reports the new tasks; default: the scheduler's own. */
  readonly runId?: string;
}

/** How many finished keys keep their final state for `visualize` after they are released. */
const HISTORY_LIMIT = 100_000;

export class Scheduler {
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly ready = new ReadyQueue();
  // Queued transitions, as three parallel lists to spare an allocation per transition.
  private readonly pendingTasks: TaskRecord[] = [];
  private readonly pendingStates: TaskState[] = [];
  private readonly pendingDetails: (TransitionDetail | undefined)[] = [];
  private readonly recorder: EventRecorder;
  private readonly history = new Map<string, TaskState>();
  private nextRank = 0;
  /** waiting + queued + processing: when it drops to 0 the run has ended. */
  private active = 0;
  private settling = false;
  private readonly core: TransitionCore;
  private readonly report = (reports: readonly TaskReport[]): void => this.tasksDone(reports);
  private readonly listeners = new Set<EventListener>();
  private readonly runs = new Map<string, EventRecorder>();
  /** Running tasks that were cancelled, for the executor to stop once transitions settle. */
  private stopped: string[] = [];
  /** Results released since the last settle, for an executor that keeps them (Redis). */
  private releasedResults: string[] = [];
  /** Broadcast values released since the last settle, for workers to let go. */
  private droppedShared: string[] = [];

  constructor(private readonly executor: Executor) {
    this.recorder = new EventRecorder(() => executor.workerSamples?.() ?? [], this.listeners);
    executor.setWakeup?.(() => this.settle());
    executor.onChildEvents?.((parent, event) => {
      (this.tasks.get(parent)?.recorder ?? this.recorder).hearChild(parent, event);
    });
    this.core = {
      ready: this.ready,
      enqueue: (task, to, detail) => {
        this.pendingTasks.push(task);
        this.pendingStates.push(to);
        this.pendingDetails.push(detail);
      },
      notify: (task, outcome) => this.notify(task, outcome),
      forget: (task) => this.tasks.delete(task.key),
    };
  }

  /** Subscribes to the event stream; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    return this.recorder.subscribe(listener);
  }

  /**
   * Starts a run of its own (a client connection on a shared cluster): its tasks are reported
   * under `runId` from now until `closeRun`, whatever else the scheduler is doing.
   */
  openRun(runId: string, program?: string): void {
    if (this.runs.has(runId)) return;
    const recorder = new EventRecorder(() => this.executor.workerSamples?.() ?? [], this.listeners);
    this.runs.set(runId, recorder);
    recorder.startRun(this.executor.workerCount(), [], runId, program);
  }

  /** The run-start events of the runs under way (opened ones and the scheduler's own). */
  openRuns(): RunStartEvent[] {
    const starts = [...this.runs.values(), this.recorder].map((recorder) => recorder.startEvent);
    return starts.filter((start): start is RunStartEvent => start !== undefined);
  }

  /** Ends a run opened with `openRun`: its run-end event goes out. */
  closeRun(runId: string): void {
    const recorder = this.runs.get(runId);
    if (recorder === undefined) return;
    this.runs.delete(runId);
    recorder.endRun();
  }

  /** The run a key's task is reported under, if it was opened with `openRun`. */
  runOf(key: string): string | undefined {
    const recorder = this.tasks.get(key)?.recorder;
    return recorder === undefined || recorder === this.recorder ? undefined : recorder.currentRunId;
  }

  /** How many tasks are active (waiting, queued or processing). */
  get activeCount(): number {
    return this.active;
  }

  /** Keys a holder holds, for releasing everything of a client that went away. */
  keysHeldBy(holder: string): string[] {
    const keys: string[] = [];
    for (const task of this.tasks.values()) {
      const holders = task.holders;
      if (holders === holder || (typeof holders === "object" && holders.has(holder)))
        keys.push(task.key);
    }
    return keys;
  }

  has(key: string): boolean {
    return this.tasks.has(key);
  }

  stateOf(key: string): TaskState | undefined {
    return this.tasks.get(key)?.state ?? this.history.get(key);
  }

  /** How many tasks are in each state now (released ones are forgotten). */
  counts(): Record<TaskState, number> {
    const counts: Record<TaskState, number> = {
      waiting: 0,
      queued: 0,
      processing: 0,
      memory: 0,
      erred: 0,
      cancelled: 0,
      released: 0,
    };
    for (const task of this.tasks.values()) counts[task.state]++;
    return counts;
  }

  /**
   * Adds tasks and wants keys. `watch` hears once per wanted key how it ended, synchronously if
   * it already has. Throws E_MISSING_KEY (nothing is added then) for unknown dependencies.
   */
  updateGraph(update: GraphUpdate, watch?: OutcomeWatcher): void {
    // Check everything before changing anything, so a bad update leaves no trace.
    let freshCount = 0;
    for (const [key, spec] of update.tasks) {
      if (this.tasks.has(key)) continue;
      freshCount++;
      for (const dependency of spec.dependencies) {
        if (!update.tasks.has(dependency) && !this.tasks.has(dependency)) {
          throw missingKeyError(dependency, key);
        }
      }
    }
    for (const key of update.wanted) {
      if (!update.tasks.has(key) && !this.tasks.has(key)) throw missingKeyError(key);
    }
    const runRecorder = update.runId === undefined ? undefined : this.runs.get(update.runId);
    const recorder = runRecorder ?? this.recorder;
    if (freshCount > 0 && recorder === this.recorder && !this.recorder.running) {
      this.recorder.startRun(this.executor.workerCount(), this.tasks.values());
    }
    const fresh =
      freshCount === update.tasks.size
        ? update.tasks
        : new Map([...update.tasks].filter(([key]) => !this.tasks.has(key)));
    const order = graphOrder(fresh, update.wanted);
    const base = this.nextRank;
    this.nextRank += fresh.size;
    const priority = update.priority ?? 0;
    const created: TaskRecord[] = [];
    for (const [key, spec] of fresh) {
      const task: TaskRecord = {
        key,
        group: groupOfKey(key),
        state: "waiting",
        spec,
        dependencies: NO_TASKS,
        dependents: NO_TASKS,
        waitingOn: 0,
        waiters: 0,
        holders: undefined,
        watchers: undefined,
        result: undefined,
        blame: undefined,
        error: undefined,
        priority,
        rank: base + (order.get(key) ?? 0),
        heapIndex: -1,
        retriesLeft: spec.retries ?? 0,
        recorder,
      };
      this.tasks.set(key, task);
      created.push(task);
    }
    for (const task of created) {
      const dependencyKeys = task.spec.dependencies;
      if (dependencyKeys.length > 0) {
        task.dependencies = [];
        for (const dependencyKey of dependencyKeys) {
          const dependency = this.tasks.get(dependencyKey) as TaskRecord;
          task.dependencies.push(dependency);
          if (dependency.dependents === NO_TASKS) dependency.dependents = [];
          dependency.dependents.push(task);
          dependency.waiters++;
          if (dependency.state !== "memory") task.waitingOn++;
        }
      }
      this.active++;
      recorder.taskAdded(task);
    }
    // Keys that have already ended are told after this update settles; the rest are watched.
    const ended: [string, TaskOutcome][] = [];
    for (const key of update.wanted) {
      const task = this.tasks.get(key) as TaskRecord;
      addHolder(task, update.holder);
      if (watch === undefined) continue;
      const outcome = this.outcomeOf(task);
      if (outcome !== undefined) {
        ended.push([key, outcome]);
        continue;
      }
      const current = task.watchers;
      task.watchers =
        current === undefined
          ? watch
          : Array.isArray(current)
            ? [...current, watch]
            : [current, watch];
    }
    for (const task of created) {
      if (task.waitingOn === 0) {
        this.core.enqueue(task, "queued");
        continue;
      }
      const failed = task.dependencies.find((d) => d.state === "erred" || d.state === "cancelled");
      if (failed !== undefined) {
        this.core.enqueue(task, failed.state === "erred" ? "erred" : "cancelled", {
          blame: failed.blame,
          error: failed.error,
        });
      }
    }
    this.settle();
    for (const [key, outcome] of ended) watch?.(key, outcome);
  }

  /**
   * The holder no longer wants these keys; results nobody needs are released, and work nobody
   * needs any more (not wanted, no dependent waiting for it) is stopped.
   */
  release(holder: string, keys: readonly string[]): void {
    for (const key of keys) {
      const task = this.tasks.get(key);
      if (task === undefined || !removeHolder(task, holder) || !releasable(task)) continue;
      if (task.state === "memory" || task.state === "erred" || task.state === "cancelled") {
        this.core.enqueue(task, "released");
      } else if (task.state !== "released") {
        this.core.enqueue(task, "cancelled");
      }
    }
    this.settle();
  }

  /** Stops keys that have not finished, and their dependents. */
  cancel(keys: readonly string[]): void {
    for (const key of keys) {
      const task = this.tasks.get(key);
      if (
        task !== undefined &&
        (task.state === "waiting" || task.state === "queued" || task.state === "processing")
      ) {
        this.core.enqueue(task, "cancelled");
      }
    }
    this.settle();
  }

  /** Stops every task that has not finished (Ctrl-C in `weft run`, `shutdown()`). */
  cancelAll(): void {
    const active = [...this.tasks.values()].filter(
      (task) => task.state === "waiting" || task.state === "queued" || task.state === "processing",
    );
    this.cancel(active.map((task) => task.key));
  }

  /** The result of a key in memory (for tests and the in-process client). */
  resultOf(key: string): unknown {
    return this.tasks.get(key)?.result;
  }

  /** Checks the state machine's invariants; returns what is violated (empty when sound). */
  checkInvariants(): string[] {
    const problems: string[] = [];
    let active = 0;
    for (const task of this.tasks.values()) {
      const notInMemory = task.dependencies.filter((d) => d.state !== "memory").length;
      if (task.state === "waiting" || task.state === "queued" || task.state === "processing")
        active++;
      if ((task.state === "queued" || task.state === "processing") && notInMemory > 0) {
        problems.push(
          `${task.key} is ${task.state} with ${notInMemory} dependencies not in memory`,
        );
      }
      if (task.state === "waiting" && task.waitingOn !== notInMemory) {
        problems.push(
          `${task.key} waits on ${task.waitingOn} but ${notInMemory} are not in memory`,
        );
      }
      if (task.state === "memory" && releasable(task)) {
        problems.push(`${task.key} is in memory but nothing needs it`);
      }
      if ((task.state === "queued") !== task.heapIndex >= 0) {
        problems.push(
          `${task.key} is ${task.state} but ${task.heapIndex >= 0 ? "in" : "not in"} the ready queue`,
        );
      }
      const waiters = task.dependents.filter(
        (d) => d.state === "waiting" || d.state === "queued" || d.state === "processing",
      ).length;
      if (task.waiters !== waiters)
        problems.push(`${task.key} counts ${task.waiters} waiters, has ${waiters}`);
      if (task.state === "released") problems.push(`${task.key} is released but still known`);
    }
    if (active !== this.active)
      problems.push(`active count ${this.active} but ${active} tasks are active`);
    return problems;
  }

  private outcomeOf(task: TaskRecord): TaskOutcome | undefined {
    switch (task.state) {
      case "memory":
        return { status: "memory", value: task.result };
      case "erred":
        return {
          status: "erred",
          blame: task.blame ?? task.key,
          error: task.error ?? { name: "Error", message: "unknown error", stack: "" },
        };
      case "cancelled":
        return { status: "cancelled" };
      default:
        return undefined;
    }
  }

  private notify(task: TaskRecord, outcome: TaskOutcome): void {
    const watchers = task.watchers;
    if (watchers === undefined) return;
    task.watchers = undefined;
    if (Array.isArray(watchers)) for (const watch of watchers) watch(task.key, outcome);
    else watchers(task.key, outcome);
  }

  private transition(task: TaskRecord, to: TaskState, detail: TransitionDetail = {}): void {
    const from = task.state;
    if (from === to) return;
    if (to === "released" && !releasable(task)) return;
    const edge = TRANSITION_TABLE[from]?.[to];
    if (edge === undefined) {
      // A dependent can be asked to fail twice (two failed dependencies); one failure is enough.
      if (from === "erred" || from === "cancelled" || from === "released") return;
      throw new Error(`weft scheduler: no transition from ${from} to ${to} for ${task.key}`);
    }
    task.state = to;
    const wasActive = from === "waiting" || from === "queued" || from === "processing";
    const isActive = to === "waiting" || to === "queued" || to === "processing";
    if (wasActive && !isActive) this.active--;
    if (to === "memory" || to === "erred" || to === "cancelled") {
      if (this.history.size >= HISTORY_LIMIT) this.history.clear();
      this.history.set(task.key, to);
    }
    if (from === "processing" && to === "cancelled") this.stopped.push(task.key);
    if (from === "memory" && to === "released") {
      if (this.executor.release !== undefined) this.releasedResults.push(task.key);
      if (isBroadcast(task.spec.fn) && this.executor.dropShared !== undefined) {
        this.droppedShared.push(task.key);
      }
    }
    // The edge first: it sets what the event reports (an erred task's error and blame).
    edge(this.core, task, detail);
    task.recorder.transition(
      task,
      from,
      to,
      detail.worker,
      detail.start,
      detail.stop,
      detail.seceded,
    );
  }

  /** Runs queued transitions, then dispatches ready tasks, until nothing changes. */
  private settle(): void {
    if (this.settling) return;
    this.settling = true;
    try {
      for (;;) {
        // An index walk, not shift(): a graph update can queue tens of thousands at once.
        for (let next = 0; next < this.pendingTasks.length; next++) {
          this.transition(
            this.pendingTasks[next] as TaskRecord,
            this.pendingStates[next] as TaskState,
            this.pendingDetails[next],
          );
        }
        this.pendingTasks.length = 0;
        this.pendingStates.length = 0;
        this.pendingDetails.length = 0;
        if (!this.dispatch()) break;
      }
    } finally {
      this.settling = false;
    }
    if (this.stopped.length > 0) {
      const stopped = this.stopped;
      this.stopped = [];
      this.executor.cancel?.(stopped);
    }
    if (this.releasedResults.length > 0) {
      const released = this.releasedResults;
      this.releasedResults = [];
      this.executor.release?.(released);
    }
    if (this.droppedShared.length > 0) {
      const dropped = this.droppedShared;
      this.droppedShared = [];
      this.executor.dropShared?.(dropped);
    }
    if (this.active === 0 && this.recorder.running) this.recorder.endRun();
  }

  /** Sends ready tasks to the executor; runs inline ones here. True if anything changed. */
  private dispatch(): boolean {
    let room = this.executor.wantMore();
    const batch: RunnableTask[] = [];
    let changed = false;
    while (this.ready.size > 0) {
      const task = this.ready.peek() as TaskRecord;
      const fn = task.spec.fn;
      if (fn.kind === "inline") {
        this.transition(task, "processing");
        this.runInline(task);
        changed = true;
        if (this.pendingTasks.length > 0) break;
        continue;
      }
      if (room <= 0) break;
      this.transition(task, "processing");
      batch.push(this.runnable(task, fn));
      room--;
    }
    if (batch.length > 0) this.executor.run(batch, this.report);
    return changed;
  }

  private argsOf(task: TaskRecord): unknown[] {
    const { args, hasRefs } = task.spec;
    if (!hasRefs) return args as unknown[];
    return args.map((arg) => substituteRefs(arg, (key) => this.tasks.get(key)?.result));
  }

  /**
   * A worker task's arguments: as `argsOf`, except that broadcast values become markers when
   * the executor keeps them in its workers; those go to `shared`.
   */
  private workerArgsOf(task: TaskRecord): { args: unknown[]; shared?: Map<string, unknown> } {
    const { args, hasRefs } = task.spec;
    if (!hasRefs) return { args: args as unknown[] };
    let shared: Map<string, unknown> | undefined;
    const keeps = this.executor.keepsShared === true;
    const substituted = args.map((arg) =>
      substituteRefs(arg, (key) => {
        const dependency = this.tasks.get(key);
        if (!keeps || dependency === undefined || !isBroadcast(dependency.spec.fn)) {
          return dependency?.result;
        }
        (shared ??= new Map()).set(key, dependency.result);
        return sharedMarker(key);
      }),
    );
    return shared === undefined ? { args: substituted } : { args: substituted, shared };
  }

  private runnable(task: TaskRecord, fn: WorkerFnRef): RunnableTask {
    const worker = this.workerArgsOf(task);
    let args = worker.args;
    let transfer: ArrayBuffer[] | undefined;
    if (args.some(isTransfer)) {
      transfer = [];
      args = args.map((arg) => {
        if (!isTransfer(arg)) return arg;
        transfer?.push(...arg.buffers);
        return arg.value;
      });
    }
    const timeout = task.spec.timeout;
    let runnable: RunnableTask =
      timeout === undefined
        ? { key: task.key, fn, args, transfer }
        : { key: task.key, fn, args, transfer, timeout };
    if (worker.shared !== undefined) runnable = { ...runnable, shared: worker.shared };
    return task.priority === 0 ? runnable : { ...runnable, priority: task.priority };
  }

  private runInline(task: TaskRecord): void {
    const args = this.argsOf(task);
    const op = task.spec.fn.kind === "inline" ? task.spec.fn.op : "literal";
    try {
      const value =
        op === "literal" || op === "broadcast"
          ? args[0]
          : (args[0] as Record<PropertyKey, unknown>)[args[1] as PropertyKey];
      this.core.enqueue(task, "memory", { value });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      this.core.enqueue(task, "erred", {
        error: { name: e.name, message: e.message, stack: e.stack ?? "" },
      });
    }
  }

  private tasksDone(reports: readonly TaskReport[]): void {
    for (const report of reports) {
      const task = this.tasks.get(report.key);
      // A task cancelled while it ran: its late result is dropped.
      if (task === undefined || task.state !== "processing") continue;
      if (!report.ok && task.retriesLeft > 0 && report.error.code !== "E_CANCELLED") {
        task.retriesLeft--;
        this.core.enqueue(task, "queued");
        continue;
      }
      // A report carries what the transition needs (value or error, worker, start, stop).
      this.core.enqueue(task, report.ok ? "memory" : "erred", report);
    }
    this.settle();
  }
}
