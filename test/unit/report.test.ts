import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  EVENT_PROTOCOL_VERSION as v,
  emptyCounts,
  type GroupSummary,
  type WeftEvent,
} from "../../runtime/src/protocol/events";
import { EventsFileWriter, readEventsFile } from "../../runtime/src/report/eventsFile";
import { progressLines } from "../../runtime/src/report/progressLines";
import { RunTracker } from "../../runtime/src/report/runTracker";
import { speedup, summaryBlock, summaryLine } from "../../runtime/src/report/summaryText";

function group(name: string, counts: Partial<ReturnType<typeof emptyCounts>>): GroupSummary {
  return { group: name, counts: { ...emptyCounts(), ...counts }, busyMs: 0, dependsOn: [] };
}

function batch(time: number, groups: GroupSummary[]): WeftEvent {
  return {
    type: "batch",
    v,
    runId: "r1",
    time,
    added: [],
    transitions: [
      { key: "inc-1", from: "processing", to: "memory", time, worker: 0, startTime: time - 30 },
      { key: "inc-2", from: "processing", to: "memory", time, worker: 1, startTime: time - 50 },
    ],
    dropped: 0,
    groups,
    workers: [],
    failures: [],
  };
}

const stream: WeftEvent[] = [
  { type: "run-start", v, runId: "r1", startedAt: 1_700_000_000_000, workers: 2 },
  batch(100, [group("inc", { processing: 2, waiting: 6 }), group("add", { waiting: 4 })]),
  batch(200, [group("inc", { memory: 8 }), group("add", { memory: 3, erred: 1 })]),
  {
    type: "run-end",
    v,
    runId: "r1",
    time: 250,
    status: "erred",
    summary: {
      tasks: 12,
      erred: 1,
      cancelled: 0,
      wallMs: 250,
      busyMsByWorker: { "0": 200, "1": 150 },
      slowest: { key: "add-9", ms: 80 },
    },
  },
];

test("the tracker keeps the latest exact counts per group and the run's end", () => {
  const tracker = new RunTracker();
  for (const event of stream) tracker.apply(event);
  const view = tracker.view();
  assert.equal(view.status, "erred");
  assert.equal(view.workers, 2);
  assert.deepEqual(
    view.groups.map((g) => [g.group, g.counts.memory, g.counts.erred]),
    [
      ["inc", 8, 0],
      ["add", 3, 1],
    ],
  );
  assert.equal(view.summary.tasks, 12);
  assert.equal(speedup(view.summary), 350 / 250);
});

test("the summary says tasks, wall time, busy time per worker, speedup and the slowest task", () => {
  const tracker = new RunTracker();
  for (const event of stream) tracker.apply(event);
  const { summary } = tracker.view();
  assert.equal(
    summaryLine(summary),
    "weft: 12 tasks, 1 erred in 250 ms, speedup 1.40×, slowest add-9 80 ms",
  );
  const block = summaryBlock(summary).join("\n");
  assert.match(block, /12 tasks, 1 erred in 250 ms — parallel speedup 1\.40× \(task time 350 ms\)/);
  assert.match(block, /worker 0 +busy 200 ms \(80%\)/);
  assert.match(block, /worker 1 +busy 150 ms \(60%\)/);
  assert.match(block, /slowest +add-9 80 ms/);
});

test("without a run-end (a killed run) the summary comes from what the stream did say", () => {
  const tracker = new RunTracker();
  for (const event of stream.slice(0, 3)) tracker.apply(event);
  const { summary, status } = tracker.view();
  assert.equal(status, "running");
  assert.equal(summary.tasks, 12);
  assert.equal(summary.erred, 1);
  assert.deepEqual(summary.busyMsByWorker, { "0": 60, "1": 100 });
  assert.deepEqual(summary.slowest, { key: "inc-2", ms: 50 });
});

test("progress shows a bar per group, running groups first, within the width and line budget", () => {
  const tracker = new RunTracker();
  tracker.apply(stream[0] as WeftEvent);
  tracker.apply(
    batch(1500, [
      group("load", { memory: 10 }),
      group("score", { memory: 5, processing: 2, waiting: 3 }),
      group("clean", { released: 4 }),
      group("store", { waiting: 1 }),
    ]),
  );
  const lines = progressLines(tracker.view(), { columns: 60, maxGroups: 3 });
  assert.equal(lines.length, 5, "3 groups, the hidden count, the status line");
  assert.match(lines[0] ?? "", /^score +█+░+ 5\/10 ▶2$/);
  assert.match(lines[1] ?? "", /^store +░+ 0\/1$/);
  assert.match(lines[2] ?? "", /^load +█+ 10\/10$/);
  assert.equal(lines[3], "… 1 more group");
  assert.match(lines[4] ?? "", /^1\.50 s elapsed · 2\/2 workers busy$/, "score has 2 running");
  assert.ok(lines.every((line) => line.length <= 60));
});

test("events files round-trip; a torn last line is tolerated, a bad line elsewhere is named", async () => {
  const dir = mkdtempSync(join(tmpdir(), "weft-events-"));
  const path = join(dir, "run.jsonl");
  const writer = new EventsFileWriter(path);
  for (const event of stream) writer.write(event);
  await writer.close();
  assert.deepEqual(readEventsFile(path), stream);

  const torn = join(dir, "torn.jsonl");
  writeFileSync(torn, `${stream.map((e) => JSON.stringify(e)).join("\n")}\n{"type":"ba`);
  assert.equal(readEventsFile(torn).length, stream.length);

  const bad = join(dir, "bad.jsonl");
  writeFileSync(bad, `${JSON.stringify(stream[0])}\nnot json\n${JSON.stringify(stream[1])}\n`);
  assert.throws(() => readEventsFile(bad), /bad\.jsonl:2 is not a Weft event.*weft run --events/);
  assert.throws(() => readEventsFile(join(dir, "missing.jsonl")), /cannot read events file/);
});
