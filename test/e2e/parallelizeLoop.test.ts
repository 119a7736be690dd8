/**
 * The editor experience end to end, in a real VS Code (code-server) with the packaged .vsix: an
 * example with a plain sequential loop gets Weft's diagnostic, the rewrite is applied from the
 * Refactor menu, and the rewritten file runs and prints what the original printed.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  openFile,
  problems,
  runCommand,
  startCodeServer,
  webviewFrame,
  type CodeServerSession,
} from "../support/codeServer";
import { examplesDir, runtimeDist, testOutputDir, vsixPath } from "../support/paths";
import { requireChromium, requireCodeServer } from "../support/tools";

const EXAMPLE = "sequential-scores.ts";

/** The dashboard's read-only hooks for tests (webview/main.ts). */
interface DashboardHooks {
  readonly __weftDashboard: {
    graphNodeIds(): readonly string[];
    graphNodePosition(id: string): { x: number; y: number } | undefined;
  };
}

function weftRun(file: string): string {
  const result = spawnSync(
    process.execPath,
    [join(runtimeDist, "cli.mjs"), "run", "--no-progress", file],
    {
      encoding: "utf8",
    },
  );
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

test(
  "a sequential loop gets a Weft diagnostic, the rewrite applies, and the file still runs",
  { timeout: 300_000 },
  async (t) => {
    const entry = requireCodeServer(t);
    const chromium = requireChromium(t);
    if (entry === undefined || chromium === undefined) return;
    const folder = mkdtempSync(join(tmpdir(), "weft-e2e-loop-"));
    const file = join(folder, EXAMPLE);
    copyFileSync(join(examplesDir, EXAMPLE), file);
    const before = weftRun(file);

    const shots = testOutputDir("e2e");
    let session: CodeServerSession | undefined;
    try {
      session = await startCodeServer({ entry, chromium, vsix: vsixPath, folder });
      const { page } = session;
      await openFile(page, EXAMPLE);

      let rows: string[] = [];
      for (let attempt = 0; attempt < 60; attempt++) {
        rows = await problems(page);
        if (rows.some((row) => row.includes("parallel-map"))) break;
        await page.waitForTimeout(1000);
      }
      await page.screenshot({ path: join(shots, "loop-01-diagnostic.png") });
      const diagnostic = rows.find((row) => row.includes("parallel-map"));
      assert.ok(diagnostic, `Weft's diagnostic is in the Problems panel: ${JSON.stringify(rows)}`);
      assert.match(diagnostic, /iterations of this loop are independent.*score/);

      // Put the cursor on the loop and pick the rewrite from the Refactor menu.
      await page
        .locator(".monaco-editor .view-line", { hasText: "for (const name of names)" })
        .first()
        .click();
      await runCommand(page, "Refactor...");
      const action = page.locator(".action-widget .monaco-list-row", {
        hasText: "delayed + compute",
      });
      await action
        .first()
        .waitFor({ timeout: 30_000 })
        .catch(async (error: unknown) => {
          await page.screenshot({ path: join(shots, "loop-02-refactor-menu-failed.png") });
          throw error;
        });
      await page.screenshot({ path: join(shots, "loop-02-refactor-menu.png") });
      // Choose it with the keyboard, as the menu expects (a pointer block covers it briefly).
      const focused = page.locator(".action-widget .monaco-list-row.focused");
      for (let step = 0; step < 5; step++) {
        if (((await focused.getAttribute("aria-label")) ?? "").includes("delayed + compute")) break;
        await page.keyboard.press("ArrowDown");
      }
      assert.match((await focused.getAttribute("aria-label")) ?? "", /delayed \+ compute/);
      await page.keyboard.press("Enter");
      await page
        .locator(".view-lines", { hasText: "delayed(score)" })
        .first()
        .waitFor({ timeout: 30_000 });
      await page.locator(".monaco-editor .view-lines").first().click();
      await page.keyboard.press("Control+S");
      // The save has landed when the file on disk holds the rewrite.
      for (
        let attempt = 0;
        attempt < 100 && !readFileSync(file, "utf8").includes("delayed(");
        attempt++
      ) {
        await page.waitForTimeout(100);
      }
      await page.screenshot({ path: join(shots, "loop-03-rewritten.png") });

      const rewritten = readFileSync(file, "utf8");
      assert.match(rewritten, /import \{[^}]*delayed[^}]*\} from "weft"/);
      assert.match(rewritten, /await compute\(/);
      assert.equal(weftRun(file), before, "the rewritten file prints what the original printed");

      // Run it from the editor on the extension's cluster; the dashboard follows the run.
      await runCommand(page, "Weft: Run Current File");
      const terminal = page.locator(".terminal-wrapper .xterm-rows");
      await terminal.getByText("scores:").first().waitFor({ timeout: 120_000 });
      assert.ok(
        ((await terminal.first().textContent()) ?? "")
          .replace(/\s+/g, "")
          .includes(before.replace(/\s+/g, "")),
        "the terminal shows the program's output",
      );
      await page.screenshot({ path: join(shots, "loop-04-run.png") });
      const dashboard = webviewFrame(page);
      await dashboard
        .locator(".dashboard-header .run-status")
        .getByText("done")
        .waitFor({ timeout: 60_000 });
      await dashboard
        .locator('.progress-row[data-group="score"] .progress-total')
        .getByText("16 / 16")
        .waitFor();
      await page.screenshot({ path: join(shots, "loop-05-dashboard-status.png") });
      await dashboard.locator('vscode-tab-header[data-page="graph"]').click();
      await dashboard.locator('.graph-page[data-nodes="16"]').waitFor();
      await page.screenshot({ path: join(shots, "loop-06-dashboard-graph.png") });

      // A click on a task's node opens the line that made it. Put the cursor elsewhere first.
      await page.locator(".monaco-editor .view-lines").first().click();
      await page.keyboard.press("Control+Home");
      const selection = page.locator('[id="status.editor.selection"]');
      await selection.getByText(/^Ln 1, Col 1/).waitFor();
      const canvas = dashboard.locator(".graph-canvas");
      const key = await canvas.evaluate(() =>
        (window as unknown as DashboardHooks).__weftDashboard
          .graphNodeIds()
          .find((id) => id.startsWith("score-")),
      );
      assert.ok(key, "a score task is on the graph");
      const local = await canvas.evaluate(
        (_canvas, id) =>
          (window as unknown as DashboardHooks).__weftDashboard.graphNodePosition(id),
        key,
      );
      const box = await canvas.boundingBox();
      assert.ok(local && box, "the node and the canvas are on screen");
      await page.mouse.click(box.x + local.x, box.y + local.y);
      const madeAt = rewritten.split("\n").findIndex((line) => line.includes("delayed(score)"));
      await selection.getByText(new RegExp(`^Ln ${madeAt + 1},`)).waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(shots, "loop-07-node-opened-source.png") });

      // By now TypeScript has checked the rewritten file too: it compiles in the editor.
      const after = await problems(page);
      assert.deepEqual(
        after.filter((row) => /ts\(\d+\)/.test(row)),
        [],
        "no TypeScript error in the rewritten file",
      );
    } catch (error) {
      await session?.page
        .screenshot({ path: join(shots, "loop-failure.png") })
        .catch(() => undefined);
      t.diagnostic(`Weft output:\n${session?.weftLog() ?? ""}`);
      throw error;
    } finally {
      await session?.close();
    }
  },
);
