/**
 * The Graph page in Chromium: the live DAG coloured by state, hover details, a click that asks
 * the extension to open the source line, the group graph on request and above the task limit.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { RunModel } from "../../webview/model/runModel";
import { requireChromium } from "../support/tools";
import { cspViolations, openDashboard, recordedStream } from "./dashboardPage";
import { STREAMS } from "./fixtures/generateStream";

type Hooks = {
  __weftDashboard: {
    graphNodePosition(id: string): { x: number; y: number } | undefined;
  };
};

async function nodePosition(page: Page, key: string): Promise<{ x: number; y: number }> {
  const canvas = await page.locator(".graph-canvas").boundingBox();
  const local = await page.evaluate(
    (id) => (window as unknown as Hooks).__weftDashboard.graphNodePosition(id),
    key,
  );
  assert.ok(canvas && local, `${key} is on the graph`);
  return { x: canvas.x + local.x, y: canvas.y + local.y };
}

async function pixel(page: Page, at: { x: number; y: number }): Promise<number[]> {
  return page.evaluate((point) => {
    const canvas = document.querySelector<HTMLCanvasElement>(".graph-canvas");
    const box = canvas?.getBoundingClientRect();
    const context = canvas?.getContext("2d");
    if (!canvas || !box || !context) throw new Error("no graph canvas");
    const ratio = window.devicePixelRatio || 1;
    const data = context.getImageData(
      Math.round((point.x - box.left) * ratio),
      Math.round((point.y - box.top) * ratio),
      1,
      1,
    ).data;
    return [...data];
  }, at);
}

/** Zooms in around a node until it is drawn large, then returns where it is. */
async function zoomTo(page: Page, key: string): Promise<{ x: number; y: number }> {
  for (let i = 0; i < 4; i++) {
    const at = await nodePosition(page, key);
    await page.mouse.move(at.x, at.y);
    await page.mouse.wheel(0, -500);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  }
  return nodePosition(page, key);
}

const DONE = [137, 209, 133, 255];
const PROCESSING = [55, 148, 255, 255];
const ERRED = [241, 76, 76, 255];

test("the task graph is coloured by state, shows details on hover and opens the source on click", async (t) => {
  const executable = requireChromium(t);
  if (executable === undefined) return;
  const session = await openDashboard(executable, { width: 900, height: 700 });
  try {
    const { page } = session;
    const events = recordedStream("seed004");
    const midway = events.slice(0, 60);
    const model = new RunModel("run-seed004");
    for (const event of midway) model.apply(event);
    const running = [...model.tasks.values()].find((task) => task.state === "processing");
    assert.ok(running, "some task is running at this point of the stream");

    await session.replay(midway);
    await page.locator('vscode-tab-header[data-page="graph"]').click();
    await page
      .locator(`.graph-page[data-mode="tasks"][data-nodes="${model.tasks.size}"]`)
      .waitFor();
    await session.screenshot("graph-tasks-midway");
    const at = await zoomTo(page, running.key);
    assert.deepEqual(await pixel(page, at), PROCESSING, `${running.key} is drawn as processing`);
    await session.screenshot("graph-tasks-zoomed");

    // The rest of the run arrives; the same node turns to done.
    await session.replay(events.slice(60));
    await page.locator(".dashboard-header .run-status").getByText("done").waitFor();
    await page.locator('.graph-page[data-nodes="1023"]').waitFor();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    const after = await nodePosition(page, running.key);
    assert.deepEqual(await pixel(page, after), DONE, `${running.key} is drawn as done`);

    // Hover: key, group, state and duration.
    await page.mouse.move(after.x, after.y);
    const tooltip = page.locator(".graph-page .tooltip.visible");
    await tooltip.waitFor();
    const text = (await tooltip.textContent()) ?? "";
    assert.match(text, new RegExp(`^${running.key}\\n`));
    assert.match(text, new RegExp(`group: ${running.group}\\n`));
    assert.match(text, /state: memory\n/);
    assert.match(text, /duration: \d+ ms/);
    await session.screenshot("graph-hover");

    // Click: the extension is asked to open the line that created the task.
    await page.mouse.click(after.x, after.y);
    const posted = await session.posted();
    assert.deepEqual(posted.at(-1), { type: "open-source", location: running.location });

    // Dragging pans and does not count as a click.
    const before = posted.length;
    await page.mouse.move(after.x, after.y);
    await page.mouse.down();
    await page.mouse.move(after.x + 120, after.y + 40, { steps: 5 });
    await page.mouse.up();
    const moved = await nodePosition(page, running.key);
    assert.ok(Math.abs(moved.x - after.x - 120) < 1 && Math.abs(moved.y - after.y - 40) < 1);
    assert.equal((await session.posted()).length, before, "a drag opens nothing");

    // The group graph: a node per group.
    await page.locator("vscode-button.mode-groups").click();
    await page.locator('.graph-page[data-mode="groups"][data-nodes="4"]').waitFor();
    await page.locator("vscode-button.fit").click();
    const sum = await nodePosition(page, "sum");
    await page.mouse.move(sum.x, sum.y);
    assert.match((await tooltip.textContent()) ?? "", /group: sum\ndone: 255/);
    await session.screenshot("graph-groups");
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(session.problems, []);
  } finally {
    await session.close();
  }
});

test("erred tasks are red on the graph", async (t) => {
  const executable = requireChromium(t);
  if (executable === undefined) return;
  const session = await openDashboard(executable, { width: 900, height: 700 });
  try {
    const { page } = session;
    const events = recordedStream("errors");
    const model = new RunModel("run-errors");
    for (const event of events) model.apply(event);
    const failed = model.failures[0];
    assert.ok(failed);
    await session.replay(events);
    await page.locator('vscode-tab-header[data-page="graph"]').click();
    await page.locator(`.graph-page[data-nodes="${model.tasks.size}"]`).waitFor();
    const at = await zoomTo(page, failed.key);
    assert.deepEqual(await pixel(page, at), ERRED);
    await session.screenshot("graph-erred");
    // VS Code switches theme by changing the body's class: the canvas follows.
    await page.evaluate(() => document.body.classList.replace("vscode-dark", "vscode-light"));
    await page.waitForFunction(({ x, y }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(".graph-canvas");
      const box = canvas?.getBoundingClientRect();
      const data = canvas
        ?.getContext("2d")
        ?.getImageData(
          Math.round(x - (box?.left ?? 0)),
          Math.round(y - (box?.top ?? 0)),
          1,
          1,
        ).data;
      return data !== undefined && data[0] === 229 && data[1] === 20 && data[2] === 0;
    }, at);
    await session.screenshot("graph-erred-light");
    assert.deepEqual(session.problems, []);
  } finally {
    await session.close();
  }
});

test("above the task limit the graph shows task groups, and they stay interactive", async (t) => {
  const executable = requireChromium(t);
  if (executable === undefined) return;
  const session = await openDashboard(executable, { width: 900, height: 700 });
  try {
    const { page } = session;
    const events = STREAMS.wide100k();
    await page.locator('vscode-tab-header[data-page="graph"]').click();
    await session.replay(events);
    await page.locator(".dashboard-header .run-status").getByText("done").waitFor();
    await page.locator('.graph-page[data-mode="groups"][data-nodes="20"]').waitFor();
    assert.equal(
      await page.locator("vscode-button.mode-tasks").getAttribute("disabled"),
      "",
      "a node per task is not offered for 100,000 tasks",
    );
    assert.match(
      (await page.locator(".graph-info").textContent()) ?? "",
      /20 groups · 100,000 tasks/,
    );
    // A long chain of groups opens readable at its start; Fit shows all of it.
    await session.screenshot("graph-groups-100k");
    await page.locator("vscode-button.fit").click();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    const join = await nodePosition(page, "join");
    await page.mouse.move(join.x, join.y);
    await page.locator(".graph-page .tooltip.visible").getByText("done: 3,000").waitFor();
    await page.mouse.click(join.x, join.y);
    const posted = await session.posted();
    assert.deepEqual(posted.at(-1), {
      type: "open-source",
      location: { file: "/home/dev/project/examples/etl.ts", line: 32, column: 5 },
    });
    await session.screenshot("graph-groups-100k-fit");
    assert.deepEqual(session.problems, []);
  } finally {
    await session.close();
  }
});
