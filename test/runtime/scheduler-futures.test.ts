/**
 * The scheduler features futures rely on, with a scripted executor that reports when the test
 * says so: runs opened per client (run-start with the program, batches and run-end under its
 * runId), retries after a failure, and work released by its last holder being stopped.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Scheduler, type Executor, type RunnableTask, type TaskReport, type WeftEvent } from "weft";
import type { TaskSpec } from "../../runtime/src/graph/task-spec";

class ScriptedExecutor implements Executor {
  readonly running = new Map<string, (report: TaskReport) => void>();
  readonly started: string[] = [];
  readonly cancelled: string[] = [];

  wantMore(): number {
    return 100;
  }

  workerCount(): number {
    return 2;
  }

  run(tasks: readonly RunnableTask[], report: (reports: readonly TaskReport[]) => void): void {
    for (const task of tasks) {
      this.started.push(task.key);
      this.running.set(task.key, (one) => report([one]));
    }
  }

  cancel(keys: readonly string[]): void {
    this.cancelled.push(...keys);
    for (const key of keys) this.running.delete(key);
  }

  succeed(key: string, value: unknown): void {
    const report = this.running.get(key);
    this.running.delete(key);
    report?.({ key, ok: true, value, worker: 1, start: 0, stop: 1 });
  }

  die(key: string): void {
    const report = this.running.get(key);
    this.running.delete(key);
    report?.({
      key,
      ok: false,
      worker: 1,
      start: 0,
      stop: 1,
      error: { name: "WeftError", message: "worker died", stack: "", code: "E_WORKER_DIED" },
    });
  }
}

function spec(key: string, dependencies: string[] = [], retries?: number): TaskSpec {
  return {
    key,
    fn: { kind: "source", hash: "h", name: "f", source: "(x) => x", form: "expression" },
    args: [1],
    dependencies,
    hasRefs: false,
    ...(retries === undefined ? {} : { retries }),
  };
}

test("a run opened for a client reports its tasks under its runId, with the program's name", () => {
  const executor = new ScriptedExecutor();
  const scheduler = new Scheduler(executor);
  const events: WeftEvent[] = [];
  scheduler.subscribe((event) => events.push(event));
  scheduler.openRun("run-1", "program.ts");
  scheduler.updateGraph({
    tasks: new Map([["a-1", spec("a-1")]]),
    wanted: ["a-1"],
    holder: "c",
    runId: "run-1",
  });
  executor.succeed("a-1", 5);
  assert.equal(scheduler.runOf("a-1"), "run-1");
  assert.deepEqual(
    scheduler.openRuns().map((run) => run.runId),
    ["run-1"],
  );
  scheduler.closeRun("run-1");
  const start = events[0];
  assert.ok(
    start?.type === "run-start" && start.runId === "run-1" && start.program === "program.ts",
  );
  const batches = events.filter((e) => e.type === "batch");
  assert.ok(batches.every((e) => e.runId === "run-1"));
  const transitions = batches.flatMap((e) => (e.type === "batch" ? e.transitions : []));
  assert.deepEqual(
    transitions.map((t) => t.to),
    ["queued", "processing", "memory"],
  );
  const end = events.at(-1);
  assert.ok(end?.type === "run-end" && end.runId === "run-1" && end.summary.tasks === 1);
  assert.deepEqual(scheduler.checkInvariants(), []);
});

test("a failed task with retries left runs again; without, it fails", () => {
  const executor = new ScriptedExecutor();
  const scheduler = new Scheduler(executor);
  const outcomes = new Map<string, string>();
  scheduler.updateGraph(
    {
      tasks: new Map([
        ["r-1", spec("r-1", [], 1)],
        ["n-1", spec("n-1")],
      ]),
      wanted: ["r-1", "n-1"],
      holder: "c",
    },
    (key, outcome) => outcomes.set(key, outcome.status),
  );
  executor.die("r-1");
  executor.die("n-1");
  assert.equal(outcomes.get("n-1"), "erred");
  assert.equal(outcomes.has("r-1"), false, "retried, not failed");
  assert.deepEqual(executor.started.filter((k) => k === "r-1").length, 2);
  executor.succeed("r-1", 1);
  assert.equal(outcomes.get("r-1"), "memory");
  assert.deepEqual(scheduler.checkInvariants(), []);
});

test("releasing the last holder of running work stops it, and what only it needed", () => {
  const executor = new ScriptedExecutor();
  const scheduler = new Scheduler(executor);
  scheduler.updateGraph({
    tasks: new Map([
      ["load-1", spec("load-1")],
      ["use-1", spec("use-1", ["load-1"])],
      ["other-1", spec("other-1")],
    ]),
    wanted: ["use-1", "other-1"],
    holder: "c",
  });
  assert.deepEqual(executor.started.sort(), ["load-1", "other-1"]);
  scheduler.release("c", ["use-1"]);
  assert.deepEqual(executor.cancelled, ["load-1"], "the running dependency is stopped");
  assert.equal(scheduler.has("use-1"), false);
  assert.equal(scheduler.has("load-1"), false);
  assert.equal(scheduler.stateOf("other-1"), "processing", "independent work runs on");
  assert.deepEqual(scheduler.keysHeldBy("c"), ["other-1"]);
  assert.deepEqual(scheduler.checkInvariants(), []);
});
