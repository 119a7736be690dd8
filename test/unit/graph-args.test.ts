/** Dependencies are found inside containers; what cannot be cloned is refused at the call. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { delayed, ErrorCode, WeftError } from "weft";

const identity = (x: unknown): unknown => x;

test("Delayeds inside arrays, plain objects, Maps and Sets become dependencies", () => {
  const a = delayed(identity)(1);
  const b = delayed(identity)(2);
  const c = delayed(identity)(3);
  const d = delayed(identity)(4);
  const node = delayed(identity)([a, { nested: b }, new Map([["k", c]]), new Set([d])]).node;
  assert.ok(node);
  assert.deepEqual(
    node.dependencies.map((dep) => dep.key),
    [a.key, b.key, c.key, d.key],
  );
  assert.equal(node.hasRefs, true);
  assert.equal(delayed(identity)([1, 2]).node?.hasRefs, false);
});

test("a non-cloneable argument fails at the call with E_NOT_CLONEABLE, the key and the position", () => {
  class Point {
    constructor(readonly x: number) {}
  }
  const call = delayed((x: unknown, y: unknown) => [x, y], { name: "pair" });
  for (const [bad, position] of [
    [() => 1, /argument 2 is a function/],
    [{ items: [1, new Point(1)] }, /argument 2\.items\[1\] is an instance of Point/],
    [Promise.resolve(1), /argument 2 is a Promise/],
    [Symbol("s"), /argument 2 is a symbol/],
  ] as const) {
    assert.throws(
      () => call(1, bad),
      (error: unknown) =>
        error instanceof WeftError &&
        error.code === ErrorCode.NotCloneable &&
        /task pair-[0-9a-f]+/.test(error.message) &&
        position.test(error.message),
    );
  }
});

test("destructuring needs nout, and gives one Delayed per output", () => {
  const pair = delayed((x: number): [number, number] => [x, x * 2], { nout: 2 });
  const [first, second] = pair(3);
  assert.ok(first.key !== second.key);
  assert.throws(
    () => {
      const [x] = delayed((x: number) => [x])(1) as unknown as Iterable<unknown>;
      return x;
    },
    (error: unknown) => error instanceof WeftError && error.code === ErrorCode.BadArgument,
  );
});

test("delayed of a delayed function is the same function", () => {
  const lazy = delayed(identity);
  assert.equal(delayed(lazy as never), lazy);
  const value = lazy(1);
  assert.equal(delayed(value), value);
});
