/**
 * The dashboard app in real Chromium, served under the extension's CSP and fed messages by the
 * harness page as the extension would: the empty state, the Status page, themes, state restore.
 */
import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import { requireChromium } from "../support/tools";
import {
  canvasRow,
  cspViolations,
  lastBatch,
  openDashboard,
  recordedStream,
  type DashboardSession,
} from "./dashboardPage";

async function withDashboard(
  t: TestContext,
  run: (session: DashboardSession) => Promise<void>,
  options: Parameters<typeof openDashboard>[1] = {},
): Promise<void> {
  const executable = requireChromium(t);
  if (executable === undefined) return;
  const session = await openDashboard(executable, options);
  try {
    await run(session);
    assert.deepEqual(await cspViolations(session.page), [], "nothing breaks the CSP");
    assert.deepEqual(session.problems, [], "no errors in the page");
  } finally {
    await session.close();
  }
}

test("the empty dashboard renders under the CSP, says it is ready, and shows its version", async (t) => {
  await withDashboard(t, async (session) => {
    const { page } = session;
    assert.deepEqual((await session.posted())[0], { type: "ready" });
    await session.send({ type: "hello", version: "9.8.7" });
    await page.getByText("v9.8.7").waitFor();
    assert.match(
      (await page.locator('.empty[data-page="status"]').textContent()) ?? "",
      /No runs yet/,
    );
    assert.deepEqual(await page.locator("vscode-tab-header").allTextContents(), [
      "Status",
      "Graph",
      "Errors",
      "Runs",
    ]);
    // The CSP is really in force: a script without the nonce does not run.
    const ranInline = await page.evaluate(async () => {
      const script = document.createElement("script");
      script.textContent = "window.__inlineRan = true";
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const violations = (window as unknown as { __cspViolations: string[] }).__cspViolations;
      const ran = (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
      const blocked = violations.splice(0);
      return { ran, blocked };
    });
    assert.equal(ranInline.ran, false, "inline scripts are blocked by the served CSP");
    assert.match(ranInline.blocked.join(), /script-src/);
    // Chromium also logs the refusal it was asked to make; that one is expected.
    const refusal = session.problems.findIndex((p) => /Content Security Policy/.test(p));
    assert.ok(refusal >= 0);
    session.problems.splice(refusal, 1);
    await session.screenshot("empty-dashboard");
  });
});

test("Status shows exact counts per group, colours by state, the task stream and workers", async (t) => {
  await withDashboard(t, async (session) => {
    const { page } = session;
    const events = recordedStream("seed004");
    const midway = events.slice(0, 90);
    await session.replay(midway);
    const mid = lastBatch(midway);
    const status = page.locator(".status-page");
    await status.locator('.progress-row[data-group="sum"]').waitFor();

    for (const group of mid.groups) {
      const row = status.locator(`.progress-row[data-group="${group.group}"]`);
      const c = group.counts;
      const expected = {
        done: c.memory + c.released,
        processing: c.processing,
        queued: c.queued,
        waiting: c.waiting,
        erred: c.erred,
      };
      const total = Object.values(c).reduce((sum, n) => sum + n, 0);
      await row.locator(".progress-total").getByText(`${expected.done} / ${total}`).waitFor();
      for (const [state, count] of Object.entries(expected)) {
        assert.equal(
          await row.locator(`.segment[data-state="${state}"]`).getAttribute("data-count"),
          String(count),
          `${group.group}: ${state}`,
        );
      }
      const hover = (await row.getAttribute("title")) ?? "";
      assert.match(hover, new RegExp(`processing: ${expected.processing}\\b`));
      assert.match(hover, new RegExp(`waiting: ${expected.waiting}\\b`));
    }
    const processingGroups = mid.groups.filter((g) => g.counts.processing > 0).length;
    assert.ok(processingGroups > 0, "the fixture is caught mid-run");

    // Colours by state come from the theme's chart colours (Dark Modern here).
    const colour = (state: string) =>
      status
        .locator(`.segment[data-state="${state}"]`)
        .first()
        .evaluate((e) => getComputedStyle(e).backgroundColor);
    assert.equal(await colour("done"), "rgb(137, 209, 133)");
    assert.equal(await colour("processing"), "rgb(55, 148, 255)");
    assert.equal(await colour("queued"), "rgb(204, 167, 0)");
    assert.equal(await colour("erred"), "rgb(241, 76, 76)");

    // Workers: a row per thread with its state and utilization.
    assert.equal(await status.locator("table.workers tbody tr").count(), mid.workers.length);
    const firstWorker = mid.workers[0];
    assert.ok(firstWorker);
    const row0 = status.locator('table.workers tr[data-worker="0"]');
    assert.equal(await row0.getAttribute("data-state"), firstWorker.state);
    assert.equal(
      await row0.locator(".meter-text").textContent(),
      `${Math.round(firstWorker.utilization * 100)}%`,
    );
    await session.screenshot("status-midway-dark");

    await session.replay(events.slice(90));
    await page.locator(".dashboard-header .run-status").getByText("done").waitFor();
    await status.locator(".progress-total").first().getByText("256 / 256").waitFor();
    // The stream: each thread's row shows tasks in several group colours, with idle gaps.
    const stream = ".task-stream-canvas";
    await page.waitForTimeout(100);
    const groupColours = new Set<string>();
    let gaps = 0;
    for (let row = 0; row < 4; row++) {
      const pixels = (await canvasRow(page, stream, row * 19 + 8)).slice(70);
      const painted = pixels.map(([r, g, b, a]) =>
        a === 255 && !(r === g && g === b) ? `${r},${g},${b}` : "",
      );
      for (const p of painted) if (p !== "") groupColours.add(p);
      // Idle time: three or more unpainted pixels in a row (the hairline between two tasks is
      // one) after the thread's first task, up to the run's end.
      const first = painted.findIndex((p) => p !== "");
      let stretch = 0;
      for (let x = Math.max(0, first); first >= 0 && x < painted.length - 1; x++) {
        stretch = painted[x] === "" ? stretch + 1 : 0;
        if (stretch === 3) gaps++;
      }
    }
    assert.ok(groupColours.size >= 4, `four groups, four colours (saw ${groupColours.size})`);
    await session.screenshot("status-done-dark");
    assert.ok(gaps > 0, "idle time shows as gaps between tasks");

    // Hovering a rectangle names its task.
    const taskX = (await canvasRow(page, stream, 8)).findIndex(
      ([r, g, b, a], x) => x > 80 && a === 255 && !(r === g && g === b),
    );
    const box = await page.locator(stream).boundingBox();
    assert.ok(box && taskX > 0);
    await page.mouse.move(box.x + taskX + 0.5, box.y + 8);
    const tip = page.locator(".task-stream .tooltip.visible");
    await tip.waitFor();
    assert.match(
      (await tip.textContent()) ?? "",
      /^(inc|dec|add|sum)-[0-9a-f]{8}\ngroup (inc|dec|add|sum) · thread 0\ndone in \d+ ms$/,
    );

    // The recent past: the wheel scrolls back in time, Live returns to the live edge.
    const live = page.locator(".task-stream vscode-button.live-button");
    assert.equal(await live.isVisible(), false, "following the live edge");
    const axisBefore = await canvasRow(page, stream, 4 * 19 + 12);
    await page.mouse.wheel(0, -200);
    await live.waitFor();
    assert.notDeepEqual(await canvasRow(page, stream, 4 * 19 + 12), axisBefore, "the axis moved");
    await live.click();
    await live.waitFor({ state: "hidden" });
    await session.screenshot("status-done-dark");
  });
});

test("Status looks native in light, dark and high-contrast themes", async (t) => {
  await withDashboard(t, async (session) => {
    const { page } = session;
    const events = recordedStream("errors");
    const expected = {
      light: { body: "rgb(248, 248, 248)", done: "rgb(56, 138, 52)" },
      dark: { body: "rgb(24, 24, 24)", done: "rgb(137, 209, 133)" },
      "high-contrast": { body: "rgb(0, 0, 0)", done: "rgb(137, 209, 133)" },
    } as const;
    for (const theme of ["light", "dark", "high-contrast"] as const) {
      await page.evaluate(() => sessionStorage.clear());
      await session.open(theme);
      await session.send({ type: "hello", version: "0.1.0" });
      await session.replay(events);
      await page.locator(".dashboard-header .run-status").getByText("erred").waitFor();
      assert.equal(
        await page.evaluate(() => getComputedStyle(document.body).backgroundColor),
        expected[theme].body,
      );
      assert.equal(
        await page
          .locator('.segment[data-state="done"]')
          .first()
          .evaluate((e) => getComputedStyle(e).backgroundColor),
        expected[theme].done,
      );
      await session.screenshot(`status-${theme}`);
    }
  });
});

test("hidden and shown again, the view comes back as it was (getState/setState)", async (t) => {
  await withDashboard(t, async (session) => {
    const { page } = session;
    await session.send({ type: "hello", version: "0.1.0" });
    await session.replay(recordedStream("seed004"));
    await page.locator('vscode-tab-header[data-page="graph"]').click();
    await page.locator('.graph-page[data-nodes="1023"]').waitFor();
    await page.locator("vscode-button.mode-groups").click();
    await page.locator('.graph-page[data-mode="groups"][data-nodes="4"]').waitFor();
    await page.waitForFunction(() => {
      const saved = sessionStorage.getItem("weft-state");
      if (saved === null) return false;
      const state = JSON.parse(saved) as { page: number; graph: { choice: string } };
      return state.page === 1 && state.graph.choice === "groups";
    });

    // VS Code drops a hidden webview and loads it again; the harness does the same by reloading.
    await session.open();
    await page.locator('.graph-page[data-mode="groups"][data-nodes="4"]').waitFor();
    assert.equal(await page.locator(".graph-page").isVisible(), true, "the Graph page is shown");
    assert.equal(await page.locator(".current-run").textContent(), "examples/custom-workloads.ts");
    assert.equal(await page.locator(".version").textContent(), "v0.1.0");
    await page.locator('vscode-tab-header[data-page="status"]').click();
    await page.locator(".progress-total").first().getByText("256 / 256").waitFor();
    await session.screenshot("restored-status");
  });
});
