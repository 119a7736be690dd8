/** Which functions can ship by source, and the error for those that capture a variable. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { delayed, ErrorCode, WeftError } from "weft";
import { parseFunction } from "../../runtime/src/shipping/free-variables";

test("free variables: parameters, locals, nested functions and properties are not free", () => {
  const free = (fn: (...args: never[]) => unknown): string[] =>
    // `__name` is the helper the TypeScript runner inserts; workers define it.
    [...(parseFunction(fn.toString())?.freeVariables ?? [])].filter((n) => n !== "__name").sort();
  assert.deepEqual(
    free((x: number) => x + 1),
    [],
  );
  assert.deepEqual(
    free(function named(a: number, { b }: { b: number }) {
      const c = a + b;
      const inner = (d: number): number => d * c;
      try {
        return inner(Math.max(c, 1));
      } catch (e) {
        return String(e).length;
      }
    }),
    ["Math", "String"],
  );
  const outside = 3;
  assert.deepEqual(
    free((x: number) => x * outside),
    ["outside"],
  );
  assert.deepEqual(parseFunction("method(x) { return x + y; }")?.freeVariables, ["y"]);
  assert.equal(parseFunction("method(x) { return x; }")?.form, "method");
});

test("a function that captures a local gives E_CAPTURED_VARIABLE at the call, naming both", () => {
  const factor = 3;
  const scale = (x: number): number => x * factor;
  assert.throws(
    () => delayed(scale),
    (error: unknown) =>
      error instanceof WeftError &&
      error.code === ErrorCode.CapturedVariable &&
      /function scale uses 'factor'/.test(error.message) &&
      /Pass 'factor' as an argument/.test(error.message),
  );
  assert.throws(
    () => delayed(Math.sqrt),
    (error: unknown) => error instanceof WeftError && /built in or bound/.test(error.message),
  );
});
