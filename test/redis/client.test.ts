/**
 * A program's client on Redis: three `weft worker` processes (one thread each) on a real
 * redis-server, and the built library in this process with `new Client({ redis })` and
 * `WEFT_REDIS` for compute. The same semantics as the local cluster: values, module functions
 * by path, functions by source, graphs, priorities, retries, errors with remote stacks,
 * cancellation, timeouts, results kept in Redis until released, and the event stream.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import type { Redis } from "ioredis";
import type { Client, WeftEvent } from "weft";
import { repoRoot } from "../support/paths";
import { redisServerPath, requireRedis } from "../support/tools";
import { heartbeats, inspector, loadBuiltWeft, resultKeys, type Weft } from "./redis-client";
import {
  startRedis,
  startWorker,
  stopAll,
  tempFolder,
  until,
  type RedisServer,
} from "./redis-harness";

const tasksUrl = pathToFileURL(join(repoRoot, "test/redis/fixtures/redis-tasks.mjs")).href;

let weft: Weft;
let redis: RedisServer | undefined;
let look: Redis;
let client: Client;
let scratch: string;

function tasks(weft: Weft) {
  const fn = <F extends (...args: never[]) => unknown>(name: string) =>
    weft.moduleFunction<F>(tasksUrl, name);
  return {
    square: fn<(x: number) => number>("square"),
    add: fn<(a: number, b: number) => number>("add"),
    busy: fn<(ms: number, value: string) => string>("busy"),
    sleepThenMark: fn<(ms: number, marker?: string) => number>("sleepThenMark"),
    waitFor: fn<(go: string, marker: string) => string>("waitFor"),
    record: fn<(file: string, label: string) => string>("record"),
    failsWithStack: fn<(reason: string) => never>("failsWithStack"),
    flaky: fn<(file: string, succeedOn: number) => number>("flaky"),
  };
}

before(async () => {
  const server = redisServerPath();
  // Each test says it is skipped (or fails under CI) through requireRedis.
  if (server === undefined) return;
  redis = await startRedis(server);
  await Promise.all([1, 2, 3].map(() => startWorker((redis as RedisServer).url)));
  weft = await loadBuiltWeft();
  look = inspector(redis.url);
  client = new weft.Client({ redis: { url: redis.url, root: repoRoot } });
  scratch = tempFolder("weft-redis-scratch-");
  // compute() uses the default scheduler, which reads WEFT_REDIS when it is first made.
  process.env["WEFT_REDIS"] = redis.url;
});

after(async () => {
  await client?.close();
  await weft?.shutdown();
  look?.disconnect();
  await stopAll();
});

test("submit, map and gather run module functions by path and functions by source", async (t) => {
  if (redis === undefined) return void requireRedis(t);
  const { square, add } = tasks(weft);
  const squares = client.map(square, [1, 2, 3, 4, 5]);
  const total = client.submit(add, squares[0] as never, squares[4] as never);
  const doubled = client.submit((x: { n: number }) => ({ twice: x.n * 2 }), { n: 21 });
  assert.deepEqual(await client.gather(squares), [1, 4, 9, 16, 25]);
  assert.equal(await total, 26);
  assert.deepEqual(await doubled, { twice: 42 });
  // Binary data and Maps cross Redis as they cross threads.
  const bytes = await client.submit((b: Uint8Array) => b.length, new Uint8Array(1000));
  assert.equal(bytes, 1000);
  const map = await client.submit((m: Map<string, number>) => m.get("a"), new Map([["a", 7]]));
  assert.equal(map, 7);
});

test("delayed graphs compute with shared intermediates once, as on the local cluster", async (t) => {
  if (redis === undefined) return void requireRedis(t);
  const { square, add } = tasks(weft);
  const lazySquare = weft.delayed(square);
  const lazyAdd = weft.delayed(add);
  const shared = lazySquare(3);
  const a = lazyAdd(shared, 1);
  const b = lazyAdd(shared, 2);
  const [x, y] = await weft.compute(a, b);
  assert.deepEqual([x, y], [10, 11]);
  const events: WeftEvent[] = [];
  const unsubscribe = weft.subscribeEvents((event) => events.push(event));
  const sum = await weft.compute(
    Array.from({ length: 20 }, (_, i) => lazyAdd(lazySquare(i), 1)).reduce((acc, d) =>
      lazyAdd(acc, d),
    ),
  );
  unsubscribe();
  assert.deepEqual(sum, [Array.from({ length: 20 }, (_, i) => i * i + 1).reduce((s, v) => s + v)]);
  const ends = events.filter((e) => e.type === "run-end");
  assert.equal(ends.at(-1)?.type === "run-end" && ends.at(-1)?.status, "done");
  const toMemory = events
    .flatMap((e) => (e.type === "batch" ? e.transitions : []))
    .filter((tr) => tr.to === "memory");
  assert.equal(toMemory.length, 59, "20 squares, 20 +1s, 19 sums: each reaches memory once");
  assert.equal(new Set(toMemory.map((tr) => tr.key)).size, 59);
  // Tasks report the worker process and thread that ran them.
  assert.ok(toMemory.every((tr) => typeof tr.worker === "number" && tr.worker >= 1000));
});

test("a task's exception rejects its future and its dependents with the remote stack", async (t) => {
  if (redis === undefined) return void requireRedis(t);
  const { failsWithStack, add } = tasks(weft);
  const failed = client.submit(failsWithStack, "negative");
  const dependent = client.submit(add, failed as never, 1);
  for (const future of [failed, dependent]) {
    const error = await future.then(
      () => assert.fail("should have failed"),
      (e: unknown) => e as InstanceType<Weft["TaskError"]>,
    );
    assert.ok(error instanceof weft.TaskError);
    assert.equal(error.code, "E_TASK_FAILED");
    assert.equal(error.key, failed.key);
    assert.equal(error.remoteName, "RangeError");
    assert.equal(error.remoteMessage, "bad input: negative");
    assert.match(error.remoteStack, /failsWithStack .*redis-tasks\.mjs:\d+/);
  }
});

test("retries run a failed task again; without them the failure stands", async (t) => {
  if (redis === undefined) return void requireRedis(t);
  const { flaky } = tasks(weft);
  const counter = join(scratch, "flaky-1");
  assert.equal(await client.with({ retries: 2, pure: false }).submit(flaky, counter, 3), 3);
  const counter2 = join(scratch, "flaky-2");
  await assert.rejects(
    client.with({ pure: false }).submit(flaky, counter2, 3).result(),
    /attempt 1 failed/,
  );
});

test("a higher priority runs before queued tasks of a lower one (BullMQ job priority)", async (t) => {
  if (redis === undefined) return void requireRedis(t);
  const { waitFor, record } = tasks(weft);
  const order = join(scratch, "order");
  // Occupy the three workers, queue ten ordinary tasks and then one urgent one.
  const markers = [1, 2, 3].map((i) => join(scratch, `blocker-${i}`));
  const blockers = markers.map((marker) => client.submit(waitFor, `${marker}.go`, marker));
  await until("the blockers to run", () => markers.every((m) => existsSync(`${m}.started`)));
  const ordinary = Array.from({ length: 10 }, (_, i) => client.submit(record, order, `low-${i}`));
  const urgent = client.with({ priority: 10 }).submit(record, order, "urgent");
  await until("the eleven jobs to wait in Redis", async () => {
    return (await look.zcard("bull:weft:prioritized")) === 11;
  });
  // Free one worker: the next job it takes is the urgent one, though it was queued last.
  writeFileSync(`${markers[0] as string}.go`, "go");
  await until("a task to run", () => existsSync(order));
  for (const marker of markers) writeFileSync(`${marker}.go`, "go");
  await client.gather([...blockers, ...ordinary, urgent]);
  const lines = readFileSync(order, "utf8").trim().split("\n");
  assert.equal(lines[0], "urgent", lines.join(" "));
  assert.deepEqual(lines.slice(1).sort(), Array.from({ length: 10 }, (_, i) => `low-${i}`).sort());
});

test("cancelling stops a running task on its worker and its result never arrives", async (t) => {
  if (redis === undefined) return void requireRedis(t);
  const { sleepThenMark, square } = tasks(weft);
  const marker = join(scratch, "cancelled-marker");
  const long = client.submit(sleepThenMark, 1500, marker);
  await until("the task to run", () => existsSync(`${marker}.started`));
  const cancelledAt = Date.now();
  await client.cancel(long);
  await assert.rejects(long.result(), { code: "E_CANCELLED" });
  assert.equal(long.status, "cancelled");
  // The workers keep working, and the stopped task never finishes its sleep.
  assert.deepEqual(await client.gather(client.map(square, [6, 7, 8])), [36, 49, 64]);
  await new Promise((resolve) => setTimeout(resolve, 1500 + 500 - (Date.now() - cancelledAt)));
  assert.equal(existsSync(marker), false, "the task was stopped, not left to finish");
  assert.ok(!(await resultKeys(look)).some((key) => key.endsWith(long.key)));
});

test("a cancel sent while the workers' cancel connections were down still stops the task", async (t) => {
  if (redis === undefined) return void requireRedis(t);
  const { sleepThenMark } = tasks(weft);
  const marker = join(scratch, "cancelled-while-away");
  const long = client.with({ pure: false }).submit(sleepThenMark, 2000, marker);
  await until("the task to run", () => existsSync(`${marker}.started`));
  // The workers reconnect at once, but the cancel message goes out before they are back.
  const connections = String(await look.client("LIST")).split("\n");
  const cancelListeners = connections
    .filter((line) => line.includes(" name=weft-worker-cancel "))
    .map((line) => /\bid=(\d+)/.exec(line)?.[1] as string);
  assert.equal(cancelListeners.length, 3, connections.join("\n"));
  for (const id of cancelListeners) await look.client("KILL", "ID", id);
  const cancelledAt = Date.now();
  await client.cancel(long);
  await assert.rejects(long.result(), { code: "E_CANCELLED" });
  await new Promise((resolve) => setTimeout(resolve, 2000 + 500 - (Date.now() - cancelledAt)));
  assert.equal(existsSync(marker), false, "the task was stopped, not left to finish");
  // Its worker stored the stopped task's outcome; the client took it and the mark away.
  await until("the cancel mark to go", async () => (await look.keys("*:cancelled:*")).length === 0);
});

test("a task past its timeout fails with E_TIMEOUT", async (t) => {
  if (redis === undefined) return void requireRedis(t);
  const { sleepThenMark } = tasks(weft);
  const slow = client.with({ timeout: 200, pure: false }).submit(sleepThenMark, 3000);
  await assert.rejects(slow.result(), { code: "E_TIMEOUT" });
});

test("results stay in Redis while held and leave when released", async (t) => {
  if (redis === undefined) return void requireRedis(t);
  const { square } = tasks(weft);
  const held = client.submit(square, 12345);
  assert.equal(await held, 12345 * 12345);
  const key = (await resultKeys(look)).find((k) => k.endsWith(`:${held.key}`));
  assert.ok(key !== undefined, "the result is in Redis");
  held.release();
  await until("the result to leave Redis", async () => !(await look.exists(key)));
  // A client that closes takes its results with it.
  const before = (await resultKeys(look)).length;
  const url = (redis as RedisServer).url;
  const other = new weft.Client({ redis: { url, root: repoRoot, queue: "weft" } });
  const kept = other.map(square, [101, 102]);
  assert.deepEqual(await other.gather(kept), [10201, 10404]);
  assert.equal((await resultKeys(look)).length, before + 2);
  await other.close();
  await until("its results to leave", async () => (await resultKeys(look)).length === before);
});

test("the live workers announce themselves with their threads and version", async (t) => {
  if (redis === undefined) return void requireRedis(t);
  const beats = await heartbeats(look);
  assert.equal(beats.length, 3);
  const status = client.cluster.workers;
  assert.equal(status.count, 3, "three worker processes of one thread each");
  assert.throws(() => client.cluster.scale(5), { code: "E_BAD_ARGUMENT" });
});
