/**
 * One run as the dashboard sees it, folded from the event stream. Totals come from the exact
 * per-group counts of the latest batch; per-task details (graph nodes, task-stream rectangles,
 * hover durations) come from the capped `added`/`transitions` lists and are bounded by limits.ts.
 */
import {
  emptyCounts,
  groupOfKey,
  type BatchEvent,
  type GroupSummary,
  type RunEndEvent,
  type RunStartEvent,
  type RunSummary,
  type SourceLocation,
  type TaskFailure,
  type TaskState,
  type WeftEvent,
  type WorkerSample,
} from "../../runtime/src/protocol/events";
import {
  FAILURE_LIMIT,
  STREAM_RECTS_PER_WORKER,
  TASK_DETAIL_LIMIT,
  TASK_GRAPH_LIMIT,
} from "./limits";
import { decodeTasks, encodeTasks, type TaskTable } from "./taskTable";

export type RunStatus = "running" | "done" | "erred" | "cancelled";

export interface TaskRecord {
  readonly key: string;
  readonly group: string;
  state: TaskState;
  dependencies: readonly string[];
  location?: SourceLocation;
  startTime?: number;
  endTime?: number;
  worker?: number;
}

/** A finished task on the task stream: one rectangle on its worker's row. */
export interface StreamRect {
  readonly key: string;
  readonly group: string;
  readonly start: number;
  readonly end: number;
  readonly erred: boolean;
}

export interface RunInfoView {
  readonly runId: string;
  readonly label: string;
  readonly program?: string;
  readonly startedAt?: number;
  readonly status: RunStatus;
  readonly source: "live" | "file";
}

type SavedRect = readonly [string, string, number, number, 0 | 1];

const SAVED_RECTS_PER_WORKER = 300;

const hundredths = (ms: number): number => Math.round(ms * 100) / 100;

/** What a run keeps when the view is hidden (getState/setState); plain JSON. */
export interface RunSnapshot {
  readonly info: RunInfoView;
  readonly workerCount: number;
  readonly time: number;
  readonly dropped: number;
  readonly groups: readonly GroupSummary[];
  readonly workers: readonly WorkerSample[];
  readonly failures: readonly TaskFailure[];
  readonly tasks: TaskTable;
  /** Per worker id, its most recent rectangles as [key, group, start, end, erred 0|1]. */
  readonly stream: readonly (readonly [number, readonly SavedRect[]])[];
  readonly summary?: RunSummary;
  readonly groupLocations: readonly (readonly [string, SourceLocation])[];
}

export class RunModel {
  readonly runId: string;
  label: string;
  source: "live" | "file";
  program: string | undefined;
  startedAt: number | undefined;
  status: RunStatus = "running";
  workerCount = 0;
  /** ms since the run started, of the latest event. */
  time = 0;
  /** Per-task details the scheduler left out of batches (the counts stay exact). */
  dropped = 0;
  /** Details this app left out because it reached TASK_DETAIL_LIMIT. */
  tasksTruncated = false;
  summary: RunSummary | undefined;

  readonly groups = new Map<string, GroupSummary>();
  readonly workers = new Map<number, WorkerSample>();
  readonly failures: TaskFailure[] = [];
  readonly tasks = new Map<string, TaskRecord>();
  /** Rectangles per worker id, in the order tasks finished (so sorted by end time). */
  readonly stream = new Map<number, StreamRect[]>();
  /** The first source location seen per group, for opening a group's code. */
  readonly groupLocations = new Map<string, SourceLocation>();

  /** Bumped when nodes or edges change (the graph needs a new layout). */
  structureVersion = 0;
  /** Bumped on any change (something needs a redraw). */
  version = 0;

  constructor(runId: string, source: "live" | "file" = "live", label = runId) {
    this.runId = runId;
    this.source = source;
    this.label = label;
  }

  apply(event: WeftEvent): void {
    switch (event.type) {
      case "run-start":
        this.applyStart(event);
        break;
      case "batch":
        this.applyBatch(event);
        break;
      case "run-end":
        this.applyEnd(event);
        break;
    }
    this.version++;
  }

  private applyStart(event: RunStartEvent): void {
    this.startedAt = event.startedAt;
    this.program = event.program;
    this.workerCount = event.workers;
    this.status = "running";
  }

  private applyBatch(event: BatchEvent): void {
    this.time = Math.max(this.time, event.time);
    this.dropped += event.dropped;
    for (const added of event.added) {
      if (added.location && !this.groupLocations.has(added.group)) {
        this.groupLocations.set(added.group, added.location);
      }
      const known = this.tasks.get(added.key);
      if (known) {
        known.dependencies = added.dependencies;
        if (added.location) known.location = added.location;
        this.structureVersion++;
        continue;
      }
      if (this.tasks.size >= TASK_DETAIL_LIMIT) {
        this.tasksTruncated = true;
        continue;
      }
      const record: TaskRecord = {
        key: added.key,
        group: added.group,
        state: "waiting",
        dependencies: added.dependencies,
      };
      if (added.location) record.location = added.location;
      this.tasks.set(added.key, record);
      this.structureVersion++;
    }
    for (const transition of event.transitions) {
      const task = this.tasks.get(transition.key);
      if (task) {
        task.state = transition.to;
        if (transition.to === "processing") task.startTime = transition.time;
        if (transition.startTime !== undefined) task.startTime = transition.startTime;
        if (transition.worker !== undefined) task.worker = transition.worker;
        if (transition.to === "memory" || transition.to === "erred") {
          task.endTime = transition.time;
        }
      }
      if (
        (transition.to === "memory" || transition.to === "erred") &&
        transition.worker !== undefined
      ) {
        // A worker's clock can run a hair ahead of the scheduler's: never end before the start.
        const start = transition.startTime ?? task?.startTime ?? transition.time;
        this.addRect(transition.worker, {
          key: transition.key,
          group: task?.group ?? groupOfKey(transition.key),
          start: Math.min(start, transition.time),
          end: transition.time,
          erred: transition.to === "erred",
        });
      }
    }
    for (const group of event.groups) {
      this.groups.set(group.group, group);
      if (group.location && !this.groupLocations.has(group.group)) {
        this.groupLocations.set(group.group, group.location);
      }
    }
    for (const worker of event.workers) this.workers.set(worker.id, worker);
    for (const failure of event.failures) {
      if (this.failures.length >= FAILURE_LIMIT) break;
      this.failures.push(failure);
    }
    if (event.dropped > 0) this.reconcileWithCounts();
  }

  /** Whether every task of the run is known in detail (no `added` was capped away). */
  knowsEveryTask(): boolean {
    return !this.tasksTruncated && this.tasks.size >= this.taskCount();
  }

  private applyEnd(event: RunEndEvent): void {
    this.time = Math.max(this.time, event.time);
    this.status = event.status;
    this.summary = event.summary;
    this.reconcileWithCounts();
  }

  /**
   * When transitions were capped away, a task's last known state can lag behind. The counts
   * are exact: a group with nothing left waiting, queued or processing, and nothing erred or
   * cancelled, has every task done, whatever its last transition said.
   */
  private reconcileWithCounts(): void {
    for (const task of this.tasks.values()) {
      if (task.state !== "waiting" && task.state !== "queued" && task.state !== "processing") {
        continue;
      }
      const counts = this.groups.get(task.group)?.counts;
      if (!counts) continue;
      const open = counts.waiting + counts.queued + counts.processing;
      if (open === 0 && counts.erred === 0 && counts.cancelled === 0) task.state = "memory";
    }
  }

  private addRect(worker: number, rect: StreamRect): void {
    let rects = this.stream.get(worker);
    if (!rects) {
      rects = [];
      this.stream.set(worker, rects);
    }
    rects.push(rect);
    // Trim in chunks so the cost per task stays constant.
    if (rects.length > STREAM_RECTS_PER_WORKER * 1.25) {
      rects.splice(0, rects.length - STREAM_RECTS_PER_WORKER);
    }
  }

  /** Exact totals per state over every group. */
  totals(): Record<TaskState, number> {
    const totals = emptyCounts();
    for (const group of this.groups.values()) {
      for (const state of Object.keys(totals) as TaskState[]) totals[state] += group.counts[state];
    }
    return totals;
  }

  taskCount(): number {
    let total = 0;
    for (const group of this.groups.values()) {
      for (const count of Object.values(group.counts)) total += count;
    }
    return Math.max(total, this.tasks.size);
  }

  info(): RunInfoView {
    const info: {
      -readonly [K in keyof RunInfoView]: RunInfoView[K];
    } = { runId: this.runId, label: this.label, status: this.status, source: this.source };
    if (this.program !== undefined) info.program = this.program;
    if (this.startedAt !== undefined) info.startedAt = this.startedAt;
    return info;
  }

  /**
   * A plain-JSON copy for getState/setState. "full" keeps what the pages draw (graph nodes
   * while they can be drawn, the recent task stream); "summary" keeps counts, workers and the
   * first failures, so a run the user is not looking at costs little to save.
   */
  snapshot(detail: "full" | "summary" = "full"): RunSnapshot {
    const full = detail === "full";
    const snapshot: { -readonly [K in keyof RunSnapshot]: RunSnapshot[K] } = {
      info: this.info(),
      workerCount: this.workerCount,
      time: this.time,
      dropped: this.dropped,
      groups: [...this.groups.values()],
      workers: [...this.workers.values()],
      failures: full ? this.failures : this.failures.slice(0, 20),
      // Above the graph limit the Graph page shows groups, so the tasks need not come back.
      tasks: encodeTasks(full && this.taskCount() <= TASK_GRAPH_LIMIT ? this.tasks.values() : []),
      stream: full
        ? [...this.stream.entries()].map(
            ([id, rects]) =>
              [
                id,
                rects
                  .slice(-SAVED_RECTS_PER_WORKER)
                  .map((r): SavedRect => [
                    r.key,
                    r.group,
                    hundredths(r.start),
                    hundredths(r.end),
                    r.erred ? 1 : 0,
                  ]),
              ] as const,
          )
        : [],
      groupLocations: [...this.groupLocations.entries()],
    };
    if (this.summary) snapshot.summary = this.summary;
    return snapshot;
  }

  static fromSnapshot(snapshot: RunSnapshot): RunModel {
    const run = new RunModel(snapshot.info.runId, snapshot.info.source, snapshot.info.label);
    run.program = snapshot.info.program;
    run.startedAt = snapshot.info.startedAt;
    run.status = snapshot.info.status;
    run.workerCount = snapshot.workerCount;
    run.time = snapshot.time;
    run.dropped = snapshot.dropped;
    run.summary = snapshot.summary;
    for (const group of snapshot.groups) run.groups.set(group.group, group);
    for (const worker of snapshot.workers) run.workers.set(worker.id, worker);
    run.failures.push(...snapshot.failures);
    for (const task of decodeTasks(snapshot.tasks)) run.tasks.set(task.key, task);
    for (const [id, rects] of snapshot.stream) {
      run.stream.set(
        id,
        rects.map(([key, group, start, end, erred]) => ({
          key,
          group,
          start,
          end,
          erred: erred === 1,
        })),
      );
    }
    for (const [group, location] of snapshot.groupLocations)
      run.groupLocations.set(group, location);
    // Tasks left out of a summary snapshot must not pass for the whole graph.
    run.tasksTruncated = run.tasks.size < run.taskCount();
    run.structureVersion = 1;
    run.version = 1;
    return run;
  }
}
