/**
 * A real VS Code for end-to-end tests: code-server on 127.0.0.1 at a free port, with the
 * packaged .vsix installed into a fresh extensions folder, driven by Playwright in Chromium.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { launchChromium } from "./chromium";

export interface CodeServerSession {
  readonly url: string;
  readonly page: Page;
  readonly logs: string[];
  /** The extension's "Weft" output channel, as logged so far. */
  weftLog(): string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface CodeServerOptions {
  readonly entry: string;
  readonly chromium: string;
  readonly vsix: string;
  readonly folder: string;
  readonly settings?: Record<string, unknown>;
  readonly trustWorkspace?: boolean;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServerSession> {
  const home = mkdtempSync(join(tmpdir(), "weft-code-server-"));
  const userData = join(home, "user-data");
  const extensions = join(home, "extensions");
  mkdirSync(join(userData, "User"), { recursive: true });
  writeFileSync(
    join(userData, "User", "settings.json"),
    JSON.stringify({
      "workbench.startupEditor": "none",
      "workbench.tips.enabled": false,
      "telemetry.telemetryLevel": "off",
      "update.mode": "none",
      "extensions.autoCheckUpdates": false,
      "extensions.autoUpdate": false,
      "git.openRepositoryInParentFolders": "never",
      // The DOM renderer keeps the terminal's text readable by the tests.
      "terminal.integrated.gpuAcceleration": "off",
      "remote.autoForwardPorts": false,
      ...options.settings,
    }),
  );

  const install = spawnSync(
    process.execPath,
    [
      options.entry,
      "--user-data-dir",
      userData,
      "--extensions-dir",
      extensions,
      "--install-extension",
      options.vsix,
    ],
    { encoding: "utf8" },
  );
  if (install.status !== 0) {
    throw new Error(
      `installing ${options.vsix} into code-server failed:\n${install.stdout}${install.stderr}`,
    );
  }

  const port = await freePort();
  const logs: string[] = [];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      options.entry,
      "--auth",
      "none",
      "--bind-addr",
      `127.0.0.1:${port}`,
      "--user-data-dir",
      userData,
      "--extensions-dir",
      extensions,
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-getting-started-override",
      ...(options.trustWorkspace === false ? [] : ["--disable-workspace-trust"]),
      options.folder,
    ],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  child.stdout?.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const onData = (): void => {
      if (logs.join("").includes("HTTP server listening")) resolve();
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`code-server exited with ${code}:\n${logs.join("")}`)),
    );
  });

  let browser: Browser | undefined;
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.folder)}`;
  try {
    browser = await launchChromium(options.chromium);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
    return {
      url,
      page,
      logs,
      weftLog: () => readWeftLog(join(userData, "logs")),
      close: async () => {
        await browser?.close();
        if (child.pid !== undefined && child.exitCode === null) {
          const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
          process.kill(-child.pid, "SIGTERM");
          await exited;
        }
        rmSync(home, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    throw error;
  }
}

function readWeftLog(dir: string): string {
  if (!existsSync(dir)) return "";
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((path) => path.endsWith("Weft.log"))
    .map((path) => readFileSync(join(dir, path), "utf8"))
    .join("\n");
}

/**
 * Runs a command from the palette, as a user would: F1, its title, Enter. The palette lists the
 * commands known when it opens; right after start-up an extension's may not be registered yet,
 * so it is closed and opened again until the command shows (30 s at most).
 */
export async function runCommand(page: Page, title: string): Promise<void> {
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
  for (let attempt = 1; ; attempt++) {
    await page.locator(".monaco-workbench").click({ position: { x: 700, y: 400 } });
    await page.keyboard.press("F1");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor();
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: 5_000 });
      break;
    } catch (error) {
      if (attempt === 6) throw error;
      await page.keyboard.press("Escape");
    }
  }
  await page.keyboard.press("Enter");
}

/** The content frame of a webview (VS Code nests it in two iframes). */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator("iframe.webview.ready").frameLocator("iframe#active-frame");
}

/** Opens a file of the workspace through Quick Open, as a user would, and waits for its editor. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.locator(".monaco-workbench").click({ position: { x: 700, y: 400 } });
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor();
  await input.fill(name);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: name }).first().waitFor();
  await page.keyboard.press("Enter");
  await page.locator(`.tab[aria-label^="${name}"]`).first().waitFor();
  await page.locator(".monaco-editor .view-lines").first().waitFor();
}

/** The rows of the Problems panel, opened through the palette. */
export async function problems(page: Page): Promise<string[]> {
  await runCommand(page, "View: Focus Problems");
  const rows = page.locator(".markers-panel .monaco-list-row");
  return rows.allTextContents();
}
