/**
 * The dashboard under a replayed stream of 100,000 tasks in 20 groups (the simulated scheduler
 * run of test/webview/fixtures/generateStream.ts, batched at 10 per second with capped details),
 * in Chromium under the extension's CSP. Does the app keep up (message latency at the end of the
 * run no worse than at the start), how long are frames and main-thread tasks, how big is the JS
 * heap? Replayed at the recorded pace, at 10× and all at once; the baseline is the same page
 * doing nothing, measured in the same run.
 */
import type { Page } from "playwright-core";
import type { WeftEvent } from "../runtime/src/protocol/events";
import { STREAMS } from "../test/webview/fixtures/generateStream";
import {
  heapMiB,
  openBenchPage,
  startFrameProbe,
  stopFrameProbe,
  type FrameProbe,
} from "./dashboard-harness";
import { percentile, printTable, type Measurement } from "./table";

interface ReplayResult {
  readonly probe: FrameProbe;
  /** ms from when each message was due to when the app had handled it. */
  readonly latency: number[];
  readonly wallMs: number;
}

/** Replays the stream inside the page, each batch posted when it is due at `speed`× pace. */
async function replay(
  page: Page,
  events: readonly WeftEvent[],
  runId: string,
  speed: number,
): Promise<ReplayResult> {
  // Kept in the page as JSON lines (flat strings the GC need not trace) and parsed when posted,
  // as a webview deserializes each message the extension posts.
  const lines = events.map((event) => JSON.stringify({ ...event, runId }));
  const due = events.map((event) => (event.type === "run-start" ? 0 : event.time));
  await page.evaluate(
    ({ lines, due }) => {
      (window as unknown as { __lines: unknown }).__lines = { lines, due };
    },
    { lines, due },
  );
  await startFrameProbe(page);
  const { latency, wallMs } = await page.evaluate(
    async ({ speed }) => {
      const { lines: all, due: times } = (
        window as unknown as { __lines: { lines: string[]; due: number[] } }
      ).__lines;
      const due: number[] = [];
      const latency: number[] = [];
      let handled = 0;
      let finish: () => void = () => undefined;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      // Registered after the app's own listener, so it runs once the app has handled a message.
      const onMessage = (): void => {
        latency.push(performance.now() - (due[handled] ?? 0));
        handled++;
        if (handled === all.length) finish();
      };
      window.addEventListener("message", onMessage);
      const start = performance.now();
      all.forEach((line, index) => {
        const at = start + (Number.isFinite(speed) ? (times[index] ?? 0) / speed : 0);
        due[index] = at;
        setTimeout(
          () => window.postMessage({ type: "events", events: [JSON.parse(line)] }, "*"),
          Math.max(0, at - performance.now()),
        );
      });
      await finished;
      window.removeEventListener("message", onMessage);
      (window as unknown as { __lines: unknown }).__lines = undefined;
      // Let the app draw the final state before the probe stops.
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return { latency, wallMs: performance.now() - start };
    },
    { speed },
  );
  const probe = await stopFrameProbe(page);
  return { probe, latency, wallMs };
}

async function idle(page: Page, ms: number): Promise<FrameProbe> {
  await startFrameProbe(page);
  await page.waitForTimeout(ms);
  return stopFrameProbe(page);
}

const fifth = (values: readonly number[], which: "first" | "last"): number[] => {
  const n = Math.max(1, Math.floor(values.length / 5));
  return which === "first" ? values.slice(0, n) : values.slice(-n);
};

async function main(): Promise<void> {
  const bench = await openBenchPage(460, 900);
  if (!bench) return;
  const { page } = bench;
  try {
    const events = STREAMS.wide100k();
    const batches = events.filter((event) => event.type === "batch").length;
    const heapEmpty = await heapMiB(page);
    const baseline = await idle(page, 3_000);

    const runs: { name: string; speed: number; page: "status" | "graph" }[] = [
      { name: "recorded pace (10 batches/s), Status", speed: 1, page: "status" },
      { name: "recorded pace, Graph (groups)", speed: 1, page: "graph" },
      { name: "10× pace (100 batches/s), Status", speed: 10, page: "status" },
      { name: "all at once, Status", speed: Number.POSITIVE_INFINITY, page: "status" },
    ];
    const results: { name: string; result: ReplayResult; heap: number; shown: string }[] = [];
    for (const [index, run] of runs.entries()) {
      await page.locator(`vscode-tab-header[data-page="${run.page}"]`).click();
      const runId = `run-wide100k-${index}`;
      const result = await replay(page, events, runId, run.speed);
      const shown =
        run.page === "status"
          ? ((await page.locator(".status-page .run-summary").textContent()) ?? "")
          : ((await page.locator(".graph-info").textContent()) ?? "");
      results.push({ name: run.name, result, heap: await heapMiB(page), shown });
    }

    const frameRows: Measurement[] = [
      {
        name: "idle page (baseline)",
        value: percentile(baseline.frames, 95),
        unit: "ms p95",
        higherIsBetter: false,
        note: `max ${Math.max(...baseline.frames).toFixed(1)} ms`,
      },
      ...results.map(({ name, result }) => ({
        name,
        value: percentile(result.probe.frames, 95),
        unit: "ms p95",
        higherIsBetter: false,
        note: `max frame ${Math.max(...result.probe.frames).toFixed(1)} ms; tasks > 50 ms: ${
          result.probe.longTasks.length
        }${result.probe.longTasks.length > 0 ? ` (longest ${Math.max(...result.probe.longTasks).toFixed(0)} ms)` : ""}`,
      })),
    ];
    printTable(
      `Frame times while 100,000 tasks in 20 groups stream in (${batches} batches)`,
      frameRows,
      "idle page (baseline)",
    );

    const lagRows: Measurement[] = results.flatMap(({ name, result }) => {
      const first = percentile(fifth(result.latency, "first"), 95);
      const last = percentile(fifth(result.latency, "last"), 95);
      return [
        {
          name: `${name}: first fifth`,
          value: first,
          unit: "ms p95",
          higherIsBetter: false,
        },
        {
          name: `${name}: last fifth`,
          value: last,
          unit: "ms p95",
          higherIsBetter: false,
          note: `replay took ${(result.wallMs / 1_000).toFixed(1)} s; max latency ${Math.max(...result.latency).toFixed(1)} ms`,
        },
      ];
    });
    printTable(
      "Keeping up: delay from a batch being due to the app having handled it (no backlog: the last fifth is no slower than the first)",
      lagRows,
      `${runs[0]?.name}: first fifth`,
    );

    const all = results.at(-1);
    printTable(
      "Throughput when every batch arrives at once",
      [
        {
          name: "recorded rate (the runtime's batching)",
          value: 10,
          unit: "batches/s",
          higherIsBetter: true,
        },
        {
          name: "handled by the app",
          value: all ? (batches / all.result.wallMs) * 1_000 : 0,
          unit: "batches/s",
          higherIsBetter: true,
          note: all
            ? `${((100_000 / all.result.wallMs) * 1_000).toLocaleString("en-US", { maximumFractionDigits: 0 })} tasks/s of stream`
            : "",
        },
      ],
      "recorded rate (the runtime's batching)",
    );

    printTable(
      "JS heap after a full GC (runs are kept: up to 8 in the Runs list)",
      [
        { name: "empty dashboard", value: heapEmpty, unit: "MiB", higherIsBetter: false },
        ...results.map(({ name, heap }, index) => ({
          name: `after ${name}`,
          value: heap,
          unit: "MiB",
          higherIsBetter: false,
          note: `${index + 1} run(s) of 100,000 tasks held`,
        })),
      ],
      "empty dashboard",
    );
    console.log(`\nshown at the end: ${results.map((r) => `“${r.shown}”`).join("; ")}`);
  } finally {
    await bench.close();
  }
}

void main();
