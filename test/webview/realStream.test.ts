/**
 * The dashboard reading what the real runtime writes: `weft run --events` on the seed-004
 * example (the built CLI, real worker threads), the file opened as a run the way the extension
 * will hand it over.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseEventLine } from "../../runtime/src/protocol/events";
import { RunModel } from "../../webview/model/runModel";
import { examplesDir, repoRoot, runtimeDist } from "../support/paths";
import { requireChromium } from "../support/tools";
import { cspViolations, lastBatch, openDashboard } from "./dashboardPage";

test("an events file written by `weft run --events` opens as a run with the same counts", async (t) => {
  const executable = requireChromium(t);
  if (executable === undefined) return;
  const cli = join(runtimeDist, "cli.mjs");
  const usage = spawnSync(process.execPath, [cli, "help", "run"], { encoding: "utf8" });
  if (!`${usage.stdout}${usage.stderr}`.includes("--events")) {
    t.skip("this build of `weft run` has no --events option");
    return;
  }
  const folder = mkdtempSync(join(tmpdir(), "weft-dashboard-"));
  const file = join(folder, "seed-004.jsonl");
  try {
    const run = spawnSync(
      process.execPath,
      [
        join(runtimeDist, "cli.mjs"),
        "run",
        "--events",
        file,
        join(examplesDir, "seed-004-delayed.ts"),
      ],
      { cwd: repoRoot, encoding: "utf8", timeout: 120_000 },
    );
    assert.equal(run.status, 0, `weft run failed:\n${run.stdout}${run.stderr}`);
    const lines = readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line !== "");
    const events = lines.map(parseEventLine);
    const model = new RunModel("real");
    for (const event of events) model.apply(event);
    const end = events.at(-1);
    assert.equal(end?.type, "run-end");

    const session = await openDashboard(executable, { width: 900, height: 700 });
    try {
      const { page } = session;
      await session.send({ type: "events-file", name: "seed-004.jsonl", lines });
      await page.locator(".current-run").getByText("seed-004.jsonl").waitFor();
      for (const group of lastBatch(events).groups) {
        const c = group.counts;
        const total = Object.values(c).reduce((sum, n) => sum + n, 0);
        await page
          .locator(`.progress-row[data-group="${group.group}"] .progress-total`)
          .getByText(
            `${(c.memory + c.released).toLocaleString("en-US")} / ${total.toLocaleString("en-US")}`,
          )
          .waitFor();
      }
      await session.screenshot("real-run-status");

      // Every task the runtime added is on the graph, and a click opens the line that made it.
      await page.locator('vscode-tab-header[data-page="graph"]').click();
      await page
        .locator(`.graph-page[data-mode="tasks"][data-nodes="${model.tasks.size}"]`)
        .waitFor();
      const located = [...model.tasks.values()].find((task) => task.location !== undefined);
      assert.ok(located?.location, "the runtime records where tasks were made");
      const canvas = await page.locator(".graph-canvas").boundingBox();
      const at = await page.evaluate(
        (key) =>
          (
            window as unknown as {
              __weftDashboard: { graphNodePosition(id: string): { x: number; y: number } };
            }
          ).__weftDashboard.graphNodePosition(key),
        located.key,
      );
      assert.ok(canvas && at);
      await page.mouse.click(canvas.x + at.x, canvas.y + at.y);
      const posted = await session.posted();
      assert.deepEqual(posted.at(-1), { type: "open-source", location: located.location });
      assert.match(located.location.file, /examples\/seed-004-delayed\.ts$/);
      await session.screenshot("real-run-graph");
      assert.deepEqual(await cspViolations(page), []);
      assert.deepEqual(session.problems, []);
    } finally {
      await session.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
