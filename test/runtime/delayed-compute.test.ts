/**
 * delayed / compute / persist / get on the real local cluster (piscina worker threads), from
 * source. Functions here are self-contained, so they ship by source.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, test } from "node:test";
import { pathToFileURL } from "node:url";
import {
  compute,
  delayed,
  Delayed,
  get,
  persist,
  ref,
  shutdown,
  subscribeEvents,
  moduleFunction,
  task,
  transfer,
} from "weft";
import type { WeftEvent } from "weft";
import { repoRoot } from "../support/paths";

after(() => shutdown());

const inc = (x: number): number => x + 1;
const dec = (x: number): number => x - 1;
const add = (x: number, y: number): number => x + y;

/** Keys that went to processing while `body` ran, from the event stream. */
async function processed<T>(body: () => Promise<T>): Promise<{ result: T; keys: string[] }> {
  const keys: string[] = [];
  const unsubscribe = subscribeEvents((event: WeftEvent) => {
    if (event.type === "batch") {
      for (const t of event.transitions) if (t.to === "processing") keys.push(t.key);
    }
  });
  try {
    const result = await body();
    await new Promise((resolve) => setTimeout(resolve, 150)); // the next batch of events
    return { result, keys };
  } finally {
    unsubscribe();
  }
}

test("the seed's inc/dec/add graph computes on worker threads", async () => {
  const z = delayed(add)(delayed(inc)(1), delayed(dec)(2));
  assert.ok(z instanceof Delayed);
  assert.equal(await z.compute(), 3);
  // The memory transitions name the worker thread each task ran on: never the main thread (0).
  const workers: number[] = [];
  const unsubscribe = subscribeEvents((event) => {
    if (event.type !== "batch") return;
    for (const t of event.transitions)
      if (t.to === "memory" && t.worker !== undefined) workers.push(t.worker);
  });
  await delayed(add)(delayed(inc)(5), 1).compute();
  await new Promise((resolve) => setTimeout(resolve, 150));
  unsubscribe();
  assert.ok(workers.length >= 2);
  assert.ok(
    workers.every((id) => id > 0),
    `thread ids ${workers.join(",")}`,
  );
});

test("compute takes many objects, traverses arrays and objects, and returns a typed tuple", async () => {
  const x = delayed(inc)(10);
  const [a, list, record] = await compute(x, [x, delayed(dec)(x)], {
    sum: delayed(add)(x, 1),
    plain: 7,
  });
  assert.equal(a, 11);
  assert.deepEqual(list, [11, 10]);
  assert.deepEqual(record, { sum: 12, plain: 7 });
});

test("Delayeds nested in Maps and Sets are dependencies; get and call build nodes", async () => {
  const x = delayed(inc)(1);
  const collect = delayed((m: Map<string, number>, s: Set<number>) =>
    [...m.values(), ...s].join(","),
  );
  assert.equal(await collect(new Map([["a", x]]), new Set([x, 5])).compute(), "2,2,5");
  const record = delayed((n: number) => ({ n, items: [n, n * 2] }))(4);
  assert.equal(await record.get("items").get(1).compute(), 8);
  const word = delayed((s: string) => s)("weft");
  assert.equal(await word.call("toUpperCase").compute(), "WEFT");
  assert.equal(await word.call("padStart", 6, "*").compute(), "**weft");
});

test("nout makes a result destructurable", async () => {
  const divmod = delayed((a: number, b: number): [number, number] => [Math.floor(a / b), a % b], {
    nout: 2,
  });
  const [q, r] = divmod(17, 5);
  assert.deepEqual(await compute(q, r), [3, 2]);
});

test("pure calls share a key, so shared work runs once; impure calls run each time", async () => {
  const slowSquare = delayed((x: number) => x * x, { pure: true, name: "square" });
  const { result, keys } = await processed(() =>
    compute(delayed(add)(slowSquare(3), slowSquare(3)), slowSquare(3)),
  );
  assert.deepEqual(result, [18, 9]);
  assert.equal(keys.filter((k) => k.startsWith("square-")).length, 1);
  const impure = delayed((x: number) => x * x, { name: "impure" });
  const again = await processed(() => compute(impure(3), impure(3)));
  assert.equal(again.keys.filter((k) => k.startsWith("impure-")).length, 2);
});

test("persist starts the work and later graphs reuse the held results", async () => {
  const counted = delayed((x: number) => x * 10, { name: "held" });
  const originals = [counted(1), counted(2)];
  const { result: kept, keys } = await processed(async () => {
    const kept = await persist(...originals);
    assert.ok(kept.every((k) => k instanceof Delayed && k.node === undefined));
    return kept;
  });
  assert.equal(keys.filter((k) => k.startsWith("held-")).length, 2);
  const later = await processed(() =>
    compute(delayed(add)(kept[0] as Delayed<number>, kept[1] as Delayed<number>)),
  );
  assert.deepEqual(later.result, [30]);
  assert.equal(later.keys.filter((k) => k.startsWith("held-")).length, 0, "nothing recomputed");
  assert.equal(await (kept[1] as Delayed<number>).compute(), 20);
});

test("get runs a raw graph of task(fn, ...args) and ref(key), as in the seed", async () => {
  const load = (name: string): number[] => [...name].map((c) => c.charCodeAt(0));
  const clean = (data: number[]): number[] => data.filter((x) => x % 2 === 0);
  const analyze = (parts: number[][]): number => parts.flat().length;
  const graph = {
    "load-1": task(load, "abcd"),
    "load-2": task(load, "efgh"),
    "clean-1": task(clean, ref("load-1")),
    "clean-2": task(clean, ref("load-2")),
    analyze: task(analyze, [ref("clean-1"), ref("clean-2")]),
    constant: 5,
  };
  assert.equal(await get(graph, "analyze"), 4);
  assert.deepEqual(await get(graph, ["clean-1", "constant"]), [[98, 100], 5]);
});

test("async task functions are awaited in the worker", async () => {
  const later = delayed(async (x: number) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return x * 2;
  });
  assert.equal(await later(21).compute(), 42);
});

test("typed arrays travel by structured clone, and transfer() moves a buffer instead", async () => {
  const sum = delayed((bytes: Uint8Array) => bytes.reduce((a, b) => a + b, 0));
  const bytes = new Uint8Array([1, 2, 3, 4]);
  assert.equal(await sum(bytes).compute(), 10);
  assert.equal(bytes.byteLength, 4, "copied, still ours");
  const moved = new Uint8Array([5, 6, 7]);
  assert.equal(await sum(transfer(moved)).compute(), 18);
  assert.equal(moved.byteLength, 0, "transferred: detached here");
  const doubled = await delayed((b: Float64Array) => b.map((x) => x * 2))(
    new Float64Array([1.5]),
  ).compute();
  assert.ok(doubled instanceof Float64Array);
  assert.equal(doubled[0], 3);
});

test("moduleFunction ships an exported function by module reference, its imports included", async () => {
  const url = pathToFileURL(join(repoRoot, "test/fixtures/runtime/modules/digest.mjs"));
  const digest = moduleFunction<(text: string) => string>(url, "digest");
  assert.throws(() => digest("x"), /runs only as a task/);
  const [hash] = await compute(delayed(digest)("weft"));
  assert.equal(hash, "e627e2237f44543d8b79e2772a7cc79f6c8d0ea2854eef84f69fbef586339c91");
});
