/**
 * The live progress display: a bar per task group (done/total, running, erred), a few lines at
 * most. Pure: it turns a RunView into lines; terminalProgress.ts puts them on the screen.
 */
import type { GroupSummary } from "../protocol/events";
import type { RunView } from "./runTracker";
import { formatDuration } from "./summaryText";

export interface ProgressOptions {
  /** Terminal width in columns. */
  readonly columns: number;
  /** At most this many group lines; the rest are counted in one line. */
  readonly maxGroups: number;
}

function groupTotals(group: GroupSummary): { total: number; done: number } {
  const c = group.counts;
  const total = c.waiting + c.queued + c.processing + c.memory + c.erred + c.cancelled + c.released;
  // A released task was done before its result was let go.
  return { total, done: c.memory + c.released };
}

function bar(done: number, erred: number, total: number, width: number): string {
  if (total === 0 || width <= 0) return "";
  const full = Math.round((done / total) * width);
  const bad = Math.min(width - full, Math.round((erred / total) * width));
  return "█".repeat(full) + "▓".repeat(bad) + "░".repeat(Math.max(0, width - full - bad));
}

function isActive(group: GroupSummary): boolean {
  const c = group.counts;
  return c.processing + c.queued + c.waiting > 0;
}

export function progressLines(view: RunView, options: ProgressOptions): string[] {
  // Groups still running first, then the most recently finished, as Dask's progress panel does.
  const groups = [...view.groups].sort((a, b) => Number(isActive(b)) - Number(isActive(a)));
  const shown = groups.slice(0, options.maxGroups);
  const nameWidth = Math.min(24, Math.max(4, ...shown.map((g) => g.group.length)));
  const lines = shown.map((group) => {
    const { total, done } = groupTotals(group);
    const counts = `${done}/${total}`;
    const running = group.counts.processing > 0 ? ` ▶${group.counts.processing}` : "";
    const erred = group.counts.erred > 0 ? ` ✖${group.counts.erred}` : "";
    const tail = ` ${counts}${running}${erred}`;
    const name =
      group.group.length > nameWidth
        ? `${group.group.slice(0, nameWidth - 1)}…`
        : group.group.padEnd(nameWidth);
    const barWidth = Math.max(0, Math.min(40, options.columns - nameWidth - tail.length - 2));
    return `${name} ${bar(done, group.counts.erred, total, barWidth)}${tail}`;
  });
  const hidden = groups.length - shown.length;
  if (hidden > 0) lines.push(`… ${hidden} more group${hidden === 1 ? "" : "s"}`);
  // Worker samples only learn of a task when its batch returns, so a worker inside a long task
  // looks idle; tasks processing say it sooner (each worker takes one at a time).
  const workers = view.workers || view.workerSamples.length;
  const processing = view.groups.reduce((sum, group) => sum + group.counts.processing, 0);
  const sampledBusy = view.workerSamples.filter((w) => w.state === "busy").length;
  const busy = Math.min(workers, Math.max(processing, sampledBusy));
  lines.push(`${formatDuration(view.time)} elapsed · ${busy}/${workers} workers busy`);
  return lines.map((line) =>
    line.length > options.columns ? line.slice(0, options.columns) : line,
  );
}
