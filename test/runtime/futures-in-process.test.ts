/** The futures suite against an in-process LocalCluster of 2 workers. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { Client, LocalCluster, moduleFunction } from "weft";
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
