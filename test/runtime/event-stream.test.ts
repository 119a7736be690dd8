/** The scheduler's event stream for one run: start, batches with transitions and counts, end. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, test } from "node:test";
import { pathToFileURL } from "node:url";
import {
  Client,
  delayed,
  EVENT_PROTOCOL_VERSION,
  moduleFunction,
  shutdown,
  subscribeEvents,
  type WeftEvent,
} from "weft";

after(() => shutdown());

const inc = (x: number): number => x + 1;

test("one run's events: run-start, transitions of each task, exact per-group counts, run-end", async () => {
  const events: WeftEvent[] = [];
  const unsubscribe = subscribeEvents((event) => events.push(event));
  const incs = Array.from({ length: 10 }, (_, i) => delayed(inc)(i));
  const total = delayed((xs: number[]) => xs.reduce((a, b) => a + b, 0), { name: "total" })(incs);
  assert.equal(await total.compute(), 55);
  await new Promise((resolve) => setTimeout(resolve, 50));
  unsubscribe();

  assert.ok(events.every((event) => event.v === EVENT_PROTOCOL_VERSION));
  const start = events[0];
  const end = events.at(-1);
  assert.equal(start?.type, "run-start");
  assert.equal(end?.type, "run-end");
  if (start?.type !== "run-start" || end?.type !== "run-end") return;
  assert.ok(
    events.every((event) => event.runId === start.runId),
    "one run",
  );
  assert.equal(end.status, "done");
  assert.equal(end.summary.tasks, 11);
  assert.ok(end.summary.slowest !== undefined);

  const batches = events.filter((event) => event.type === "batch");
  const added = batches.flatMap((batch) => batch.added);
  assert.equal(added.length, 11);
  const totalAdded = added.find((a) => a.group === "total");
  assert.equal(totalAdded?.dependencies.length, 10);
  assert.match(
    totalAdded?.location?.file ?? "",
    /event-stream\.test\.ts$/,
    "the call site that made it",
  );

  // Each task goes waiting → queued → processing → memory → released, in that order.
  const byKey = new Map<string, string[]>();
  for (const t of batches.flatMap((batch) => batch.transitions)) {
    byKey.set(t.key, [...(byKey.get(t.key) ?? ["waiting"]), t.to]);
  }
  assert.equal(byKey.size, 11);
  for (const [key, path] of byKey) {
    assert.deepEqual(path, ["waiting", "queued", "processing", "memory", "released"], key);
  }
  const last = batches.at(-1);
  const incCounts = last?.groups.find((g) => g.group === "inc")?.counts;
  assert.equal(incCounts?.released, 10);
  assert.equal(incCounts?.processing, 0);
  const totalGroup = last?.groups.find((g) => g.group === "total");
  assert.deepEqual(totalGroup?.dependsOn, ["inc"]);
});

test("worker samples: one per live thread, busy while it runs tasks, its heap; idle at the end", async () => {
  const events: WeftEvent[] = [];
  const unsubscribe = subscribeEvents((event) => events.push(event));
  // Long enough that batches are sampled while the tasks run.
  const spin = (ms: number): number => {
    const end = Date.now() + ms;
    while (Date.now() < end);
    return ms;
  };
  const parts = Array.from({ length: 8 }, () => delayed(spin)(150));
  await delayed((xs: number[]) => xs.length, { name: "count" })(parts).compute();
  await new Promise((resolve) => setTimeout(resolve, 50));
  unsubscribe();

  const start = events.find((event) => event.type === "run-start");
  const batches = events.filter((event) => event.type === "batch");
  const samples = batches.flatMap((batch) => batch.workers);
  assert.ok(start?.type === "run-start");
  const ids = new Set(samples.map((sample) => sample.id));
  assert.equal(ids.size, start.workers, "one id per worker thread, none left from old ones");
  const busy = samples.filter((sample) => sample.state === "busy");
  assert.ok(busy.length > 0, "some sample saw a worker at work");
  assert.ok(
    busy.some((sample) => sample.running.some((key) => key.startsWith("spin-"))),
    "a busy worker names the task it runs",
  );
  assert.ok(
    samples.some((sample) => (sample.memory ?? 0) > 1_000_000),
    "workers report their heap",
  );
  const last = batches.at(-1);
  assert.ok(
    last?.workers.every((sample) => sample.state === "idle" && sample.running.length === 0),
    "when the run ends, its last sample shows every worker idle",
  );
});

test("a task's time seceded, waiting on its own tasks, is not busy time", async () => {
  const events: WeftEvent[] = [];
  const unsubscribe = subscribeEvents((event) => events.push(event));
  const fixtures = pathToFileURL(join(__dirname, "fixtures", "futures-tasks.mjs")).href;
  const waitOnSlowChild = moduleFunction<(ms: number) => Promise<number>>(
    fixtures,
    "waitOnSlowChild",
  );
  const client = new Client();
  assert.equal(await client.with({ pure: false }).submit(waitOnSlowChild, 400), 400);
  await client.close();
  while (!events.some((event) => event.type === "run-end")) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  unsubscribe();
  const last = events.findLast((event) => event.type === "batch");
  assert.ok(last?.type === "batch");
  const busy = (group: string) => last.groups.find((g) => g.group === group)?.busyMs ?? -1;
  // The parent ran from before its child started until after it ended, but spent that time
  // without its slot: its busy time is what it did itself, far less than the child's spin.
  assert.ok(busy("spin") > 0);
  assert.ok(
    busy("waitOnSlowChild") < busy("spin"),
    `parent ${busy("waitOnSlowChild")} ms, child ${busy("spin")} ms`,
  );
  const end = events.findLast((event) => event.type === "run-end");
  assert.ok(end?.type === "run-end");
  const total = Object.values(end.summary.busyMsByWorker).reduce((a, b) => a + b, 0);
  assert.ok(total < 2 * busy("spin"), `busy ${total} ms in all for a ${busy("spin")} ms child`);
});
