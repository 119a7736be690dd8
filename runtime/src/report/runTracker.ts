/**
 * Follows a program's event stream and keeps what a progress display and a summary need: exact
 * per-group counts (from each batch), the workers, failures, and each run's end. Fed live by the
 * CLI or from an events file by `weft replay`; the same code serves both, so both print the same
 * summary.
 *
 * A program may compute several times: the scheduler starts a run when work arrives while it is
 * idle and ends it when it is idle again, and each client of a cluster has a run of its own, so
 * runs may also overlap. The tracker adds the runs up (tasks, task time per worker, the time
 * tasks were in flight) and puts every run on one clock, from the first start.
 */
import type {
  GroupSummary,
  RunStartEvent,
  RunSummary,
  TaskFailure,
  WeftEvent,
  WorkerSample,
} from "../protocol/events";

export interface RunView {
  readonly runId: string | undefined;
  readonly program: string | undefined;
  readonly workers: number;
  readonly groups: readonly GroupSummary[];
  readonly workerSamples: readonly WorkerSample[];
  readonly failures: readonly TaskFailure[];
  /** ms since the first run started, as of the last event. */
  readonly time: number;
  /** How many runs the stream held (one per burst of work). */
  readonly runs: number;
  readonly status: "running" | "done" | "erred" | "cancelled";
  /** Every run added up; a run without its end counts what its stream did say. */
  readonly summary: RunSummary;
}

/** What the tracker knows of the run in progress, for a summary if its end never comes. */
interface OpenRun {
  readonly offset: number;
  time: number;
  readonly groups: Map<string, GroupSummary>;
  readonly busyByWorker: Map<number, number>;
  slowest: { key: string; ms: number } | undefined;
}

interface Span {
  readonly start: number;
  readonly end: number;
}

/** How long at least one of the spans was under way. */
export function coveredMs(spans: readonly Span[]): number {
  let covered = 0;
  let reach = Number.NEGATIVE_INFINITY;
  for (const { start, end } of [...spans].sort((a, b) => a.start - b.start)) {
    if (end <= reach) continue;
    covered += end - Math.max(start, reach);
    reach = end;
  }
  return covered;
}

/** Adds run summaries: counts, wall time and task time add up; the slowest task is kept. */
export function combineSummaries(summaries: readonly RunSummary[]): RunSummary {
  let tasks = 0;
  let erred = 0;
  let cancelled = 0;
  let wallMs = 0;
  const busyMsByWorker: Record<string, number> = {};
  let slowest: { key: string; ms: number } | undefined;
  for (const summary of summaries) {
    tasks += summary.tasks;
    erred += summary.erred;
    cancelled += summary.cancelled;
    wallMs += summary.wallMs;
    for (const [worker, ms] of Object.entries(summary.busyMsByWorker)) {
      busyMsByWorker[worker] = (busyMsByWorker[worker] ?? 0) + ms;
    }
    if (summary.slowest && (slowest === undefined || summary.slowest.ms > slowest.ms)) {
      slowest = { ...summary.slowest };
    }
  }
  return {
    tasks,
    erred,
    cancelled,
    wallMs,
    busyMsByWorker,
    ...(slowest === undefined ? {} : { slowest }),
  };
}

export class RunTracker {
  private runId: string | undefined;
  private program: string | undefined;
  private workers = 0;
  private firstStartedAt: number | undefined;
  private groups = new Map<string, GroupSummary>();
  private workerSamples: readonly WorkerSample[] = [];
  private failures: TaskFailure[] = [];
  private time = 0;
  private runs = 0;
  private status: RunView["status"] = "running";
  private readonly ended: RunSummary[] = [];
  /** When each ended run was in flight, on the tracker's clock. */
  private readonly endedSpans: Span[] = [];
  private readonly open = new Map<string, OpenRun>();

  apply(event: WeftEvent): void {
    switch (event.type) {
      case "run-start":
        this.startRun(event.runId, event);
        break;
      case "batch": {
        const run = this.open.get(event.runId) ?? this.startRun(event.runId, undefined);
        run.time = Math.max(run.time, event.time);
        this.time = Math.max(this.time, run.offset + event.time);
        for (const group of event.groups) {
          this.groups.set(group.group, group);
          run.groups.set(group.group, group);
        }
        if (event.workers.length > 0) this.workerSamples = event.workers;
        this.failures.push(...event.failures);
        for (const t of event.transitions) {
          if (t.startTime === undefined || t.worker === undefined) continue;
          if (t.to !== "memory" && t.to !== "erred") continue;
          const ms = t.time - t.startTime;
          run.busyByWorker.set(t.worker, (run.busyByWorker.get(t.worker) ?? 0) + ms);
          if (run.slowest === undefined || ms > run.slowest.ms) run.slowest = { key: t.key, ms };
        }
        break;
      }
      case "run-end": {
        const offset = this.open.get(event.runId)?.offset ?? this.time;
        this.time = Math.max(this.time, offset + event.time);
        this.ended.push(event.summary);
        this.endedSpans.push({ start: offset, end: offset + event.summary.wallMs });
        this.open.delete(event.runId);
        this.status = this.combinedStatus(event.status);
        if (this.open.size === 0) this.workerSamples = [];
        break;
      }
    }
  }

  view(): RunView {
    const open = [...this.open.values()];
    const summaries = [...this.ended, ...open.map(openSummary)];
    const spans = [
      ...this.endedSpans,
      ...open.map((run) => ({ start: run.offset, end: run.offset + run.time })),
    ];
    return {
      runId: this.runId,
      program: this.program,
      workers: this.workers,
      groups: [...this.groups.values()],
      workerSamples: this.workerSamples,
      failures: this.failures,
      time: this.time,
      runs: this.runs,
      status: this.open.size === 0 ? this.status : "running",
      // Runs that overlapped (several clients) count their shared time once.
      summary: { ...combineSummaries(summaries), wallMs: coveredMs(spans) },
    };
  }

  private startRun(runId: string, event: RunStartEvent | undefined): OpenRun {
    this.runs++;
    if (event !== undefined) {
      this.runId = event.runId;
      this.program = event.program ?? this.program;
      this.workers = event.workers;
      this.firstStartedAt ??= event.startedAt;
    }
    // Runs in one stream share one clock, which starts with the first.
    const offset =
      event === undefined || this.firstStartedAt === undefined
        ? this.time
        : Math.max(this.time, event.startedAt - this.firstStartedAt);
    const run: OpenRun = {
      offset,
      time: 0,
      groups: new Map(),
      busyByWorker: new Map(),
      slowest: undefined,
    };
    this.open.set(runId, run);
    return run;
  }

  /** An earlier erred or cancelled run keeps the program's status from reading "done". */
  private combinedStatus(latest: RunView["status"]): RunView["status"] {
    if (this.status === "erred" || latest === "erred") return "erred";
    if (this.status === "cancelled" || latest === "cancelled") return "cancelled";
    return latest;
  }
}

/** What a run without its end (still going, or killed) did so far. */
function openSummary(run: OpenRun): RunSummary {
  let tasks = 0;
  let erred = 0;
  let cancelled = 0;
  for (const { counts } of run.groups.values()) {
    for (const n of Object.values(counts)) tasks += n;
    erred += counts.erred;
    cancelled += counts.cancelled;
  }
  const busyMsByWorker: Record<string, number> = {};
  for (const [worker, ms] of run.busyByWorker) busyMsByWorker[String(worker)] = ms;
  return {
    tasks,
    erred,
    cancelled,
    wallMs: run.time,
    busyMsByWorker,
    ...(run.slowest === undefined ? {} : { slowest: run.slowest }),
  };
}
