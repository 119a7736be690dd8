/**
 * End to end in a real VS Code (code-server) with the packaged .vsix installed: the extension
 * activates and "Weft: Show Dashboard" opens the dashboard view, whose content we read.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import {
  runCommand,
  startCodeServer,
  webviewFrame,
  type CodeServerSession,
} from "../support/codeServer";
import { examplesDir, testOutputDir, vsixPath } from "../support/paths";
import { requireChromium, requireCodeServer } from "../support/tools";

test(
  "Weft: Show Dashboard opens the empty dashboard in code-server",
  { timeout: 180_000 },
  async (t) => {
    const entry = requireCodeServer(t);
    const chromium = requireChromium(t);
    if (entry === undefined || chromium === undefined) return;
    const shots = testOutputDir("e2e");
    let session: CodeServerSession | undefined;
    try {
      session = await startCodeServer({ entry, chromium, vsix: vsixPath, folder: examplesDir });
      const { page } = session;
      await page.screenshot({ path: join(shots, "01-workbench.png") });

      await runCommand(page, "Weft: Show Dashboard");
      const dashboard = webviewFrame(page);
      await dashboard.locator(".empty").first().waitFor({ timeout: 60_000 });
      assert.match(
        (await dashboard.locator('.empty[data-page="status"]').textContent()) ?? "",
        /No runs yet/,
      );
      // The version badge arrives in the extension's `hello` reply: proof the two sides talk.
      await dashboard.getByText(/^v\d+\.\d+\.\d+/).waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(shots, "02-dashboard.png") });
    } catch (error) {
      if (session) {
        await session.page.screenshot({ path: join(shots, "failure.png") }).catch(() => undefined);
        t.diagnostic(session.logs.join("").slice(-4000));
      }
      throw error;
    } finally {
      await session?.close();
    }
  },
);
