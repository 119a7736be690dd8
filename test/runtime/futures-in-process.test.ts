/** The futures suite against an in-process LocalCluster of 2 workers. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { Client, Event, LocalCluster, moduleFunction, Variable } from "weft";
import { futuresSuite } from "./futures-suite";

futuresSuite({
  name: "in-process",
  async start() {
    const cluster = new LocalCluster({ workers: 2, memoryLimit: "128MB" });
    return {
      client: new Client({ cluster }),
      newClient: () => new Client({ cluster }),
      stop: () => cluster.close(),
    };
  },
});

test("a seceded task lets the rest of its message run: one worker, waiter and setter together", async () => {
  // One worker, one message at a time: both tasks go in the same message.
  const cluster = new LocalCluster({ workers: 1, pipelineDepth: 1 });
  const client = new Client({ cluster });
  try {
    // Trivial tasks first, so the cluster batches several tasks per message.
    await client.gather(
      client.map(
        (x: number) => x + 1,
        Array.from({ length: 500 }, (_, i) => i),
      ),
    );
    const pair = moduleFunction<(role: string, name: string) => Promise<string>>(
      pathToFileURL(join(__dirname, "fixtures", "futures-tasks.mjs")).href,
      "signalPair",
    );
    const name = `pair-${process.pid}`;
    const results = await client.gather(
      client.with({ pure: false }).map(pair, ["wait", "set"], [name, name]),
    );
    assert.deepEqual(results, ["signalled", "set"]);
  } finally {
    await client.close();
    await cluster.close();
  }
});

test("rejoin waits for a free slot: the task that took the worker meanwhile finishes first", async () => {
  const cluster = new LocalCluster({ workers: 1, pipelineDepth: 1 });
  const client = new Client({ cluster });
  const fixtures = pathToFileURL(join(__dirname, "fixtures", "futures-tasks.mjs")).href;
  const rejoinAfter = moduleFunction<
    (seceded: string, resume: string, rejoining: string, holderDone: string) => Promise<boolean>
  >(fixtures, "rejoinAfter");
  const holdSlot = moduleFunction<(release: string, holderDone: string) => Promise<string>>(
    fixtures,
    "holdSlot",
  );
  const [seceded, resume, rejoining, release, holderDone] = [
    "seceded",
    "resume",
    "rejoining",
    "release",
    "holder-done",
  ].map((name) => `${name}-${process.pid}`) as [string, string, string, string, string];
  const impure = client.with({ pure: false });
  try {
    const parent = impure.submit(rejoinAfter, seceded, resume, rejoining, holderDone);
    assert.equal(await new Variable<boolean>(seceded, client).get(30_000), true);
    // The one worker's slot is free: the holder takes it, and keeps it until released.
    const holder = impure.submit(holdSlot, release, holderDone);
    await new Event(resume, client).set();
    assert.equal(await new Variable<boolean>(rejoining, client).get(30_000), true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(parent.done(), false, "the rejoining task waits while the holder has the worker");
    await new Event(release, client).set();
    assert.equal(await holder, "held");
    assert.equal(await parent, true, "it went on only once the holder had finished");
  } finally {
    await client.close();
    await cluster.close();
  }
});

test("futures a task obtained through getClient are released when the task ends", async () => {
  const cluster = new LocalCluster({ workers: 2 });
  const client = new Client({ cluster });
  const fanOut = moduleFunction<(n: number) => Promise<number>>(
    pathToFileURL(join(__dirname, "fixtures", "futures-tasks.mjs")).href,
    "fanOut",
  );
  const memory = async (): Promise<number> =>
    ((await client.status()) as { tasks: Record<string, number> }).tasks["memory"] ?? 0;
  try {
    const parent = client.submit(fanOut, 10);
    assert.equal(await parent, 385);
    // The task's releases travel from its worker; wait for them (bounded).
    let held = await memory();
    for (let tries = 0; tries < 100 && held > 1; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      held = await memory();
    }
    assert.equal(held, 1, "only the parent's result, which the program holds, is left");
    parent.release();
  } finally {
    await client.close();
    await cluster.close();
  }
});
