/**
 * The runs the dashboard holds: live runs as their events arrive, and runs opened from events
 * files. Keeps the newest RUN_LIMIT, dropping the oldest finished run first, and remembers which
 * run is shown (following the newest live run until the user picks another).
 */
import { parseEventLine, type WeftEvent } from "../../runtime/src/protocol/events";
import { RUN_LIMIT } from "./limits";
import { RunModel, type RunSnapshot } from "./runModel";

export interface RunListSnapshot {
  readonly runs: readonly RunSnapshot[];
  readonly selected: string | undefined;
  readonly followLatest: boolean;
}

export interface EventsFileResult {
  readonly runIds: readonly string[];
  /** Lines that could not be read, with their 1-based line number and why. */
  readonly problems: readonly string[];
}

export class RunList {
  private readonly runs = new Map<string, RunModel>();
  private selectedId: string | undefined;
  private followLatest = true;
  /** Bumped when runs are added, removed or re-selected. */
  version = 0;

  all(): RunModel[] {
    return [...this.runs.values()];
  }

  get(runId: string): RunModel | undefined {
    return this.runs.get(runId);
  }

  selected(): RunModel | undefined {
    return this.selectedId === undefined ? undefined : this.runs.get(this.selectedId);
  }

  select(runId: string): void {
    if (!this.runs.has(runId)) return;
    this.selectedId = runId;
    const newestLive = this.all()
      .filter((run) => run.source === "live")
      .at(-1);
    this.followLatest = newestLive?.runId === runId;
    this.version++;
  }

  /** Applies live events; a run-start for a new run adds it (and shows it, when following). */
  applyEvents(events: readonly WeftEvent[]): void {
    for (const event of events) {
      let run = this.runs.get(event.runId);
      if (!run) {
        run = new RunModel(event.runId, "live");
        this.add(run);
      }
      run.apply(event);
    }
  }

  /** Reads the lines of an events file (`weft run --events`) as one run per runId in it. */
  openEventsFile(name: string, lines: readonly string[]): EventsFileResult {
    const problems: string[] = [];
    const byRun = new Map<string, RunModel>();
    lines.forEach((line, index) => {
      if (line.trim() === "") return;
      let event: WeftEvent;
      try {
        event = parseEventLine(line);
      } catch (error) {
        problems.push(
          `line ${index + 1}: ${error instanceof Error ? error.message : String(error)}`,
        );
        return;
      }
      let run = byRun.get(event.runId);
      if (!run) {
        // A file can hold a run that is also live here; keep both apart.
        run = new RunModel(`file:${name}:${event.runId}`, "file", name);
        byRun.set(event.runId, run);
      }
      run.apply(event);
    });
    for (const run of byRun.values()) {
      // A file cut short (the program was killed) keeps the last state it recorded.
      this.runs.delete(run.runId);
      this.add(run, false);
      this.select(run.runId);
    }
    return { runIds: [...byRun.values()].map((run) => run.runId), problems };
  }

  private add(run: RunModel, follow = true): void {
    this.runs.set(run.runId, run);
    while (this.runs.size > RUN_LIMIT) {
      const oldest =
        this.all().find((r) => r.status !== "running" && r.runId !== this.selectedId) ??
        this.all()[0];
      if (!oldest || oldest === run) break;
      this.runs.delete(oldest.runId);
    }
    if (follow && (this.followLatest || this.selectedId === undefined)) {
      this.selectedId = run.runId;
      this.followLatest = true;
    }
    this.version++;
  }

  snapshot(): RunListSnapshot {
    return {
      runs: this.all().map((run) => run.snapshot()),
      selected: this.selectedId,
      followLatest: this.followLatest,
    };
  }

  static fromSnapshot(snapshot: RunListSnapshot): RunList {
    const list = new RunList();
    for (const run of snapshot.runs) list.runs.set(run.info.runId, RunModel.fromSnapshot(run));
    list.selectedId = snapshot.selected;
    list.followLatest = snapshot.followLatest;
    return list;
  }
}
