/**
 * The tracker behind `weft run`'s progress and summary and `weft replay`, over a program that
 * computes more than once: runs one after another add up on one clock; runs that overlap (two
 * clients of one cluster) count their shared wall time once; a run without its end still counts.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  EVENT_PROTOCOL_VERSION as v,
  emptyCounts,
  type RunSummary,
  type WeftEvent,
} from "../../runtime/src/protocol/events";
import { coveredMs, RunTracker } from "../../runtime/src/report/runTracker";
import { summaryLine } from "../../runtime/src/report/summaryText";

const EPOCH = 1_700_000_000_000;

function start(runId: string, at: number): WeftEvent {
  return { type: "run-start", v, runId, startedAt: EPOCH + at, workers: 2 };
}

function end(runId: string, time: number, summary: Partial<RunSummary>): WeftEvent {
  return {
    type: "run-end",
    v,
    runId,
    time,
    status: (summary.erred ?? 0) > 0 ? "erred" : "done",
    summary: { tasks: 0, erred: 0, cancelled: 0, wallMs: time, busyMsByWorker: {}, ...summary },
  };
}

function batch(runId: string, time: number, group: string, memory: number): WeftEvent {
  return {
    type: "batch",
    v,
    runId,
    time,
    added: [],
    transitions: [
      { key: `${group}-1`, from: "processing", to: "memory", time, worker: 7, startTime: 0 },
    ],
    dropped: 0,
    groups: [{ group, counts: { ...emptyCounts(), memory }, busyMs: 0, dependsOn: [] }],
    workers: [],
    failures: [],
  };
}

test("runs one after another add up: tasks, task time per worker, wall time, the slowest task", () => {
  const tracker = new RunTracker();
  const events: WeftEvent[] = [
    start("a", 0),
    batch("a", 100, "inc", 4),
    end("a", 200, { tasks: 4, busyMsByWorker: { "1": 300 }, slowest: { key: "inc-3", ms: 90 } }),
    start("b", 1000),
    batch("b", 50, "add", 2),
    end("b", 100, { tasks: 2, erred: 1, busyMsByWorker: { "1": 50, "2": 40 } }),
  ];
  for (const event of events) tracker.apply(event);
  const view = tracker.view();
  assert.equal(view.runs, 2);
  assert.equal(view.status, "erred", "an erred run marks the whole program");
  assert.equal(view.time, 1100, "one clock, from the first run's start");
  assert.deepEqual(
    view.groups.map((g) => g.group),
    ["inc", "add"],
  );
  assert.deepEqual(view.summary, {
    tasks: 6,
    erred: 1,
    cancelled: 0,
    wallMs: 300,
    busyMsByWorker: { "1": 350, "2": 40 },
    slowest: { key: "inc-3", ms: 90 },
  });
  assert.equal(
    summaryLine(view.summary),
    "weft: 6 tasks, 1 erred in 300 ms, speedup 1.30×, slowest inc-3 90 ms",
  );
});

test("overlapping runs count their shared wall time once", () => {
  const tracker = new RunTracker();
  for (const event of [
    start("a", 0),
    start("b", 100),
    batch("a", 50, "inc", 1),
    batch("b", 50, "dec", 1),
    end("b", 200, { tasks: 3, busyMsByWorker: { "1": 200 } }),
    end("a", 250, { tasks: 5, busyMsByWorker: { "2": 250 } }),
  ]) {
    tracker.apply(event);
  }
  const view = tracker.view();
  assert.equal(view.status, "done");
  assert.equal(view.summary.tasks, 8);
  assert.equal(view.summary.wallMs, 300, "run a: 0-250, run b: 100-300");
});

test("a run still going (or killed) counts what its stream said, next to the ended ones", () => {
  const tracker = new RunTracker();
  for (const event of [
    start("a", 0),
    end("a", 100, { tasks: 1, busyMsByWorker: { "1": 80 } }),
    start("b", 500),
    batch("b", 40, "load", 3),
  ]) {
    tracker.apply(event);
  }
  const view = tracker.view();
  assert.equal(view.status, "running");
  assert.equal(view.summary.tasks, 4);
  assert.equal(view.summary.wallMs, 140);
  assert.deepEqual(view.summary.busyMsByWorker, { "1": 80, "7": 40 });
});

test("covered time: spans merge where they overlap and add where they do not", () => {
  assert.equal(coveredMs([]), 0);
  assert.equal(
    coveredMs([
      { start: 10, end: 20 },
      { start: 0, end: 5 },
      { start: 15, end: 30 },
      { start: 16, end: 18 },
    ]),
    25,
  );
});
