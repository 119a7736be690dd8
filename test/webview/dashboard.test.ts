/**
 * The dashboard app in real Chromium, fed messages by the harness page as the extension would.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/chromium";
import { distDir, testOutputDir } from "../support/paths";
import { serveStatic } from "../support/staticServer";
import { requireChromium } from "../support/tools";

test("the empty dashboard renders, says hello back, and shows the version it is sent", async (t) => {
  const executable = requireChromium(t);
  if (executable === undefined) return;
  const server = await serveStatic({ "/dist/": distDir, "/harness/": import.meta.dirname });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(executable);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${server.url}/harness/harness.html`);

    await page.waitForFunction(
      () => (window as unknown as { __posted: unknown[] }).__posted.length > 0,
    );
    const posted = await page.evaluate(
      () => (window as unknown as { __posted: unknown[] }).__posted,
    );
    assert.deepEqual(posted[0], { type: "ready" }, "the app announces it is ready");

    await page.evaluate(() => window.postMessage({ type: "hello", version: "9.8.7" }, "*"));
    await page.getByText("v9.8.7").waitFor();
    const empty = page.locator('.empty[data-page="status"]');
    assert.match((await empty.textContent()) ?? "", /No runs yet/);
    assert.equal(
      await page.locator("vscode-tab-header").count(),
      3,
      "Status, Graph and Errors tabs",
    );

    await page.screenshot({ path: join(testOutputDir("webview"), "empty-dashboard.png") });
    assert.deepEqual(errors, [], "no errors in the page");
  } finally {
    await browser?.close();
    await server.close();
  }
});
