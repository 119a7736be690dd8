/**
 * Shared by the dashboard benchmarks: the harness page (the extension's CSP, served on
 * 127.0.0.1) in Debian's Chromium, with probes for frame times, long tasks and the JS heap.
 */
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../test/support/chromium";
import { chromiumPath } from "../test/support/tools";
import { serveHarness, type HarnessServer } from "../test/webview/harnessServer";

export interface BenchPage {
  readonly page: Page;
  readonly server: HarnessServer;
  readonly browser: Browser;
  close(): Promise<void>;
}

export async function openBenchPage(width = 900, height = 800): Promise<BenchPage | undefined> {
  const executable = chromiumPath();
  if (executable === undefined) {
    console.log("Chromium not found (apt-get install chromium): dashboard benchmark skipped");
    return undefined;
  }
  const server = await serveHarness();
  const browser = await launchChromium(executable);
  const page = await browser.newPage({ viewport: { width, height } });
  // tsx compiles the functions passed to page.evaluate with esbuild's keepNames helper.
  await page.addInitScript("globalThis.__name = (target) => target;");
  await page.goto(server.page("dark"));
  await page.waitForFunction(
    () => (window as unknown as { __posted?: unknown[] }).__posted?.length !== 0,
  );
  return {
    page,
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

export interface FrameProbe {
  /** ms between consecutive animation frames. */
  readonly frames: number[];
  /** Durations of main-thread tasks over 50 ms (the browser's long-task entries). */
  readonly longTasks: number[];
  /** The longest main-thread task seen, when the browser reports it. */
  readonly elapsedMs: number;
}

/** Starts recording frame intervals and long tasks in the page. */
export async function startFrameProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const probe = { frames: [] as number[], longTasks: [] as number[], start: performance.now() };
    (window as unknown as { __probe: typeof probe & { stop?: boolean } }).__probe = probe;
    let last = performance.now();
    const tick = (now: number): void => {
      const state = (window as unknown as { __probe: { stop?: boolean } }).__probe;
      if (state.stop) return;
      probe.frames.push(now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
    }).observe({ type: "longtask", buffered: false });
  });
}

export async function stopFrameProbe(page: Page): Promise<FrameProbe> {
  return page.evaluate(() => {
    const probe = (
      window as unknown as {
        __probe: { frames: number[]; longTasks: number[]; start: number; stop?: boolean };
      }
    ).__probe;
    probe.stop = true;
    return {
      frames: probe.frames.slice(1),
      longTasks: probe.longTasks,
      elapsedMs: performance.now() - probe.start,
    };
  });
}

/** JS heap in use after a full garbage collection, in MiB. */
export async function heapMiB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const usage = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
  await cdp.detach();
  return usage.usedSize / 2 ** 20;
}
