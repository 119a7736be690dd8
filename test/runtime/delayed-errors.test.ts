/** Every error of the delayed API, on the real cluster: what the program sees and what is kept. */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import type { Delayed } from "weft";
import {
  compute,
  delayed,
  ErrorCode,
  get,
  persist,
  ref,
  shutdown,
  subscribeEvents,
  task,
  TaskError,
  visualize,
  WeftError,
} from "weft";

after(() => shutdown());

// A global only the main thread has: the submit-time check cannot see the capture, the worker can.
(globalThis as Record<string, unknown>)["weftMainOnlyTable"] = [1, 2, 3];

const add = (x: number, y: number): number => x + y;
function failWhenNegative(x: number): number {
  if (x < 0) throw new RangeError(`negative input ${x}`);
  return x;
}

test("a task that throws rejects compute with a TaskError: key, remote name, message and stack", async () => {
  const bad = delayed(failWhenNegative)(-1);
  await assert.rejects(bad.compute(), (error: unknown) => {
    assert.ok(error instanceof TaskError);
    assert.equal(error.code, ErrorCode.TaskFailed);
    assert.equal(error.key, bad.key);
    assert.equal(error.remoteName, "RangeError");
    assert.equal(error.remoteMessage, "negative input -1");
    assert.match(error.remoteStack, /failWhenNegative/);
    assert.match(error.stack ?? "", /remote stack/);
    return true;
  });
});

test("dependents fail with the same error, and results already computed are kept", async () => {
  const good = delayed(add, { name: "kept" })(1, 2);
  const [kept] = await persist(good);
  await (kept as Delayed<number>).compute();
  const bad = delayed(failWhenNegative)(-5);
  const dependent = delayed(add)(kept as Delayed<number>, bad);
  const further = delayed(add)(dependent, 1);
  await assert.rejects(compute(further), (error: unknown) => {
    assert.ok(error instanceof TaskError);
    assert.equal(error.key, bad.key, "blamed on the task that threw");
    assert.equal(error.remoteMessage, "negative input -5");
    return true;
  });
  // The persisted result survived the failure: computing it again runs nothing.
  const ran: string[] = [];
  const unsubscribe = subscribeEvents((event) => {
    if (event.type === "batch")
      for (const t of event.transitions) if (t.to === "processing") ran.push(t.key);
  });
  assert.equal(await (kept as Delayed<number>).compute(), 3);
  await new Promise((resolve) => setTimeout(resolve, 150));
  unsubscribe();
  assert.deepEqual(ran, []);
});

test("visualize colours a failed task and its dependents after the run", async () => {
  const bad = delayed(failWhenNegative)(-2);
  const after = delayed(add)(bad, 1);
  await assert.rejects(after.compute());
  const dot = await visualize(after);
  assert.match(dot, /^digraph weft \{/);
  assert.match(
    dot,
    new RegExp(
      `"${bad.key}" \\[label="failWhenNegative", tooltip="${bad.key} \\(erred\\)", fillcolor="#fb6a4a"\\]`,
    ),
  );
  assert.match(dot, new RegExp(`"${bad.key}" -> "${after.key}"`));
});

test("a capture the submit-time check cannot see is reported from the worker's ReferenceError", async () => {
  const lookup = delayed((i: number) => weftMainOnlyTable[i]);
  await assert.rejects(lookup(1).compute(), (error: unknown) => {
    assert.ok(error instanceof WeftError);
    assert.equal(error.code, ErrorCode.CapturedVariable);
    assert.match(error.message, /uses 'weftMainOnlyTable'/);
    assert.match(error.message, /Pass 'weftMainOnlyTable' as an argument/);
    return true;
  });
});
declare const weftMainOnlyTable: number[];

test("a result that cannot be cloned fails its task with E_NOT_CLONEABLE", async () => {
  const makeFunction = delayed((x: number) => ({ x, f: () => x }));
  await assert.rejects(makeFunction(1).compute(), (error: unknown) => {
    assert.ok(error instanceof WeftError);
    assert.equal(error.code, ErrorCode.NotCloneable);
    assert.match(error.message, /f is a function/);
    return true;
  });
});

test("raw graphs: cycles and missing keys are refused before anything runs", async () => {
  const inc = (x: number): number => x + 1;
  await assert.rejects(
    get({ a: task(inc, ref("b")), b: task(inc, ref("a")) }, "a"),
    (error: unknown) => error instanceof WeftError && error.code === ErrorCode.Cycle,
  );
  await assert.rejects(
    get({ a: task(inc, ref("typo")) }, "a"),
    (error: unknown) =>
      error instanceof WeftError &&
      error.code === ErrorCode.MissingKey &&
      /'typo'/.test(error.message),
  );
  await assert.rejects(
    get({ a: 1 }, "b" as "a"),
    (error: unknown) => error instanceof WeftError && error.code === ErrorCode.MissingKey,
  );
});

test("bad options say what to pass", () => {
  assert.throws(
    () => delayed(add, "pure" as never),
    (error: unknown) =>
      error instanceof WeftError &&
      error.code === ErrorCode.BadArgument &&
      /options must be an object/.test(error.message),
  );
  assert.throws(
    () => delayed(add, { nout: -1 }),
    (error: unknown) =>
      error instanceof WeftError && /nout must be a whole number/.test(error.message),
  );
});
