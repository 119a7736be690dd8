/**
 * Follows one run's event stream and keeps what a progress display and a summary need: exact
 * per-group counts (from each batch), the workers, failures, and the run's end. Fed live by the
 * CLI or from an events file by `weft replay`; the same code serves both.
 */
import type {
  GroupSummary,
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
  /** ms since the run started, as of the last event. */
  readonly time: number;
  readonly status: "running" | "done" | "erred" | "cancelled";
  readonly summary: RunSummary;
}

export class RunTracker {
  private runId: string | undefined;
  private program: string | undefined;
  private workers = 0;
  private groups = new Map<string, GroupSummary>();
  private workerSamples: readonly WorkerSample[] = [];
  private failures: TaskFailure[] = [];
  private time = 0;
  private status: RunView["status"] = "running";
  private endSummary: RunSummary | undefined;
  // Kept from per-task transitions, for a summary when the stream has no run-end (a killed run).
  private busyByWorker = new Map<number, number>();
  private slowest: { key: string; ms: number } | undefined;

  apply(event: WeftEvent): void {
    switch (event.type) {
      case "run-start":
        this.runId = event.runId;
        this.program = event.program;
        this.workers = event.workers;
        break;
      case "batch":
        this.time = Math.max(this.time, event.time);
        for (const group of event.groups) this.groups.set(group.group, group);
        if (event.workers.length > 0) this.workerSamples = event.workers;
        this.failures.push(...event.failures);
        for (const t of event.transitions) {
          if (t.startTime === undefined || t.worker === undefined) continue;
          if (t.to !== "memory" && t.to !== "erred") continue;
          const ms = t.time - t.startTime;
          this.busyByWorker.set(t.worker, (this.busyByWorker.get(t.worker) ?? 0) + ms);
          if (this.slowest === undefined || ms > this.slowest.ms) this.slowest = { key: t.key, ms };
        }
        break;
      case "run-end":
        this.time = Math.max(this.time, event.time);
        this.status = event.status;
        this.endSummary = event.summary;
        break;
    }
  }

  view(): RunView {
    return {
      runId: this.runId,
      program: this.program,
      workers: this.workers,
      groups: [...this.groups.values()],
      workerSamples: this.workerSamples,
      failures: this.failures,
      time: this.time,
      status: this.status,
      summary: this.endSummary ?? this.partialSummary(),
    };
  }

  private partialSummary(): RunSummary {
    let tasks = 0;
    let erred = 0;
    let cancelled = 0;
    for (const { counts } of this.groups.values()) {
      for (const n of Object.values(counts)) tasks += n;
      erred += counts.erred;
      cancelled += counts.cancelled;
    }
    const busyMsByWorker: Record<string, number> = {};
    for (const [worker, ms] of this.busyByWorker) busyMsByWorker[String(worker)] = ms;
    return {
      tasks,
      erred,
      cancelled,
      wallMs: this.time,
      busyMsByWorker,
      ...(this.slowest === undefined ? {} : { slowest: this.slowest }),
    };
  }
}
