/**
 * The scheduler's state machine over random DAGs, random executor capacity, random failures and
 * random completion orders: every wanted key ends with the sequential result (or the error of a
 * failed ancestor), the invariants hold after every step, intermediates are released as soon as
 * nothing needs them, and everything is released once the holder lets go.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { KeyRef } from "../../runtime/src/graph/key-ref";
import type { TaskSpec } from "../../runtime/src/graph/task-spec";
import type { Executor, RunnableTask, TaskReport } from "../../runtime/src/scheduler/executor";
import { Scheduler } from "../../runtime/src/scheduler/scheduler";
import type { TaskOutcome } from "../../runtime/src/scheduler/task-record";

/** Runs nothing by itself: the test decides which task finishes next, and whether it fails. */
class SteppedExecutor implements Executor {
  readonly running: { task: RunnableTask; report: (r: readonly TaskReport[]) => void }[] = [];
  constructor(
    private readonly capacity: number,
    private readonly failing: ReadonlySet<number>,
  ) {}
  wantMore(): number {
    return this.capacity - this.running.length;
  }
  run(tasks: readonly RunnableTask[], report: (r: readonly TaskReport[]) => void): void {
    for (const task of tasks) this.running.push({ task, report });
  }
  workerCount(): number {
    return this.capacity;
  }
  /** Finishes the running task at `pick` (modulo the number running). */
  finish(pick: number): void {
    const [entry] = this.running.splice(pick % this.running.length, 1);
    if (entry === undefined) return;
    const [index, ...inputs] = entry.task.args as number[];
    const timing = { key: entry.task.key, worker: 1, start: 0, stop: 0 };
    if (this.failing.has(index as number)) {
      entry.report([
        { ...timing, ok: false, error: { name: "Error", message: `node ${index}`, stack: "" } },
      ]);
    } else {
      entry.report([
        { ...timing, ok: true, value: (index as number) + inputs.reduce((a, b) => a + b, 0) },
      ]);
    }
  }
}

const dagArbitrary = fc.integer({ min: 1, max: 24 }).chain((size) =>
  fc.record({
    parents: fc.tuple(
      ...Array.from({ length: size }, (_, i) =>
        i === 0
          ? fc.constant([] as number[])
          : fc.uniqueArray(fc.integer({ min: 0, max: i - 1 }), { maxLength: 3 }),
      ),
    ),
    wanted: fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), {
      minLength: 1,
      maxLength: size,
    }),
    failing: fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: 2 }),
    capacity: fc.integer({ min: 1, max: 4 }),
    picks: fc.array(fc.nat(), { minLength: 60, maxLength: 60 }),
  }),
);

const key = (i: number): string => `node-${i}`;

test("random DAGs and completion orders: results, errors, invariants and releases", () => {
  fc.assert(
    fc.property(dagArbitrary, ({ parents, wanted, failing, capacity, picks }) => {
      const failingSet = new Set(failing);
      const executor = new SteppedExecutor(capacity, failingSet);
      const scheduler = new Scheduler(executor);
      const tasks = new Map<string, TaskSpec>();
      parents.forEach((deps, i) => {
        tasks.set(key(i), {
          key: key(i),
          fn: {
            kind: "source",
            hash: "sum",
            name: "node",
            source: "(i, ...xs) => 0",
            form: "expression",
          },
          args: [i, ...deps.map((d) => new KeyRef(key(d)))],
          dependencies: deps.map(key),
          hasRefs: deps.length > 0,
        });
      });
      // The sequential answer, and which nodes fail (themselves or through an ancestor).
      const expected: number[] = [];
      const failedBy: (number | undefined)[] = [];
      parents.forEach((deps, i) => {
        expected[i] = i + deps.reduce((sum, d) => sum + (expected[d] ?? 0), 0);
        failedBy[i] = failingSet.has(i)
          ? i
          : deps.map((d) => failedBy[d]).find((f) => f !== undefined);
      });
      const outcomes = new Map<string, TaskOutcome>();
      scheduler.updateGraph({ tasks, wanted: wanted.map(key), holder: "h" }, (k, outcome) => {
        assert.ok(!outcomes.has(k), `${k} reported twice`);
        outcomes.set(k, outcome);
      });
      assert.deepEqual(scheduler.checkInvariants(), []);
      let step = 0;
      while (executor.running.length > 0) {
        executor.finish(picks[step % picks.length] ?? 0);
        step++;
        assert.deepEqual(scheduler.checkInvariants(), []);
      }
      for (const i of wanted) {
        const outcome = outcomes.get(key(i));
        assert.ok(outcome, `${key(i)} never ended`);
        const cause = failedBy[i];
        if (cause === undefined) {
          assert.deepEqual(outcome, { status: "memory", value: expected[i] });
        } else {
          assert.equal(outcome.status, "erred");
          if (outcome.status === "erred") {
            assert.ok(failingSet.has(Number(outcome.blame.slice(5))), "blamed on a failing node");
            assert.equal(outcome.error.message, `node ${outcome.blame.slice(5)}`);
          }
        }
      }
      // Only what the holder wants is still in memory; nothing else is held.
      const counts = scheduler.counts();
      assert.equal(counts.waiting + counts.queued + counts.processing, 0);
      for (let i = 0; i < parents.length; i++) {
        const state = scheduler.has(key(i)) ? scheduler.stateOf(key(i)) : "released";
        if (!wanted.includes(i)) assert.equal(state, "released", `${key(i)} should be released`);
      }
      scheduler.release("h", wanted.map(key));
      assert.deepEqual(scheduler.counts(), { ...counts, memory: 0, erred: 0, waiting: 0 });
      assert.deepEqual(scheduler.checkInvariants(), []);
    }),
    { numRuns: 300 },
  );
});

test("ready tasks go by priority first, then graph order", () => {
  const executor = new SteppedExecutor(1, new Set());
  const scheduler = new Scheduler(executor);
  const spec = (name: string): TaskSpec => ({
    key: name,
    fn: { kind: "source", hash: "sum", name: "node", source: "", form: "expression" },
    args: [0],
    dependencies: [],
    hasRefs: false,
  });
  const started: string[] = [];
  const original = executor.run.bind(executor);
  executor.run = (tasks, report) => {
    started.push(...tasks.map((t) => t.key));
    original(tasks, report);
  };
  // The first low-priority task takes the only slot; then priority decides.
  scheduler.updateGraph({
    tasks: new Map([
      ["low-1", spec("low-1")],
      ["low-2", spec("low-2")],
    ]),
    wanted: ["low-1", "low-2"],
    holder: "a",
  });
  scheduler.updateGraph({
    tasks: new Map([["high-1", spec("high-1")]]),
    wanted: ["high-1"],
    holder: "b",
    priority: 10,
  });
  while (executor.running.length > 0) executor.finish(0);
  assert.deepEqual(started, ["low-1", "high-1", "low-2"]);
});

test("cancelling stops a task and its dependents; a late result is dropped; others go on", () => {
  const executor = new SteppedExecutor(4, new Set());
  const scheduler = new Scheduler(executor);
  const spec = (name: string, index: number, deps: string[] = []): TaskSpec => ({
    key: name,
    fn: { kind: "source", hash: "sum", name: "node", source: "", form: "expression" },
    args: [index, ...deps.map((d) => new KeyRef(d))],
    dependencies: deps,
    hasRefs: deps.length > 0,
  });
  const outcomes = new Map<string, string>();
  scheduler.updateGraph(
    {
      tasks: new Map([
        ["a-1", spec("a-1", 1)],
        ["b-1", spec("b-1", 2, ["a-1"])],
        ["c-1", spec("c-1", 3)],
      ]),
      wanted: ["b-1", "c-1"],
      holder: "h",
    },
    (key, outcome) => outcomes.set(key, outcome.status),
  );
  scheduler.cancel(["a-1"]);
  assert.equal(outcomes.get("b-1"), "cancelled", "the dependent is cancelled with it");
  assert.deepEqual(scheduler.checkInvariants(), []);
  while (executor.running.length > 0) executor.finish(0); // a-1's late result arrives too
  assert.equal(outcomes.get("c-1"), "memory", "an independent task is untouched");
  assert.equal(scheduler.stateOf("a-1"), "cancelled");
  assert.deepEqual(scheduler.checkInvariants(), []);
});

test("graph order keeps memory low: a tree summation holds O(depth) results, not O(leaves)", () => {
  const executor = new SteppedExecutor(1, new Set());
  const scheduler = new Scheduler(executor);
  const tasks = new Map<string, TaskSpec>();
  const make = (key: string, index: number, deps: string[]): void => {
    tasks.set(key, {
      key,
      fn: { kind: "source", hash: "sum", name: "node", source: "", form: "expression" },
      args: [index, ...deps.map((d) => new KeyRef(d))],
      dependencies: deps,
      hasRefs: deps.length > 0,
    });
  };
  let level = Array.from({ length: 256 }, (_, i) => `leaf-${i}`);
  level.forEach((key, i) => make(key, i, []));
  let counter = 0;
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const key = `add-${counter++}`;
      make(key, 0, [level[i] as string, level[i + 1] as string]);
      next.push(key);
    }
    level = next;
  }
  let result: unknown;
  scheduler.updateGraph({ tasks, wanted: level, holder: "h" }, (_key, outcome) => {
    if (outcome.status === "memory") result = outcome.value;
  });
  let peak = 0;
  while (executor.running.length > 0) {
    executor.finish(0);
    peak = Math.max(peak, scheduler.counts().memory);
  }
  assert.equal(result, (255 * 256) / 2);
  assert.ok(peak <= 10, `at most about log2(256) results held at once, saw ${peak}`);
});
