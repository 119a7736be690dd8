/**
 * The seeds' examples, unchanged, with WEFT_REDIS: their tasks run on three `weft worker`
 * processes through BullMQ and they print what they print on the local cluster.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { WeftEvent } from "weft";
import { redisServerPath, requireRedis } from "../support/tools";
import {
  startRedis,
  startWorker,
  stopAll,
  tempFolder,
  weftRun,
  type RedisServer,
} from "./redis-harness";

const EXAMPLES = [
  "examples/seed-003-pipeline.ts",
  "examples/seed-004-delayed.ts",
  "examples/nested-cross-validation.ts",
  "examples/evolving-as-completed.ts",
  "examples/evolving-async-await.ts",
  // Tasks that submit tasks (getClient, secede, rejoin) from inside a worker process.
  "examples/evolving-tasks-from-tasks.ts",
];

let redis: RedisServer | undefined;

before(async () => {
  const server = redisServerPath();
  if (server === undefined) return;
  redis = await startRedis(server);
  await Promise.all([1, 2, 3].map(() => startWorker((redis as RedisServer).url)));
});

after(stopAll);

function readEvents(path: string): WeftEvent[] {
  return readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as WeftEvent);
}

/** Distinct tasks added per group, over all the program's runs. */
function addedByGroup(stream: readonly WeftEvent[]): Record<string, number> {
  const keys = new Map<string, Set<string>>();
  for (const event of stream) {
    for (const { key, group } of event.type === "batch" ? event.added : []) {
      keys.set(group, (keys.get(group) ?? new Set()).add(key));
    }
  }
  return Object.fromEntries([...keys].map(([group, set]) => [group, set.size]));
}

/** Tasks run, by the runs' summaries. */
function tasksRun(stream: readonly WeftEvent[]): number {
  return stream.reduce(
    (sum, event) => sum + (event.type === "run-end" ? event.summary.tasks : 0),
    0,
  );
}

/** Tasks that finished (in memory, released, erred or cancelled) per group, at the run's end. */
function finishedByGroup(stream: readonly WeftEvent[]): Record<string, number> {
  const last = stream.findLast((event) => event.type === "batch");
  const finished: Record<string, number> = {};
  for (const { group, counts } of last?.type === "batch" ? last.groups : []) {
    finished[group] = counts.memory + counts.released + counts.erred + counts.cancelled;
  }
  return finished;
}

for (const example of EXAMPLES) {
  test(`${example} prints the same on Redis workers as on the local cluster`, async (t) => {
    if (redis === undefined) return void requireRedis(t);
    const folder = tempFolder("weft-redis-example-");
    const localEvents = join(folder, "local.jsonl");
    const local = await weftRun(example, {}, undefined, ["--events", localEvents]);
    assert.equal(local.status, 0, local.stderr);
    const events = join(folder, "run.jsonl");
    const remote = await weftRun(example, { WEFT_REDIS: redis.url }, undefined, [
      "--events",
      events,
    ]);
    assert.equal(remote.status, 0, remote.stderr);
    assert.equal(remote.stdout, local.stdout);
    const stream = readEvents(events);
    const end = stream.findLast((event) => event.type === "run-end");
    assert.ok(end?.type === "run-end");
    assert.equal(end.status, "done");
    // The runs show every task, also those that tasks submitted on their workers.
    const localStream = readEvents(localEvents);
    assert.deepEqual(finishedByGroup(stream), finishedByGroup(localStream));
    assert.deepEqual(addedByGroup(stream), addedByGroup(localStream));
    assert.equal(tasksRun(stream), tasksRun(localStream));
    // Each task opens its line: no loader query in its file's URL, here or on the local cluster.
    for (const event of [...stream, ...localStream]) {
      for (const task of event.type === "batch" ? event.added : []) {
        assert.ok(!task.location?.file.includes("?"), `${task.key} at ${task.location?.file}`);
      }
    }
    // Busy time is reported per worker thread of the worker processes (ids process × 1000 + thread).
    const workerIds = Object.keys(end?.type === "run-end" ? end.summary.busyMsByWorker : {});
    assert.ok(
      workerIds.length > 0 && workerIds.every((id) => Number(id) >= 1000),
      workerIds.join(),
    );
  });
}
