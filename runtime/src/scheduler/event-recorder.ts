/**
 * Turns the scheduler's transitions into the event stream (protocol/events.ts): a run-start when
 * work arrives on an idle scheduler, a batch about ten times a second with exact per-group counts
 * and capped per-task details, and a run-end with a summary when the scheduler is idle again.
 * With no subscriber only the counts are kept, so an unwatched run pays almost nothing.
 */
import { randomUUID } from "node:crypto";
import {
  EVENT_PROTOCOL_VERSION,
  emptyCounts,
  type BatchEvent,
  type GroupSummary,
  type RunStartEvent,
  type TaskAdded,
  type TaskFailure,
  type TaskState,
  type TaskTransition,
  type WeftEvent,
  type WorkerSample,
} from "../protocol/events";
import { ChildRuns } from "./child-runs";
import { busyMsOf } from "./executor";
import type { TaskRecord } from "./task-record";

export type EventListener = (event: WeftEvent) => void;

/** Per-task details kept per batch; beyond this only the counts stay exact. */
const DETAIL_CAP = 2000;

/** Appends what fits under the detail cap; returns how many were left out. */
function keepCapped<T>(into: T[], from: readonly T[]): number {
  const kept = from.slice(0, Math.max(0, DETAIL_CAP - into.length));
  into.push(...kept);
  return from.length - kept.length;
}
const BATCH_INTERVAL_MS = 100;

interface GroupStats {
  readonly counts: Record<TaskState, number>;
  busyMs: number;
  readonly dependsOn: Set<string>;
}

export class EventRecorder {
  private runId: string | undefined;
  private startedAt = 0;
  private startedPerf = 0;
  private groups = new Map<string, GroupStats>();
  private added: TaskAdded[] = [];
  private transitions: TaskTransition[] = [];
  private failures: TaskFailure[] = [];
  private dropped = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private finished = 0;
  private erred = 0;
  private cancelled = 0;
  private busyByWorker = new Map<number, number>();
  private slowest: { key: string; ms: number } | undefined;
  private readonly children = new ChildRuns();

  /** Listeners may be shared by several recorders (one per run on a shared cluster). */
  constructor(
    private readonly sampleWorkers: () => readonly WorkerSample[],
    private readonly listeners: Set<EventListener> = new Set(),
  ) {}

  get currentRunId(): string | undefined {
    return this.runId;
  }

  /** The run-start event of the run under way, for watchers that join later. */
  startEvent: RunStartEvent | undefined;

  get watched(): boolean {
    return this.listeners.size > 0;
  }

  get running(): boolean {
    return this.runId !== undefined;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    if (this.runId !== undefined && this.timer === undefined) this.startTimer();
    return () => this.listeners.delete(listener);
  }

  /** ms since the run started. */
  now(): number {
    return performance.now() - this.startedPerf;
  }

  startRun(workers: number, live: Iterable<TaskRecord>, runId?: string, program?: string): void {
    this.runId = runId ?? randomUUID();
    this.startedAt = Date.now();
    this.startedPerf = performance.now();
    this.groups = new Map();
    this.lastGroup = undefined;
    this.finished = this.erred = this.cancelled = 0;
    this.busyByWorker = new Map();
    this.slowest = undefined;
    this.children.clear();
    for (const task of live) this.group(task.group).counts[task.state]++;
    this.startEvent = {
      type: "run-start",
      v: EVENT_PROTOCOL_VERSION,
      runId: this.runId,
      startedAt: this.startedAt,
      ...(program === undefined ? {} : { program }),
      workers,
    };
    this.emit(this.startEvent);
    // Nobody listening: no batches to send, so no timer to keep (a run may last microseconds).
    if (this.watched) this.startTimer();
  }

  private startTimer(): void {
    this.timer = setInterval(() => this.flush(), BATCH_INTERVAL_MS);
    this.timer.unref();
  }

  /** The last group looked up: consecutive transitions are mostly of one group. */
  private lastGroup: { name: string; stats: GroupStats } | undefined;

  private group(name: string): GroupStats {
    if (this.lastGroup?.name === name) return this.lastGroup.stats;
    let stats = this.groups.get(name);
    if (stats === undefined) {
      stats = { counts: emptyCounts(), busyMs: 0, dependsOn: new Set() };
      this.groups.set(name, stats);
    }
    this.lastGroup = { name, stats };
    return stats;
  }

  taskAdded(task: TaskRecord): void {
    const stats = this.group(task.group);
    stats.counts.waiting++;
    for (const dependency of task.dependencies) {
      if (dependency.group !== task.group) stats.dependsOn.add(dependency.group);
    }
    if (!this.watched) return;
    if (this.added.length >= DETAIL_CAP) {
      this.dropped++;
      return;
    }
    this.added.push({
      key: task.key,
      group: task.group,
      dependencies: task.spec.dependencies,
      location: task.spec.location,
    });
  }

  transition(
    task: TaskRecord,
    from: TaskState,
    to: TaskState,
    worker?: number,
    start?: number,
    stop?: number,
    seceded = 0,
  ): void {
    const stats = this.group(task.group);
    stats.counts[from]--;
    stats.counts[to]++;
    let startTime: number | undefined;
    if (start !== undefined && stop !== undefined) {
      const ms = busyMsOf({ start, stop, seceded });
      stats.busyMs += ms;
      if (worker !== undefined)
        this.busyByWorker.set(worker, (this.busyByWorker.get(worker) ?? 0) + ms);
      if (this.slowest === undefined || ms > this.slowest.ms) this.slowest = { key: task.key, ms };
      startTime = start - this.startedAt;
    }
    if (to === "memory") this.finished++;
    if (to === "erred") {
      this.finished++;
      this.erred++;
      if (
        task.blame === task.key &&
        task.error !== undefined &&
        this.failures.length < DETAIL_CAP
      ) {
        const { name, message, stack } = task.error;
        this.failures.push({
          key: task.key,
          group: task.group,
          name,
          message,
          stack,
          location: task.spec.location,
        });
      }
    }
    if (to === "cancelled") {
      this.finished++;
      this.cancelled++;
    }
    if (!this.watched || this.runId === undefined) return;
    if (this.transitions.length >= DETAIL_CAP) {
      this.dropped++;
      return;
    }
    this.transitions.push({ key: task.key, from, to, time: this.now(), worker, startTime });
  }

  /**
   * An event of a run that belongs to this one (tasks that task `parent` submitted, scheduled
   * elsewhere): its tasks are counted here, its details join the next batch.
   */
  hearChild(parent: string, event: WeftEvent): void {
    if (this.runId === undefined) return;
    const details = this.children.hear(parent, event, this.startedAt);
    if (details === undefined || !this.watched) return;
    this.dropped +=
      details.dropped +
      keepCapped(this.added, details.added) +
      keepCapped(this.transitions, details.transitions);
    keepCapped(this.failures, details.failures);
  }

  private groupSummaries(): GroupSummary[] {
    return this.children.mergeGroups(this.ownGroupSummaries());
  }

  private ownGroupSummaries(): GroupSummary[] {
    return [...this.groups].map(([group, stats]) => ({
      group,
      counts: { ...stats.counts },
      busyMs: stats.busyMs,
      dependsOn: [...stats.dependsOn],
    }));
  }

  flush(): void {
    if (this.runId === undefined) return;
    const batch: BatchEvent = {
      type: "batch",
      v: EVENT_PROTOCOL_VERSION,
      runId: this.runId,
      time: this.now(),
      added: this.added,
      transitions: this.transitions,
      dropped: this.dropped,
      groups: this.groupSummaries(),
      workers: this.sampleWorkers(),
      failures: this.failures,
    };
    this.added = [];
    this.transitions = [];
    this.failures = [];
    this.dropped = 0;
    this.emit(batch);
  }

  endRun(): void {
    if (this.runId === undefined) return;
    if (!this.watched) {
      this.runId = undefined;
      this.startEvent = undefined;
      return;
    }
    this.flush();
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    const busyMsByWorker: Record<string, number> = {};
    for (const [worker, ms] of this.busyByWorker) busyMsByWorker[String(worker)] = ms;
    const totals = {
      tasks: this.finished,
      erred: this.erred,
      cancelled: this.cancelled,
      busyMsByWorker,
      slowest: this.slowest,
    };
    this.children.addTo(totals);
    this.emit({
      type: "run-end",
      v: EVENT_PROTOCOL_VERSION,
      runId: this.runId,
      time: this.now(),
      status: totals.erred > 0 ? "erred" : totals.cancelled > 0 ? "cancelled" : "done",
      summary: {
        tasks: totals.tasks,
        erred: totals.erred,
        cancelled: totals.cancelled,
        wallMs: this.now(),
        busyMsByWorker,
        ...(totals.slowest === undefined ? {} : { slowest: totals.slowest }),
      },
    });
    this.runId = undefined;
    this.startEvent = undefined;
  }

  private emit(event: WeftEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A faulty listener must not break the scheduler; report it where a developer looks.
        process.emitWarning(`weft: an event listener threw: ${String(error)}`);
      }
    }
  }
}
