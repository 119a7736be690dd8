import assert from "node:assert/strict";
import { test } from "node:test";
import {
  EVENT_PROTOCOL_VERSION,
  TASK_STATES,
  emptyCounts,
  groupOfKey,
  parseEventLine,
} from "../../runtime/src/protocol/events";

test("a key's group is its prefix before the last dash, as in Dask", () => {
  assert.equal(groupOfKey("inc-8f3a2b"), "inc");
  assert.equal(groupOfKey("load-file-1"), "load-file");
  assert.equal(groupOfKey("analyze"), "analyze");
});

test("empty counts have every state at zero", () => {
  const counts = emptyCounts();
  assert.deepEqual(Object.keys(counts), [...TASK_STATES]);
  assert.ok(Object.values(counts).every((n) => n === 0));
});

test("an events line of this version parses; other versions are refused with the reason", () => {
  const line = JSON.stringify({
    type: "run-start",
    v: EVENT_PROTOCOL_VERSION,
    runId: "r1",
    startedAt: 0,
    workers: 2,
  });
  assert.equal(parseEventLine(line).type, "run-start");
  assert.throws(
    () => parseEventLine(JSON.stringify({ type: "run-start", v: 99 })),
    /protocol version 99/,
  );
  assert.throws(() => parseEventLine("[1,2]"), /not a Weft event/);
});
