/**
 * The Graph page with 5,000 tasks (the recorded graph5000 stream: load → parse → features →
 * score → a tree of sums), in Chromium under the extension's CSP: how long from opening the page
 * to the laid-out graph, whether any main-thread task exceeds 50 ms while it lays out, and the
 * frame rate while panning. Peers in the same run: dagre (the layout behind cytoscape-dagre) and
 * Weft's layout each in one call on the same graph, and the idle page's frame rate.
 */
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { join } from "node:path";
import { taskGraph } from "../webview/model/graphModel";
import { RunModel } from "../webview/model/runModel";
import { recordedStream } from "../test/webview/dashboardPage";
import { chromiumPath } from "../test/support/tools";
import { repoRoot } from "../test/support/paths";
import {
  openBenchPage,
  startFrameProbe,
  stopFrameProbe,
  type FrameProbe,
} from "./dashboard-harness";
import { percentile, printTable } from "./table";

type Stats = { lastLayoutMs: number; draws: number; drawMsTotal: number; drawMsMax: number };

const fps = (probe: FrameProbe): number =>
  1_000 / (probe.frames.reduce((sum, ms) => sum + ms, 0) / Math.max(1, probe.frames.length));

const longest = (probe: FrameProbe): string =>
  probe.longTasks.length === 0
    ? "no task > 50 ms"
    : `${probe.longTasks.length} task(s) > 50 ms, longest ${Math.max(...probe.longTasks).toFixed(0)} ms`;

async function peers(graph: { nodeCount: number; dependencies: number[][] }): Promise<{
  weftMs: number;
  dagreMs: number;
}> {
  const bundle = await build({
    entryPoints: [join(repoRoot, "bench", "dashboard-layout-peers.ts")],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "chrome120",
    logLevel: "warning",
  });
  const executable = chromiumPath() as string;
  const browser = await chromium.launch({ executablePath: executable, args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    await page.setContent("<!doctype html><title>layout peers</title>");
    await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? "" });
    return await page.evaluate((input) => {
      const peers = (
        globalThis as unknown as {
          layoutPeers: Record<"weft" | "dagre", (g: typeof input) => number>;
        }
      ).layoutPeers;
      peers.weft(input); // warm-up, as the app has its code loaded too
      let start = performance.now();
      peers.weft(input);
      const weftMs = performance.now() - start;
      start = performance.now();
      peers.dagre(input);
      const dagreMs = performance.now() - start;
      return { weftMs, dagreMs };
    }, graph);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const bench = await openBenchPage(900, 800);
  if (!bench) return;
  const { page } = bench;
  try {
    const events = recordedStream("graph5000");
    const model = new RunModel("run-graph5000");
    for (const event of events) model.apply(event);
    const graph = taskGraph(model);

    await page.evaluate((all) => window.postMessage({ type: "events", events: all }, "*"), events);
    await page.locator(".status-page .progress-row").first().waitFor();
    const idle = await (async () => {
      await startFrameProbe(page);
      await page.waitForTimeout(1_500);
      return stopFrameProbe(page);
    })();

    // Open the Graph page: the layout runs in slices while the page stays responsive.
    await startFrameProbe(page);
    const opened = performance.now();
    await page.locator('vscode-tab-header[data-page="graph"]').click();
    await page.locator('.graph-page[data-nodes="5000"][data-layouts="1"]').waitFor();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    const shownMs = performance.now() - opened;
    const layoutProbe = await stopFrameProbe(page);
    const stats = (): Promise<Stats> =>
      page.evaluate(() =>
        (
          window as unknown as { __weftDashboard: { graphStats(): Stats } }
        ).__weftDashboard.graphStats(),
      );
    const afterLayout = await stats();

    // Pan: drag across the canvas for about two seconds, at the fitted view and zoomed in.
    const canvas = await page.locator(".graph-canvas").boundingBox();
    if (!canvas) throw new Error("no graph canvas");
    const pan = async (): Promise<{
      probe: FrameProbe;
      draws: number;
      meanDraw: number;
      maxDraw: number;
    }> => {
      const before = await stats();
      const cx = canvas.x + canvas.width / 2;
      const cy = canvas.y + canvas.height / 2;
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      await startFrameProbe(page);
      const started = performance.now();
      for (let i = 0; performance.now() - started < 2_000; i++) {
        const angle = i / 10;
        await page.mouse.move(cx + Math.cos(angle) * 150, cy + Math.sin(angle) * 120);
      }
      const probe = await stopFrameProbe(page);
      await page.mouse.up();
      const after = await stats();
      const draws = after.draws - before.draws;
      return {
        probe,
        draws,
        meanDraw: (after.drawMsTotal - before.drawMsTotal) / Math.max(1, draws),
        maxDraw: after.drawMsMax,
      };
    };
    const fitted = await pan();
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -600);
    const zoomed = await pan();

    const { weftMs, dagreMs } = await peers({
      nodeCount: graph.nodeCount,
      dependencies: graph.dependencies.map((deps) => [...deps]),
    });
    const edges = graph.dependencies.reduce((sum, deps) => sum + deps.length, 0);
    printTable(
      `Laying out ${graph.nodeCount.toLocaleString("en-US")} nodes and ${edges.toLocaleString("en-US")} edges, left to right`,
      [
        {
          name: "dagre 3.1 (one call)",
          value: dagreMs,
          unit: "ms",
          higherIsBetter: false,
          note: "blocks the thread for all of it",
        },
        {
          name: "Weft layered layout (one call)",
          value: weftMs,
          unit: "ms",
          higherIsBetter: false,
        },
        {
          name: "Weft Graph page: layout, sliced",
          value: afterLayout.lastLayoutMs,
          unit: "ms",
          higherIsBetter: false,
          note: longest(layoutProbe),
        },
        {
          name: "Weft Graph page: click → graph drawn",
          value: shownMs,
          unit: "ms",
          higherIsBetter: false,
          note: `frames p95 ${percentile(layoutProbe.frames, 95).toFixed(1)} ms, max ${Math.max(...layoutProbe.frames).toFixed(1)} ms`,
        },
      ],
      "dagre 3.1 (one call)",
    );
    printTable(
      "Panning the 5,000-node graph (drag for 2 s)",
      [
        { name: "idle page (display rate)", value: fps(idle), unit: "fps", higherIsBetter: true },
        ...(
          [
            ["whole graph in view", fitted],
            ["zoomed in (labels drawn)", zoomed],
          ] as const
        ).map(([name, run]) => ({
          name: `pan, ${name}`,
          value: fps(run.probe),
          unit: "fps",
          higherIsBetter: true,
          note: `frame p95 ${percentile(run.probe.frames, 95).toFixed(1)} ms; ${run.draws} draws, mean ${run.meanDraw.toFixed(1)} ms, max ${run.maxDraw.toFixed(1)} ms; ${longest(run.probe)}`,
        })),
      ],
      "idle page (display rate)",
    );
  } finally {
    await bench.close();
  }
}

void main();
