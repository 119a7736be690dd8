/**
 * The futures tests, written once and run twice: against an in-process LocalCluster
 * (futures-in-process.test.ts) and against a separate `weft cluster start` process
 * (futures-cluster-process.test.ts). Both clusters have 2 workers and a memory limit.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import {
  asCompleted,
  Event,
  Future,
  Lock,
  moduleFunction,
  Queue,
  Semaphore,
  Variable,
  wait,
  WeftError,
} from "weft";
import type { Client } from "weft";

/** The signatures of fixtures/futures-tasks.mjs (plain JavaScript, so workers load it as is). */
interface Tasks {
  nested(depth: number): Promise<number>;
  fanOut(n: number): Promise<number>;
  exitWorker(): never;
  exhaustMemory(): number;
  throwFromCallback(): Promise<never>;
  dieOnce(marker: string): string;
  slowWrite(started: string, marker: string, ms: number): Promise<string>;
  lockedIncrement(lockName: string, counterName: string): Promise<number>;
  produce(queueName: string, count: number): Promise<number>;
  awaitSignal(name: string): Promise<string>;
}

export interface SuiteMode {
  readonly name: string;
  /** Starts the cluster; returns a client of it and how to tear both down. */
  start(): Promise<{ client: Client; newClient(): Client; stop(): Promise<void> }>;
}

const fixture = pathToFileURL(join(__dirname, "fixtures", "futures-tasks.mjs")).href;
function task<K extends keyof Tasks>(name: K): Tasks[K] {
  return moduleFunction<Tasks[K]>(fixture, name);
}

const inc = (x: number): number => x + 1;
const add = (a: number, b: number): number => a + b;
const double = (x: number): number => x * 2;
const fail = (message: string): never => {
  throw new RangeError(message);
};
const total = (values: { items: number[]; extra: number }): number =>
  values.items.reduce((a, b) => a + b, 0) + values.extra;
const delayedValue = (value: number, ms: number): Promise<number> =>
  new Promise((resolve) => setTimeout(() => resolve(value), ms));

function code(expected: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof WeftError, `expected a WeftError, got ${String(error)}`);
    assert.equal(error.code, expected, error.message);
    return true;
  };
}

export function futuresSuite(mode: SuiteMode): void {
  let client: Client;
  let newClient: () => Client;
  let stop: () => Promise<void>;
  let scratch: string;
  let counter = 0;
  const unique = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;

  before(async () => {
    ({ client, newClient, stop } = await mode.start());
    scratch = mkdtempSync(join(tmpdir(), "weft-futures-"));
  });
  after(async () => {
    await client.close();
    await stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test(`${mode.name}: submit runs a task; await, result, status and key`, async () => {
    const f = client.submit(inc, 1);
    assert.ok(f instanceof Future);
    assert.match(f.key, /^inc-[0-9a-f]+$/);
    assert.equal(await f, 2);
    assert.equal(await f.result(), 2);
    assert.equal(f.status, "finished");
    assert.equal(f.done(), true);
    assert.equal(f.cancelled(), false);
    assert.equal(await f.exception(), undefined);
    // In an array: a promise resolved with a future itself would resolve to its result.
    const [called] = await new Promise<[Future<number>]>((resolve) => {
      client.submit(inc, 41).addDoneCallback((future) => resolve([future]));
    });
    assert.equal(called.status, "finished");
    assert.equal(await called, 42);
    assert.equal(String(called), `Future(${called.key}, finished)`);
  });

  test(`${mode.name}: pure by default (same call, same future); pure: false runs again`, async () => {
    const a = client.submit(add, 20, 22);
    const b = client.submit(add, 20, 22);
    assert.equal(a, b, "the same future object");
    const c = client.with({ pure: false }).submit(add, 20, 22);
    assert.notEqual(c.key, a.key);
    assert.deepEqual(await Promise.all([a, c]), [42, 42]);
  });

  test(`${mode.name}: futures as arguments, nested in arrays and objects, are dependencies`, async () => {
    const x = client.submit(inc, 1);
    const y = client.submit(add, x, 10);
    const z = client.submit(total, { items: [x, y, 3], extra: 100 });
    assert.equal(await y, 12);
    assert.equal(await z, 2 + 12 + 3 + 100);
  });

  test(`${mode.name}: map zips iterables; gather keeps the shape`, async () => {
    const sums = client.map(add, [1, 2, 3], new Set([10, 20, 30, 40]));
    assert.equal(sums.length, 3);
    assert.deepEqual(await client.gather(sums), [11, 22, 33]);
    const named = client.with({ key: "plus" }).map(inc, [1, 2]);
    assert.ok(named.every((f) => f.key.startsWith("plus-")));
    const shaped = await client.gather({ first: sums[0] as Future<number>, rest: [sums[1], 7] });
    assert.deepEqual(shaped, { first: 11, rest: [22, 7] });
  });

  test(`${mode.name}: gather raises the first error, or skips failed futures`, async () => {
    const good = client.map(double, [1, 2]);
    const bad = client.submit(fail, "no good");
    await assert.rejects(client.gather([good[0], bad, good[1]]), (error: unknown) => {
      assert.equal((error as { remoteName?: string }).remoteName, "RangeError");
      assert.match((error as Error).message, /no good/);
      return true;
    });
    assert.deepEqual(await client.gather([good[0], bad, good[1]], { errors: "skip" }), [2, 4]);
  });

  test(`${mode.name}: an error reaches dependents, with the remote stack`, async () => {
    const bad = client.submit(fail, "broken input");
    const dependent = client.submit(inc, bad as unknown as Future<number>);
    const error = await bad.exception();
    assert.ok(error instanceof WeftError);
    assert.equal(error.code, "E_TASK_FAILED");
    assert.match(error.stack ?? "", /remote stack/);
    assert.equal(bad.status, "error");
    await assert.rejects(dependent.result(), /broken input/);
  });

  test(`${mode.name}: asCompleted yields in finishing order and accepts add() while iterating`, async () => {
    const slow = client.submit(delayedValue, 1, 300);
    const fast = client.submit(delayedValue, 2, 1);
    const seen: number[] = [];
    const iterator = asCompleted([slow, fast]);
    for await (const future of iterator) {
      const value = await future;
      seen.push(value);
      if (value === 2) iterator.add(client.submit(delayedValue, 3, 1));
    }
    assert.equal(seen.length, 3);
    assert.ok(seen.indexOf(2) < seen.indexOf(3), `added after 2: ${seen.join(",")}`);
    const pairs: [string, number][] = [];
    for await (const [future, value] of asCompleted(client.map(inc, [5, 6]), {
      withResults: true,
    })) {
      pairs.push([future.key, value]);
    }
    assert.deepEqual(pairs.map(([, v]) => v).sort(), [6, 7]);
    let batched = 0;
    for await (const batch of asCompleted(client.map(inc, [7, 8, 9])).batches())
      batched += batch.length;
    assert.equal(batched, 3);
  });

  test(`${mode.name}: wait for all, for the first, or time out`, async () => {
    const quick = client.submit(delayedValue, 1, 1);
    const slow = client.with({ pure: false }).submit(delayedValue, 2, 2_000);
    const first = await wait([quick, slow], { returnWhen: "FIRST_COMPLETED" });
    assert.ok(first.done.has(quick));
    await assert.rejects(wait([slow], { timeout: 10 }), code("E_TIMEOUT"));
    await assert.rejects(slow.result(10), code("E_TIMEOUT"));
    await slow.cancel();
    const all = await wait([quick, client.submit(inc, 41)]);
    assert.equal(all.notDone.size, 0);
  });

  test(`${mode.name}: cancel stops a running task; its dependents are cancelled, others run`, async () => {
    const started = unique("started");
    const marker = join(scratch, unique("marker"));
    const slow = client.submit(task("slowWrite"), started, marker, 1_500);
    const dependent = client.submit((s: string) => s.length, slow as unknown as Future<string>);
    const independent = client.submit(double, 21);
    assert.equal(await new Event(started, client).wait(30_000), true, "the task started");
    await slow.cancel();
    await assert.rejects(slow.result(), code("E_CANCELLED"));
    await assert.rejects(dependent.result(), code("E_CANCELLED"));
    assert.equal(slow.cancelled(), true);
    assert.equal(await independent, 42);
    // Longer than the task would have needed: its worker was stopped, so nothing was written.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    assert.equal(existsSync(marker), false, "the cancelled task did not run on");
    assert.equal(await client.submit(inc, 99), 100, "the replaced worker serves again");
  });

  test(`${mode.name}: priorities order ready tasks; retries and timeouts are options`, async () => {
    await assert.rejects(
      client.with({ timeout: 50, pure: false }).submit(delayedValue, 1, 5_000).result(),
      (error: unknown) => {
        code("E_TIMEOUT")(error);
        assert.match((error as Error).message, /timeout of 50 ms/);
        return true;
      },
    );
    const marker = join(scratch, unique("die-once"));
    assert.equal(
      await client.with({ retries: 1 }).submit(task("dieOnce"), marker),
      "second time lucky",
    );
  });

  test(`${mode.name}: a dying worker is replaced: E_WORKER_DIED, and nothing else is lost`, async () => {
    const bystanders = client.with({ pure: false }).map(
      double,
      Array.from({ length: 40 }, (_, i) => i),
    );
    const exit = client.with({ pure: false }).submit(task("exitWorker"));
    await assert.rejects(exit.result(), (error: unknown) => {
      code("E_WORKER_DIED")(error);
      assert.match((error as Error).message, /retries/);
      return true;
    });
    assert.deepEqual(
      await client.gather(bystanders),
      Array.from({ length: 40 }, (_, i) => i * 2),
    );
    await assert.rejects(
      client.with({ pure: false }).submit(task("exhaustMemory")).result(),
      code("E_WORKER_DIED"),
    );
    await assert.rejects(
      client.with({ pure: false }).submit(task("throwFromCallback")).result(),
      code("E_WORKER_DIED"),
    );
    assert.equal(await client.submit(inc, 1000), 1001);
  });

  test(`${mode.name}: tasks from tasks: 2 workers, depth 8, secede/rejoin, no deadlock`, async () => {
    assert.equal(await client.with({ pure: false }).submit(task("nested"), 8), 8);
    assert.equal(await client.submit(task("fanOut"), 10), 385);
  });

  test(`${mode.name}: Lock, Semaphore, Queue, Variable and Event across program and tasks`, async () => {
    const lockName = unique("lock");
    const counter = new Variable<number>(unique("counter"), client);
    await counter.set(0);
    const increments = client
      .with({ pure: false })
      .map(task("lockedIncrement"), Array(12).fill(lockName), Array(12).fill(counter.name));
    await client.gather(increments);
    assert.equal(await counter.get(), 12, "no increment lost under the lock");

    const lock = new Lock(lockName, client);
    assert.equal(await lock.acquire(), true);
    assert.equal(await lock.locked(), true);
    assert.equal(await new Lock(lockName, client).acquire(20), false, "held elsewhere");
    await lock.release();
    await assert.rejects(lock.release(), code("E_BAD_ARGUMENT"));

    const semaphore = new Semaphore(2, unique("semaphore"), client);
    assert.equal(await semaphore.acquire(), true);
    assert.equal(await semaphore.acquire(), true);
    assert.equal(await semaphore.acquire(20), false);
    await semaphore.release();
    assert.equal(await semaphore.held(), 1);

    const queue = new Queue<number>(unique("queue"), client);
    const produced = client.submit(task("produce"), queue.name, 3);
    const taken = [await queue.get(30_000), await queue.get(30_000), await queue.get(30_000)];
    assert.deepEqual(taken, [0, 10, 20]);
    assert.equal(await produced, 3);
    await assert.rejects(queue.get(20), code("E_TIMEOUT"));

    const signal = unique("signal");
    const waiting = client.submit(task("awaitSignal"), signal);
    const event = new Event(signal, client);
    assert.equal(await event.isSet(), false);
    await event.set();
    assert.equal(await waiting, "signalled");
  });

  test(`${mode.name}: scatter with broadcast: each worker keeps one copy for all its tasks`, async () => {
    // Counts, in the copy a task gets, the tasks that have touched that copy.
    const touch = (table: { hits: number }, _i: number): [number, number] => {
      table.hits += 1;
      return [process.getBuiltinModule("node:worker_threads").threadId, table.hits];
    };
    const impure = client.with({ pure: false });
    const seen = async (table: Future<{ hits: number }>): Promise<Map<number, number[]>> => {
      const byWorker = new Map<number, number[]>();
      // One task at a time, so each goes in a message of its own.
      for (let i = 0; i < 12; i++) {
        const [worker, hits] = await impure.submit(touch, table, i);
        byWorker.set(worker, [...(byWorker.get(worker) ?? []), hits]);
      }
      return byWorker;
    };
    const broadcast = client.scatter({ hits: 0, id: unique("broadcast") }, { broadcast: true });
    for (const [worker, hits] of await seen(broadcast)) {
      const counted = hits.map((_, i) => i + 1);
      assert.deepEqual(hits, counted, `worker ${worker}'s tasks share one copy`);
    }
    const copied = client.scatter({ hits: 0, id: unique("copied") });
    for (const hits of (await seen(copied)).values()) {
      assert.ok(
        hits.every((h) => h === 1),
        "without broadcast each message brings its own copy",
      );
    }
    broadcast.release();
    copied.release();
  });

  test(`${mode.name}: scatter puts data on the cluster; fireAndForget keeps work going`, async () => {
    const table = client.scatter({ rows: [1, 2, 3] });
    const rowsTotal = (t: { rows: number[] }): number => t.rows.reduce((a, b) => a + b, 0);
    assert.equal(await client.submit(rowsTotal, table), 6);
    const [one, two] = client.scatter([10, 20]);
    assert.equal(await client.submit(add, one as Future<number>, two as Future<number>), 30);
    assert.throws(
      () => client.scatter(1, { broadcst: true } as { broadcast?: boolean }),
      code("E_BAD_ARGUMENT"),
    );

    const started = unique("ff-started");
    const marker = join(scratch, unique("ff-marker"));
    const forgotten = client.with({ pure: false }).submit(task("slowWrite"), started, marker, 50);
    await client.fireAndForget(forgotten);
    forgotten.release();
    assert.equal(await new Event(started, client).wait(30_000), true);
    const done = unique("ff-done");
    // Wait for the marker through a task that polls for it on the cluster.
    const poll = (path: string, name: string): Promise<string> =>
      new Promise((resolve) => {
        const fs = process.getBuiltinModule("node:fs");
        const check = (): void => {
          if (fs.existsSync(path)) resolve(name);
          else setTimeout(check, 20);
        };
        check();
      });
    assert.equal(await client.submit(poll, marker, done), done);
  });

  test(`${mode.name}: released results are freed on the cluster`, async () => {
    // The counts are the whole cluster's: futures of earlier tests that the garbage collector
    // reclaims are released at any moment, so other results can only leave memory meanwhile.
    const held = client.with({ pure: false }).map(inc, [1, 2, 3, 4, 5]);
    await client.gather(held);
    const during = (await client.status()) as { tasks: Record<string, number> };
    assert.ok((during.tasks["memory"] ?? 0) >= 5, "the five held results are in memory");
    for (const future of held) future.release();
    const afterRelease = (await client.status()) as { tasks: Record<string, number> };
    assert.ok(
      (afterRelease.tasks["memory"] ?? 0) <= (during.tasks["memory"] ?? 0) - 5,
      "releasing them freed all five",
    );
  });

  test(`${mode.name}: the cluster scales while work runs`, async () => {
    const work = client
      .with({ pure: false })
      .map(delayedValue, [1, 2, 3, 4, 5, 6], Array(6).fill(100));
    client.cluster.scale(3);
    assert.equal(client.cluster.workers.count, 3);
    assert.notEqual(client.cluster.workers.status, "decreasing");
    assert.deepEqual(await client.gather(work), [1, 2, 3, 4, 5, 6]);
    client.cluster.workers.set(2);
    assert.equal(client.cluster.workers.count, 2);
    assert.equal(await client.submit(inc, 2), 3);
  });

  test(`${mode.name}: bad input says what to do`, async () => {
    assert.throws(
      () => client.with({ prority: 1 } as never),
      (error: unknown) => {
        code("E_BAD_ARGUMENT")(error);
        assert.match((error as Error).message, /unknown option 'prority'/);
        return true;
      },
    );
    assert.throws(() => client.with({ retries: -1 }), code("E_BAD_ARGUMENT"));
    assert.throws(() => client.map(inc, 5 as never), code("E_BAD_ARGUMENT"));
    await assert.rejects(client.future("nothing-here-0000").result(), code("E_MISSING_KEY"));
    const captured = 3;
    assert.throws(() => client.submit((x: number) => x + captured, 1), code("E_CAPTURED_VARIABLE"));

    const other = newClient();
    const pending = other.with({ pure: false }).submit(delayedValue, 1, 2_000);
    await other.close();
    await assert.rejects(pending.result(), code("E_CLIENT_CLOSED"));
    assert.throws(() => other.submit(inc, 1), code("E_CLIENT_CLOSED"));
  });
}
