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

for (const example of EXAMPLES) {
  test(`${example} prints the same on Redis workers as on the local cluster`, async (t) => {
    if (redis === undefined) return void requireRedis(t);
    const local = await weftRun(example, {});
    assert.equal(local.status, 0, local.stderr);
    const events = join(tempFolder("weft-redis-example-"), "run.jsonl");
    const remote = await weftRun(example, { WEFT_REDIS: redis.url }, undefined, [
      "--events",
      events,
    ]);
    assert.equal(remote.status, 0, remote.stderr);
    assert.equal(remote.stdout, local.stdout);
    const stream = readFileSync(events, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as WeftEvent);
    const end = stream.findLast((event) => event.type === "run-end");
    assert.equal(end?.type === "run-end" && end.status, "done");
    // Busy time is reported per worker thread of the worker processes (ids process × 1000 + thread).
    const workerIds = Object.keys(end?.type === "run-end" ? end.summary.busyMsByWorker : {});
    assert.ok(
      workerIds.length > 0 && workerIds.every((id) => Number(id) >= 1000),
      workerIds.join(),
    );
  });
}
