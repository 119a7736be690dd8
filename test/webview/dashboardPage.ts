/**
 * Opens the dashboard in the harness in real Chromium and talks to it as the extension would:
 * sends protocol messages, reads what it posted, replays recorded event streams.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { BatchEvent, WeftEvent } from "../../runtime/src/protocol/events";
import type { FromDashboard, ToDashboard } from "../../webview/protocol";
import { launchChromium } from "../support/chromium";
import { repoRoot, testOutputDir } from "../support/paths";
import { serveHarness, type HarnessServer, type HarnessTheme } from "./harnessServer";

export interface DashboardSession {
  readonly page: Page;
  readonly server: HarnessServer;
  /** Errors thrown in the page and CSP violations, which no test expects. */
  readonly problems: string[];
  send(message: ToDashboard): Promise<void>;
  posted(): Promise<FromDashboard[]>;
  /** Sends a stream's events a batch per message, as the extension relays them. */
  replay(events: readonly WeftEvent[]): Promise<void>;
  screenshot(name: string): Promise<void>;
  open(theme?: HarnessTheme): Promise<void>;
  close(): Promise<void>;
}

export function recordedStream(name: string): WeftEvent[] {
  const text = readFileSync(join(repoRoot, "test", "fixtures", "events", `${name}.jsonl`), "utf8");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as WeftEvent);
}

export function recordedLines(name: string): string[] {
  return readFileSync(join(repoRoot, "test", "fixtures", "events", `${name}.jsonl`), "utf8")
    .split("\n")
    .filter((line) => line !== "");
}

export async function openDashboard(
  executable: string,
  options: { theme?: HarnessTheme; width?: number; height?: number } = {},
): Promise<DashboardSession> {
  const server = await serveHarness();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(executable);
    const page = await browser.newPage({
      viewport: { width: options.width ?? 460, height: options.height ?? 860 },
    });
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    const session: DashboardSession = {
      page,
      server,
      problems,
      send: async (message) => {
        await page.evaluate((m) => window.postMessage(m, "*"), message);
      },
      posted: () =>
        page.evaluate(() => (window as unknown as { __posted: FromDashboard[] }).__posted),
      replay: async (events) => {
        for (const event of events) await session.send({ type: "events", events: [event] });
      },
      screenshot: async (name) => {
        await page.screenshot({ path: join(testOutputDir("webview"), `${name}.png`) });
      },
      open: async (theme = options.theme ?? "dark") => {
        await page.goto(server.page(theme));
        await page.waitForFunction(
          () => (window as unknown as { __posted?: unknown[] }).__posted?.length !== 0,
        );
      },
      close: async () => {
        await browser?.close();
        await server.close();
      },
    };
    await session.open();
    return session;
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}

export function lastBatch(events: readonly WeftEvent[]): BatchEvent {
  const batch = events.findLast((event): event is BatchEvent => event.type === "batch");
  if (!batch) throw new Error("the stream has no batch");
  return batch;
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

/** Every pixel of a canvas row as [r, g, b, a] tuples. */
export async function canvasRow(page: Page, selector: string, y: number): Promise<number[][]> {
  return page.evaluate(
    ({ selector, y }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(selector);
      const context = canvas?.getContext("2d");
      if (!canvas || !context) throw new Error(`no canvas ${selector}`);
      const ratio = window.devicePixelRatio || 1;
      const data = context.getImageData(0, Math.round(y * ratio), canvas.width, 1).data;
      const pixels: number[][] = [];
      for (let i = 0; i < data.length; i += 4) {
        pixels.push([data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0, data[i + 3] ?? 0]);
      }
      return pixels;
    },
    { selector, y },
  );
}
