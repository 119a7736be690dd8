import assert from "node:assert/strict";
import { test } from "node:test";
import { ErrorCode, TaskError, WeftError, isWeftError } from "../../runtime/src/errors";

test("a TaskError is a WeftError that carries the key and the remote error", () => {
  const error = new TaskError("inc-abc", {
    name: "RangeError",
    message: "too big",
    stack: "RangeError: too big\n    at inc (/work/a.ts:3:9)",
  });
  assert.ok(error instanceof WeftError);
  assert.ok(isWeftError(error));
  assert.equal(error.code, ErrorCode.TaskFailed);
  assert.equal(error.key, "inc-abc");
  assert.equal(error.remoteName, "RangeError");
  assert.match(error.message, /inc-abc.*RangeError: too big/);
  assert.match(error.stack ?? "", /\/work\/a\.ts:3:9/);
});

test("error codes are stable strings", () => {
  assert.equal(ErrorCode.NotCloneable, "E_NOT_CLONEABLE");
  assert.equal(new WeftError(ErrorCode.Cycle, "x").code, "E_CYCLE");
});
