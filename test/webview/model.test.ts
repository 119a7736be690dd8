/**
 * The dashboard's pure parts, without a browser: folding streams into runs, the layered layout,
 * and stack frames as links.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { TASK_STATES, type BatchEvent, type WeftEvent } from "../../runtime/src/protocol/events";
import { layeredLayout, placeInOrder, type Layout } from "../../webview/layout/layeredLayout";
import { canShowTasks, groupGraph, taskGraph } from "../../webview/model/graphModel";
import { RunList } from "../../webview/model/runList";
import { RunModel } from "../../webview/model/runModel";
import { splitStack } from "../../webview/model/stackFrames";
import { STREAMS } from "./fixtures/generateStream";
import { recordedLines, recordedStream } from "./dashboardPage";

function finish<T>(work: Generator<void, T, void>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

function lastBatch(events: readonly WeftEvent[]): BatchEvent {
  const batch = events.findLast((event): event is BatchEvent => event.type === "batch");
  assert.ok(batch, "the stream has batches");
  return batch;
}

test("a run's totals are the exact per-group counts, whatever details were dropped", () => {
  const events = STREAMS.wide100k();
  const run = new RunModel("run-wide100k");
  for (const event of events) run.apply(event);
  const totals = run.totals();
  assert.equal(run.taskCount(), 100_000);
  assert.equal(totals.memory, 100_000, "every task ended in memory");
  assert.equal(run.groups.size, 20);
  assert.ok(run.dropped > 0, "this stream is big enough that details were dropped");
  assert.equal(run.status, "done");
  assert.equal(canShowTasks(run), false, "100,000 tasks are shown as groups");
  const groups = groupGraph(run);
  assert.equal(groups.nodeCount, 20);
  assert.ok(
    groups.dependencies.some((deps) => deps.length === 2),
    "joins have two parents",
  );
});

test("mid-run counts add up to the tasks added, state by state", () => {
  const events = recordedStream("seed004");
  const run = new RunModel("run-seed004");
  for (const event of events.slice(0, 60)) run.apply(event);
  const batch = lastBatch(events.slice(0, 60));
  for (const group of batch.groups) {
    assert.deepEqual(run.groups.get(group.group)?.counts, group.counts);
  }
  const totals = run.totals();
  const sum = TASK_STATES.reduce((total, state) => total + totals[state], 0);
  assert.equal(sum, run.tasks.size, "every detailed task is counted once");
  assert.ok(totals.processing > 0 && totals.waiting > 0, "the run is under way");
  // The stream keeps one rectangle per finished task (no drops in this small run).
  const rects = [...run.stream.values()].reduce((total, list) => total + list.length, 0);
  assert.equal(rects, totals.memory + totals.released);
});

test("with details capped away, states follow the exact counts and the graph falls back to groups", () => {
  // The same run, with all but five transitions of each batch dropped, as a scheduler under
  // load would send it.
  const events = recordedStream("seed004").map((event) =>
    event.type === "batch"
      ? {
          ...event,
          transitions: event.transitions.slice(0, 5),
          dropped: event.dropped + Math.max(0, event.transitions.length - 5),
        }
      : event,
  );
  const run = new RunModel("run-seed004");
  for (const event of events) run.apply(event);
  assert.equal(run.tasks.size, 1_023);
  for (const task of run.tasks.values()) assert.equal(task.state, "memory", task.key);
  assert.equal(canShowTasks(run), true, "every task is known, so every task can be drawn");

  // Now with `added` capped too: some tasks are unknown, so the graph shows groups.
  const fewer = recordedStream("seed004").map((event) =>
    event.type === "batch" ? { ...event, added: event.added.slice(0, 100) } : event,
  );
  const partial = new RunModel("run-seed004");
  for (const event of fewer) partial.apply(event);
  assert.ok(partial.tasks.size < 1_023);
  assert.equal(partial.taskCount(), 1_023, "the counts stay exact");
  assert.equal(canShowTasks(partial), false);
});

test("a snapshot restores the same run (what getState/setState keep)", () => {
  const run = new RunModel("run-errors");
  for (const event of recordedStream("errors")) run.apply(event);
  const copy = RunModel.fromSnapshot(JSON.parse(JSON.stringify(run.snapshot())));
  assert.deepEqual(copy.totals(), run.totals());
  assert.equal(copy.failures.length, run.failures.length);
  assert.equal(copy.tasks.size, run.tasks.size);
  assert.equal(copy.status, "erred");
  assert.deepEqual(taskGraph(copy).dependencies, taskGraph(run).dependencies);
  for (const task of run.tasks.values()) {
    const back = copy.tasks.get(task.key);
    assert.ok(back, task.key);
    assert.equal(back.state, task.state);
    assert.equal(back.group, task.group);
    assert.deepEqual(back.location, task.location);
    assert.equal(back.worker, task.worker);
    assert.ok(Math.abs((back.endTime ?? -1) - (task.endTime ?? -1)) <= 0.005, "end time kept");
  }
});

test("the saved state of a 5,000-task run stays small (VS Code serializes it on every save)", () => {
  const run = new RunModel("run-graph5000");
  for (const event of recordedStream("graph5000")) run.apply(event);
  const saved = JSON.stringify(run.snapshot("full"));
  const verbose = JSON.stringify([...run.tasks.values()]);
  assert.equal(RunModel.fromSnapshot(JSON.parse(saved)).tasks.size, 5_000);
  assert.ok(
    saved.length * 3 < verbose.length,
    `the whole snapshot (${saved.length} B) is well under the tasks as records (${verbose.length} B)`,
  );
});

test("an events file opens as a finished run; bad lines are reported with their number", () => {
  const runs = new RunList();
  const lines = recordedLines("errors");
  const result = runs.openEventsFile("errors.jsonl", [
    ...lines.slice(0, 3),
    "{ not json",
    JSON.stringify({ type: "batch", v: 99, runId: "x" }),
    ...lines.slice(3),
  ]);
  assert.equal(result.runIds.length, 1);
  assert.equal(result.problems.length, 2);
  assert.match(result.problems[0] ?? "", /^line 4: /);
  assert.match(result.problems[1] ?? "", /^line 5: .*version 99.*reads version 1/);
  const run = runs.selected();
  assert.equal(run?.source, "file");
  assert.equal(run?.label, "errors.jsonl");
  assert.equal(run?.status, "erred");
});

test("the layered layout puts every dependency to the left and keeps nodes apart", () => {
  const run = new RunModel("run-graph5000");
  for (const event of recordedStream("graph5000")) run.apply(event);
  const graph = taskGraph(run);
  assert.equal(graph.nodeCount, 5_000);
  const layout = finish(layeredLayout(graph, { layerGap: 90, nodeGap: 14 }));
  assertLayoutValid(graph.dependencies, layout, 14);
});

test("layout invariants hold for any DAG (property)", () => {
  const dag = fc
    .integer({ min: 1, max: 60 })
    .chain((n) =>
      fc.tuple(
        fc.constant(n),
        fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: n * 3 }),
      ),
    )
    .map(([n, pairs]) => {
      // Edges only from a lower index to a higher one, so the graph is acyclic.
      const dependencies: number[][] = Array.from({ length: n }, () => []);
      for (const [a, b] of pairs) if (a < b) dependencies[b]?.push(a);
      return { nodeCount: n, dependencies };
    });
  fc.assert(
    fc.property(dag, (graph) => {
      const layout = finish(layeredLayout(graph, { layerGap: 50, nodeGap: 10 }));
      assertLayoutValid(graph.dependencies, layout, 10);
    }),
  );
});

test("placeInOrder keeps the order and the gap, and moves nothing that needs no moving", () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { maxLength: 50 }),
      (raw) => {
        const placed = placeInOrder(Float64Array.from(raw), 5);
        for (let i = 1; i < placed.length; i++) {
          assert.ok((placed[i] as number) - (placed[i - 1] as number) >= 5 - 1e-6);
        }
      },
    ),
  );
  assert.deepEqual([...placeInOrder(Float64Array.from([0, 10, 30]), 5)], [0, 10, 30]);
  assert.deepEqual([...placeInOrder(Float64Array.from([0, 0]), 10)], [-5, 5]);
});

function assertLayoutValid(
  dependencies: readonly (readonly number[])[],
  layout: Layout,
  gap: number,
): void {
  dependencies.forEach((deps, node) => {
    for (const dep of deps) {
      assert.ok(
        (layout.x[dep] as number) < (layout.x[node] as number),
        `dependency ${dep} is left of ${node}`,
      );
    }
  });
  for (const layer of layout.layers) {
    for (let i = 1; i < layer.length; i++) {
      const gapHere =
        (layout.y[layer[i] as number] as number) - (layout.y[layer[i - 1] as number] as number);
      assert.ok(gapHere >= gap - 1e-6, `nodes in a layer are at least ${gap} apart`);
    }
  }
  const placed = layout.layers.reduce((total, layer) => total + layer.length, 0);
  assert.equal(placed, dependencies.length, "every node is placed once");
}

test("stack frames with file:line become links; other text stays text", () => {
  const stack = [
    "SyntaxError: bad",
    "    at JSON.parse (<anonymous>)",
    "    at parseRecord (/home/dev/project/src/parse.ts:12:17)",
    "    at file:///home/dev/project/node_modules/weft/dist/worker.mjs:214:22",
    "    at C:\\work\\app\\main.js:3",
  ].join("\n");
  const parts = splitStack(stack);
  const links = parts.flatMap((part) => (part.kind === "link" ? [part.location] : []));
  assert.deepEqual(links, [
    { file: "/home/dev/project/src/parse.ts", line: 12, column: 17 },
    { file: "file:///home/dev/project/node_modules/weft/dist/worker.mjs", line: 214, column: 22 },
    { file: "C:\\work\\app\\main.js", line: 3, column: 1 },
  ]);
  assert.equal(parts.map((part) => part.text).join(""), stack, "nothing is lost or repeated");
  assert.ok(parts.some((part) => part.kind === "text" && part.text.includes("<anonymous>")));
});
