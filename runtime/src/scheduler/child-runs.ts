/**
 * Runs reported from elsewhere that belong to a run of this scheduler: on Redis, the tasks a
 * task submits (getClient) are scheduled in its worker process, which reports them as a run of
 * their own. The parent's run takes them in: their details join its batches with their times
 * moved onto its clock, their group counts are added to its own, and its summary counts them.
 */
import {
  TASK_STATES,
  type GroupSummary,
  type RunSummary,
  type TaskAdded,
  type TaskFailure,
  type TaskTransition,
  type WeftEvent,
} from "../protocol/events";

interface ChildRun {
  readonly parent: string;
  /** ms to add to the child's times to put them on the parent run's clock. */
  readonly shift: number;
  groups: readonly GroupSummary[];
  summary: RunSummary | undefined;
}

/** What a child run's batch brings to the parent's next batch. */
export interface ChildDetails {
  readonly added: readonly TaskAdded[];
  readonly transitions: readonly TaskTransition[];
  readonly failures: readonly TaskFailure[];
  readonly dropped: number;
}

export class ChildRuns {
  private runs = new Map<string, ChildRun>();

  clear(): void {
    this.runs = new Map();
  }

  /**
   * Takes one event of a run of the tasks that task `parent` submitted; a batch gives back its
   * details, on the parent run's clock.
   */
  hear(parent: string, event: WeftEvent, parentStartedAt: number): ChildDetails | undefined {
    if (event.type === "run-start") {
      // A parent that starts again (its worker died, it was retried) starts its children again:
      // what the earlier attempt reported, it never finished.
      for (const [runId, run] of this.runs) {
        if (run.parent === parent && run.summary === undefined) this.runs.delete(runId);
      }
      const shift = event.startedAt - parentStartedAt;
      this.runs.set(event.runId, { parent, shift, groups: [], summary: undefined });
      return undefined;
    }
    const run = this.runs.get(event.runId);
    if (run === undefined) return undefined;
    if (event.type === "run-end") {
      run.summary = event.summary;
      return undefined;
    }
    run.groups = event.groups;
    const { shift } = run;
    return {
      added: event.added,
      transitions: event.transitions.map((t) => ({
        ...t,
        time: t.time + shift,
        ...(t.startTime === undefined ? {} : { startTime: t.startTime + shift }),
      })),
      failures: event.failures,
      dropped: event.dropped,
    };
  }

  /** The parent's groups with the children's counts added, group by group. */
  mergeGroups(own: GroupSummary[]): GroupSummary[] {
    if (this.runs.size === 0) return own;
    const merged = new Map(own.map((group) => [group.group, group]));
    for (const run of this.runs.values()) {
      for (const group of run.groups) {
        const mine = merged.get(group.group);
        if (mine === undefined) {
          merged.set(group.group, group);
          continue;
        }
        const counts = { ...mine.counts };
        for (const state of TASK_STATES) counts[state] += group.counts[state];
        merged.set(group.group, {
          ...mine,
          counts,
          busyMs: mine.busyMs + group.busyMs,
          dependsOn: [...new Set([...mine.dependsOn, ...group.dependsOn])],
        });
      }
    }
    return [...merged.values()];
  }

  /** Adds the children's tasks, failures and busy time to the parent's summary. */
  addTo(summary: {
    tasks: number;
    erred: number;
    cancelled: number;
    busyMsByWorker: Record<string, number>;
    slowest: { key: string; ms: number } | undefined;
  }): void {
    for (const run of this.runs.values()) {
      const { summary: child } = run;
      if (child === undefined) {
        // Still running when the parent's run ended: what its counts say has finished.
        for (const group of run.groups) {
          const { memory, erred, cancelled, released } = group.counts;
          summary.tasks += memory + erred + cancelled + released;
          summary.erred += erred;
          summary.cancelled += cancelled;
        }
        continue;
      }
      summary.tasks += child.tasks;
      summary.erred += child.erred;
      summary.cancelled += child.cancelled;
      for (const [worker, ms] of Object.entries(child.busyMsByWorker)) {
        summary.busyMsByWorker[worker] = (summary.busyMsByWorker[worker] ?? 0) + ms;
      }
      if (child.slowest !== undefined && child.slowest.ms > (summary.slowest?.ms ?? -1)) {
        summary.slowest = child.slowest;
      }
    }
  }
}
