/**
 * Faults with real processes: a worker killed with `kill -9` in the middle of a task (BullMQ's
 * stalled-job check gives the task to another worker: nothing lost, no duplicate result), a
 * Redis restart that loses every key (clients and workers reconnect, the client sends again
 * what Redis lost, and the run completes), and a worker running other code, which is refused.
 */
import assert from "node:assert/strict";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, test } from "node:test";
import type { Redis } from "ioredis";
import type { WeftEvent } from "weft";
import { repoRoot, runtimeDist } from "../support/paths";
import { redisServerPath, requireRedis } from "../support/tools";
import { heartbeats, inspector, resultKeys } from "./redis-client";
import {
  startRedis,
  startWorker,
  stopAll,
  tempFolder,
  until,
  weftRun,
  type RedisServer,
  type WorkerProcess,
} from "./redis-harness";

const program = "test/redis/fixtures/slow-squares.ts";
let server: string | undefined;
let redis: RedisServer | undefined;
let look: Redis | undefined;

before(() => {
  server = redisServerPath();
});

afterEach(async () => {
  look?.disconnect();
  look = undefined;
  await stopAll();
});

after(stopAll);

async function cluster(workers: number): Promise<{ redis: RedisServer; workers: WorkerProcess[] }> {
  redis = await startRedis(server as string);
  const started = await Promise.all(
    Array.from({ length: workers }, () =>
      startWorker((redis as RedisServer).url, { fastStalls: true }),
    ),
  );
  look = inspector(redis.url);
  return { redis, workers: started };
}

function readEvents(path: string): WeftEvent[] {
  return readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as WeftEvent);
}

function squares(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i * i);
}

test("kill -9 of a worker mid-task: the task runs again on another, once", async (t) => {
  if (server === undefined) return void requireRedis(t);
  const { redis, workers } = await cluster(3);
  const events = join(tempFolder("weft-redis-events-"), "run.jsonl");
  let killed: string[] = [];
  const run = await weftRun(
    program,
    { WEFT_REDIS: redis.url, COUNT: "6", MS: "1500" },
    async () => {
      // Find a worker process with a task under way, from the heartbeats, and kill it.
      let victim: { pid: number; running: readonly string[] } | undefined;
      await until("a worker to run a task", async () => {
        const beats = await heartbeats(look as Redis);
        victim = beats.find(
          (beat) => beat.running.length > 0 && workers.some((w) => w.pid === beat.pid),
        );
        return victim !== undefined;
      });
      killed = [...(victim?.running ?? [])];
      process.kill(victim?.pid as number, "SIGKILL");
    },
    ["--events", events],
  );
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), squares(6), "nothing lost");
  assert.equal(killed.length, 1);
  const toMemory = readEvents(events)
    .flatMap((event) => (event.type === "batch" ? event.transitions : []))
    .filter((transition) => transition.to === "memory");
  assert.equal(toMemory.length, 6, "each task reached memory once: no duplicate result");
  assert.equal(new Set(toMemory.map((transition) => transition.key)).size, 6);
  assert.ok(toMemory.some((transition) => transition.key === killed[0]));
  assert.deepEqual(await resultKeys(look as Redis), [], "the program released its results");
});

test("a Redis restart loses every key; clients and workers reconnect and the run completes", async (t) => {
  if (server === undefined) return void requireRedis(t);
  const { redis } = await cluster(3);
  const run = await weftRun(
    program,
    { WEFT_REDIS: redis.url, COUNT: "12", MS: "300" },
    async () => {
      await until("some tasks to run", async () => {
        const beats = await heartbeats(look as Redis);
        return beats.some((beat) => beat.running.length > 0);
      });
      await redis.restart();
    },
  );
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), squares(12));
  // The workers took work again after the restart: a second program runs on them too.
  const again = await weftRun(program, { WEFT_REDIS: redis.url, COUNT: "4", MS: "10" });
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(JSON.parse(again.stdout), squares(4));
});

test("a worker running another version of the project is refused and its task runs elsewhere", async (t) => {
  if (server === undefined) return void requireRedis(t);
  redis = await startRedis(server);
  look = inspector(redis.url);
  // A copy of the project whose program file differs from the client's.
  const stale = tempFolder("weft-stale-project-");
  mkdirSync(join(stale, "test/redis/fixtures"), { recursive: true });
  cpSync(join(repoRoot, program), join(stale, program));
  writeFileSync(join(stale, program), `${readFileSync(join(stale, program), "utf8")}\n// v2\n`);
  const refused = await startWorker(redis.url, { root: stale });
  const run = weftRun(program, { WEFT_REDIS: redis.url, COUNT: "3", MS: "10" });
  const code = await refused.exited;
  assert.equal(code, 3);
  assert.match(refused.stderr(), /E_VERSION_MISMATCH/);
  assert.match(refused.stderr(), /copy of test\/redis\/fixtures\/slow-squares\.ts differs/);
  // Nothing was lost: a worker with the client's code takes the task that was refused.
  await startWorker(redis.url);
  const finished = await run;
  assert.equal(finished.status, 0, finished.stderr);
  assert.deepEqual(JSON.parse(finished.stdout), squares(3));
  assert.match(finished.stderr, /E_VERSION_MISMATCH/, "the program is told too");
});

test("a worker whose copy of a file the task's module imports differs is refused", async (t) => {
  if (server === undefined) return void requireRedis(t);
  redis = await startRedis(server);
  const withImport = "test/redis/fixtures/imports/squares-program.ts";
  const library = "test/redis/fixtures/imports/squares-lib.ts";
  // The program file is the client's; only the file it imports differs.
  const stale = tempFolder("weft-stale-import-");
  mkdirSync(join(stale, "test/redis/fixtures/imports"), { recursive: true });
  cpSync(join(repoRoot, withImport), join(stale, withImport));
  const changed = readFileSync(join(repoRoot, library), "utf8").replace("i * i", "i * i + 1");
  writeFileSync(join(stale, library), changed);
  const refused = await startWorker(redis.url, { root: stale });
  const run = weftRun(withImport, { WEFT_REDIS: redis.url, COUNT: "3" });
  assert.equal(await refused.exited, 3);
  assert.match(
    refused.stderr(),
    /copy of test\/redis\/fixtures\/imports\/squares-program\.ts or of one of the 1 project file it imports differs/,
  );
  await startWorker(redis.url);
  const finished = await run;
  assert.equal(finished.status, 0, finished.stderr);
  assert.deepEqual(
    JSON.parse(finished.stdout),
    [0, 1, 4],
    "computed by the worker with the same code",
  );
});

test("a worker running another version of weft is refused", async (t) => {
  if (server === undefined) return void requireRedis(t);
  redis = await startRedis(server);
  // An installed copy of the runtime whose version differs: the bundle carries its version.
  const installed = tempFolder("weft-other-version-");
  cpSync(runtimeDist, installed, { recursive: true });
  const cli = join(installed, "cli.mjs");
  const built = readFileSync(cli, "utf8");
  const ours = /true \? "(\d+\.\d+\.\d+)" : "0\.0\.0-source"/.exec(built)?.[1];
  assert.ok(ours !== undefined, "the built CLI carries its version");
  writeFileSync(cli, built.replace(`"${ours}"`, '"9.9.9"'));
  const other = await startWorker(redis.url, { cli: [cli] });
  const run = weftRun(program, { WEFT_REDIS: redis.url, COUNT: "1", MS: "10" });
  assert.equal(await other.exited, 3);
  assert.match(
    other.stderr(),
    new RegExp(`E_VERSION_MISMATCH: .*client runs weft ${ours} .*this worker runs weft 9\\.9\\.9`),
  );
  await startWorker(redis.url);
  const finished = await run;
  assert.equal(finished.status, 0, finished.stderr);
  assert.deepEqual(JSON.parse(finished.stdout), [0]);
});
