/**
 * Tasks that a task submitted, scheduled by another scheduler (a Redis worker's) and reported as
 * a run of their own, join the parent task's run: two real schedulers, the child's events fed to
 * the parent's executor as the Redis client feeds them.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { TaskSpec } from "../../runtime/src/graph/task-spec";
import {
  EVENT_PROTOCOL_VERSION,
  emptyCounts,
  type BatchEvent,
  type RunEndEvent,
  type WeftEvent,
} from "../../runtime/src/protocol/events";
import { ChildRuns } from "../../runtime/src/scheduler/child-runs";
import type { Executor, RunnableTask, TaskReport } from "../../runtime/src/scheduler/executor";
import { Scheduler } from "../../runtime/src/scheduler/scheduler";

/** Holds tasks until the test finishes them; hears child events like the Redis client. */
class HeldExecutor implements Executor {
  readonly running = new Map<string, (r: readonly TaskReport[]) => void>();
  childListener: ((parent: string, event: WeftEvent) => void) | undefined;
  constructor(private readonly worker: number) {}
  wantMore(): number {
    return 100;
  }
  run(tasks: readonly RunnableTask[], report: (r: readonly TaskReport[]) => void): void {
    for (const task of tasks) this.running.set(task.key, report);
  }
  workerCount(): number {
    return 1;
  }
  onChildEvents(listener: (parent: string, event: WeftEvent) => void): void {
    this.childListener = listener;
  }
  finish(key: string, ms: number): void {
    const report = this.running.get(key);
    assert.ok(report !== undefined, `${key} is running`);
    this.running.delete(key);
    const start = Date.now() - ms;
    report([{ key, ok: true, value: key, worker: this.worker, start, stop: start + ms }]);
  }
}

function spec(key: string): TaskSpec {
  const fn = { kind: "source", hash: key, name: key, source: "() => 0", form: "expression" };
  return { key, fn, args: [], dependencies: [], hasRefs: false } as TaskSpec;
}

/**
 * A program running task parent-1, and the scheduler of parent-1's worker with `children` under
 * a run of their own, whose events reach the program as the Redis client passes them on.
 */
function programAndWorker(children: readonly string[]) {
  const parentExecutor = new HeldExecutor(1);
  const program = new Scheduler(parentExecutor);
  const events: WeftEvent[] = [];
  program.subscribe((event) => events.push(event));
  program.updateGraph({
    tasks: new Map([["parent-1", spec("parent-1")]]),
    wanted: ["parent-1"],
    holder: "p",
  });
  const workerExecutor = new HeldExecutor(1002);
  const worker = new Scheduler(workerExecutor);
  const workerEvents: WeftEvent[] = [];
  worker.subscribe((event) => {
    workerEvents.push(event);
    parentExecutor.childListener?.("parent-1", event);
  });
  worker.openRun("children");
  worker.updateGraph({
    tasks: new Map(children.map((key) => [key, spec(key)])),
    wanted: [...children],
    holder: "parent's client",
    runId: "children",
  });
  return { parentExecutor, events, worker, workerExecutor, workerEvents };
}

test("a task's own tasks, reported by another scheduler, are counted in its run", () => {
  const children = ["child-a", "child-b", "child-c"];
  const { parentExecutor, events, worker, workerExecutor } = programAndWorker(children);
  for (const key of children) workerExecutor.finish(key, 40);
  worker.closeRun("children");
  parentExecutor.finish("parent-1", 200);

  const batches = events.filter((e): e is BatchEvent => e.type === "batch");
  const end = events.find((e): e is RunEndEvent => e.type === "run-end");
  assert.ok(end !== undefined);
  // One run: the children's details, groups and totals are the parent's run's.
  assert.equal(new Set(events.map((e) => e.runId)).size, 1);
  const added = batches.flatMap((b) => b.added.map((a) => a.key));
  assert.deepEqual(added.sort(), ["child-a", "child-b", "child-c", "parent-1"]);
  const last = batches.at(-1) as BatchEvent;
  const childGroup = last.groups.find((g) => g.group === "child");
  assert.equal(childGroup?.counts.memory, 3);
  assert.equal(last.groups.find((g) => g.group === "parent")?.counts.memory, 1);
  assert.equal(end.summary.tasks, 4);
  assert.deepEqual(Object.keys(end.summary.busyMsByWorker).sort(), ["1", "1002"]);
  assert.ok(Math.abs((end.summary.busyMsByWorker["1002"] ?? 0) - 120) < 1);
  // Child times are on the parent run's clock: after its start, not before.
  const childMemory = batches
    .flatMap((b) => b.transitions)
    .filter((t) => t.key.startsWith("child-") && t.to === "memory");
  assert.equal(childMemory.length, 3);
  assert.ok(childMemory.every((t) => t.time >= 0 && t.worker === 1002));
});

test("a child run still going when the parent's run ends counts what has finished", async () => {
  const { parentExecutor, events, worker, workerExecutor, workerEvents } = programAndWorker([
    "late-1",
    "late-2",
  ]);
  workerExecutor.finish("late-1", 10);
  // The worker's next batch says late-1 finished; then the parent ends before late-2 does.
  while (
    !workerEvents.some((e) => e.type === "batch" && e.transitions.some((t) => t.to === "memory"))
  ) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  parentExecutor.finish("parent-1", 50);
  const end = events.find((e): e is RunEndEvent => e.type === "run-end");
  assert.equal(end?.summary.tasks, 2, "the parent and the one child that finished");
  worker.closeRun("children");
});

test("a parent that starts again drops what its earlier attempt's children reported", () => {
  const runs = new ChildRuns();
  const counts = (processing: number, memory: number) => ({
    ...emptyCounts(),
    processing,
    memory,
  });
  const start = (runId: string): WeftEvent => ({
    type: "run-start",
    v: EVENT_PROTOCOL_VERSION,
    runId,
    startedAt: 1_000,
    workers: 1,
  });
  const batch = (runId: string, processing: number, memory: number): WeftEvent => ({
    type: "batch",
    v: EVENT_PROTOCOL_VERSION,
    runId,
    time: 5,
    added: [],
    transitions: [{ key: "child-x", from: "processing", to: "memory", time: 5, startTime: 1 }],
    dropped: 0,
    groups: [{ group: "child", counts: counts(processing, memory), busyMs: 4, dependsOn: [] }],
    workers: [],
    failures: [],
  });
  // The first attempt's worker died with two children running.
  runs.hear("parent-1", start("attempt-1"), 900);
  runs.hear("parent-1", batch("attempt-1", 2, 1), 900);
  // Another parent's children are not touched by parent-1 starting again.
  runs.hear("parent-2", start("other"), 900);
  runs.hear("parent-2", batch("other", 0, 4), 900);
  runs.hear("parent-1", start("attempt-2"), 900);
  const details = runs.hear("parent-1", batch("attempt-2", 0, 3), 900);
  assert.equal(details?.transitions[0]?.time, 105, "moved onto the parent run's clock");
  assert.equal(details?.transitions[0]?.startTime, 101);
  const child = runs.mergeGroups([]).find((group) => group.group === "child");
  assert.deepEqual(child?.counts, counts(0, 7));
});
