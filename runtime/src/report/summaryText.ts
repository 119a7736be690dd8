/**
 * The end-of-run summary, as the CLI prints it: tasks, wall time, busy time per worker, the
 * parallel speedup (total task time / wall time) and the slowest task.
 */
import type { RunSummary } from "../protocol/events";

export function formatDuration(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${((ms % 60_000) / 1000).toFixed(0)} s`;
}

export function totalTaskMs(summary: RunSummary): number {
  return Object.values(summary.busyMsByWorker).reduce((sum, ms) => sum + ms, 0);
}

/** Total task time over wall time: how many workers were busy on average. */
export function speedup(summary: RunSummary): number {
  return summary.wallMs > 0 ? totalTaskMs(summary) / summary.wallMs : 0;
}

function countLine(summary: RunSummary): string {
  const parts = [`${summary.tasks.toLocaleString("en-US")} task${summary.tasks === 1 ? "" : "s"}`];
  if (summary.erred > 0) parts.push(`${summary.erred} erred`);
  if (summary.cancelled > 0) parts.push(`${summary.cancelled} cancelled`);
  return parts.join(", ");
}

/** One line, for logs and for output that is not a terminal. */
export function summaryLine(summary: RunSummary): string {
  const slowest = summary.slowest
    ? `, slowest ${summary.slowest.key} ${formatDuration(summary.slowest.ms)}`
    : "";
  return (
    `weft: ${countLine(summary)} in ${formatDuration(summary.wallMs)}, ` +
    `speedup ${speedup(summary).toFixed(2)}×${slowest}`
  );
}

/** Several lines, for a terminal. */
export function summaryBlock(summary: RunSummary): string[] {
  const lines = [
    `weft: ${countLine(summary)} in ${formatDuration(summary.wallMs)} — parallel speedup ` +
      `${speedup(summary).toFixed(2)}× (task time ${formatDuration(totalTaskMs(summary))})`,
  ];
  const workers = Object.entries(summary.busyMsByWorker).sort(([a], [b]) => Number(a) - Number(b));
  for (const [worker, ms] of workers) {
    const share = summary.wallMs > 0 ? ` (${Math.round((100 * ms) / summary.wallMs)}%)` : "";
    lines.push(`  worker ${worker.padEnd(3)} busy ${formatDuration(ms)}${share}`);
  }
  if (summary.slowest) {
    lines.push(`  slowest    ${summary.slowest.key} ${formatDuration(summary.slowest.ms)}`);
  }
  return lines;
}
