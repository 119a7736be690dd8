/**
 * Benchmark tables: every row is measured in the same run, and ratios are against a named
 * baseline row, so the numbers compare like with like on whatever machine runs them.
 */
import { availableParallelism, cpus, totalmem } from "node:os";

export interface Measurement {
  readonly name: string;
  /** The value, in `unit`. */
  readonly value: number;
  readonly unit: string;
  /** Whether bigger is better (throughput) or smaller is (latency). */
  readonly higherIsBetter: boolean;
  readonly note?: string;
}

export function machineLine(): string {
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  return `${availableParallelism()} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

function formatValue(value: number): string {
  if (value >= 1000) return Math.round(value).toLocaleString("en-US");
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(3);
}

/**
 * Prints a table; the ratio column is how many times better than the baseline each row is (rows
 * in another unit than the baseline's have none).
 */
export function printTable(title: string, rows: readonly Measurement[], baseline: string): void {
  const base = rows.find((row) => row.name === baseline);
  const lines = rows.map((row) => {
    const ratio =
      base === undefined || base.unit !== row.unit || base.value === 0 || row.value === 0
        ? "-"
        : `${(row.higherIsBetter ? row.value / base.value : base.value / row.value).toFixed(2)}×`;
    return [row.name, `${formatValue(row.value)} ${row.unit}`, ratio, row.note ?? ""];
  });
  const header = ["what", "measured", `vs ${baseline}`, "note"];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  console.log(`\n## ${title}`);
  console.log(`machine: ${machineLine()}`);
  console.log(format(header));
  console.log(format(widths.map((w) => "-".repeat(w))));
  for (const line of lines) console.log(format(line));
}

/** The p-th percentile (0..100) of a list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}
