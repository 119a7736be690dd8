/**
 * The Errors and Runs pages in Chromium: remote stacks whose file:line frames open the source,
 * picking among live runs, and an events file opened as a run.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { RunModel } from "../../webview/model/runModel";
import { requireChromium } from "../support/tools";
import { cspViolations, openDashboard, recordedLines, recordedStream } from "./dashboardPage";

test("Errors lists each erred task with its stack, and stack frames open the source", async (t) => {
  const executable = requireChromium(t);
  if (executable === undefined) return;
  const session = await openDashboard(executable);
  try {
    const { page } = session;
    const events = recordedStream("errors");
    const model = new RunModel("run-errors");
    for (const event of events) model.apply(event);
    const erred = model.totals().erred;
    assert.ok(model.failures.length > 1 && erred > model.failures.length);

    await session.replay(events);
    const errorsTab = page.locator('vscode-tab-header[data-page="errors"]');
    await errorsTab.locator(".errors-count").getByText(String(erred)).waitFor();
    await errorsTab.click();
    const failures = page.locator(".errors-page details.failure");
    await failures.nth(model.failures.length - 1).waitFor();
    assert.equal(await failures.count(), model.failures.length);
    assert.match(
      (await page.locator(".errors-page .run-summary").textContent()) ?? "",
      new RegExp(`^${erred} erred \\(${model.failures.length} raised an error`),
    );

    const first = model.failures[0];
    assert.ok(first);
    const item = failures.first();
    assert.equal(await item.getAttribute("data-key"), first.key);
    const stack = item.locator("pre.stack");
    assert.equal(await stack.textContent(), first.stack, "the remote stack, as it was");
    // The user's frame: `at parseRecord (/…/parse-logs.ts:12:17)`.
    const frame = /at parseRecord \((.+):(\d+):(\d+)\)/.exec(first.stack);
    assert.ok(frame);
    await session.screenshot("errors");
    await stack
      .locator("a.source-link", { hasText: `${frame[1]}:${frame[2]}:${frame[3]}` })
      .click();
    assert.deepEqual((await session.posted()).at(-1), {
      type: "open-source",
      location: { file: frame[1], line: Number(frame[2]), column: Number(frame[3]) },
    });
    // The worker's own frame (a file: URL) is a link too.
    const links = await stack.locator("a.source-link").allTextContents();
    assert.ok(links.some((text) => text.startsWith("file:///")));

    // The second failure opens on demand and links the same way.
    const second = failures.nth(1);
    await second.locator("summary").click();
    await second.locator("p.failure-location a.source-link").click();
    assert.deepEqual((await session.posted()).at(-1), {
      type: "open-source",
      location: model.failures[1]?.location,
    });
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(session.problems, []);
  } finally {
    await session.close();
  }
});

test("Runs: recent runs can be picked, a finished run stays viewable, an events file opens as a run", async (t) => {
  const executable = requireChromium(t);
  if (executable === undefined) return;
  const session = await openDashboard(executable);
  try {
    const { page } = session;
    await session.replay(recordedStream("seed004"));
    await session.replay(recordedStream("errors"));
    await page.locator(".current-run").getByText("examples/parse-logs.ts").waitFor();

    await page.locator('vscode-tab-header[data-page="runs"]').click();
    const rows = page.locator(".runs-page .run-row");
    await rows.nth(1).waitFor();
    assert.deepEqual(
      await rows.evaluateAll((all) => all.map((r) => r.getAttribute("data-run-id"))),
      ["run-errors", "run-seed004"],
    );
    assert.equal(await rows.first().getAttribute("aria-pressed"), "true", "newest run shown");

    // Picking the finished seed004 run shows it on the Status page.
    await rows.nth(1).click();
    await page.locator(".current-run").getByText("examples/custom-workloads.ts").waitFor();
    assert.equal(await page.locator(".status-page").isVisible(), true);
    await page.locator(".progress-total").first().getByText("256 / 256").waitFor();

    // Opening an events file: the app asks, the extension answers with the file's lines.
    await page.locator('vscode-tab-header[data-page="runs"]').click();
    await page.locator("vscode-button.open-events").click();
    assert.deepEqual((await session.posted()).at(-1), { type: "open-events-file" });
    const lines = recordedLines("graph5000");
    await session.send({
      type: "events-file",
      name: "graph5000.jsonl",
      lines: [...lines.slice(0, 2), "not json", ...lines.slice(2)],
    });
    await page.locator(".current-run").getByText("graph5000.jsonl").waitFor();
    await page.locator(".progress-total").getByText("1,000 / 1,000").first().waitFor();
    await page.locator('vscode-tab-header[data-page="runs"]').click();
    await rows.nth(2).waitFor();
    assert.equal(await rows.count(), 3);
    assert.match((await rows.first().textContent()) ?? "", /graph5000\.jsonl.*done.*from file/s);
    assert.match((await page.locator("pre.problems").textContent()) ?? "", /line 3: /);
    await session.screenshot("runs");

    await page.locator('vscode-tab-header[data-page="graph"]').click();
    await page.locator('.graph-page[data-mode="tasks"][data-nodes="5000"]').waitFor();
    await session.screenshot("graph-5000");

    // A new live run takes over only while the user follows the newest live run: they picked a
    // file, so it stays.
    await session.send({
      type: "events",
      events: [{ type: "run-start", v: 1, runId: "run-next", startedAt: Date.now(), workers: 2 }],
    });
    await page.locator('vscode-tab-header[data-page="runs"]').click();
    await rows.locator(".run-title", { hasText: "run-next" }).waitFor();
    assert.equal(await page.locator(".current-run").textContent(), "graph5000.jsonl");
    await session.send({ type: "select-run", runId: "run-next" });
    await page.locator(".current-run").getByText("run-next").waitFor();
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(session.problems, []);
  } finally {
    await session.close();
  }
});
