/** Raw graphs: missing keys and cycles are refused before anything runs. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ErrorCode, WeftError, ref, task } from "weft";
import { graphOrder } from "../../runtime/src/graph/order";
import { rawGraphTasks } from "../../runtime/src/graph/raw-graph";

const inc = (x: number): number => x + 1;

test("a cycle gives E_CYCLE naming a key on it", () => {
  const graph = { a: task(inc, ref("c")), b: task(inc, ref("a")), c: task(inc, ref("b")), d: 1 };
  assert.throws(
    () => rawGraphTasks(graph, ["c"]),
    (error: unknown) =>
      error instanceof WeftError &&
      error.code === ErrorCode.Cycle &&
      /key '(a|b|c)'/.test(error.message),
  );
  assert.throws(
    () => rawGraphTasks({ self: task(inc, ref("self")) }, ["self"]),
    (error: unknown) =>
      error instanceof WeftError &&
      error.code === ErrorCode.Cycle &&
      /self → self/.test(error.message),
  );
});

test("a missing key gives E_MISSING_KEY, for a dependency and for a wanted key", () => {
  assert.throws(
    () => rawGraphTasks({ a: task(inc, ref("nowhere")) }, ["a"]),
    (error: unknown) =>
      error instanceof WeftError &&
      error.code === ErrorCode.MissingKey &&
      /'nowhere'/.test(error.message),
  );
  assert.throws(
    () => rawGraphTasks({ a: 1 }, ["b"]),
    (error: unknown) =>
      error instanceof WeftError &&
      error.code === ErrorCode.MissingKey &&
      /'b'/.test(error.message),
  );
});

test("graph order is depth first toward the outputs: a subtree finishes before the next starts", () => {
  // ((a1 a2) (a3 a4)) as a tree summation
  const graph = {
    a1: 1,
    a2: 2,
    a3: 3,
    a4: 4,
    b1: task((x: number, y: number) => x + y, ref("a1"), ref("a2")),
    b2: task((x: number, y: number) => x + y, ref("a3"), ref("a4")),
    c: task((x: number, y: number) => x + y, ref("b1"), ref("b2")),
  };
  const order = graphOrder(rawGraphTasks(graph, ["c"]), ["c"]);
  const sorted = [...order].sort((x, y) => x[1] - y[1]).map(([key]) => key);
  assert.deepEqual(sorted, ["a1", "a2", "b1", "a3", "a4", "b2", "c"]);
});
