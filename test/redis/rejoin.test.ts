/**
 * rejoin() on a Redis worker waits for a free slot: one `weft worker` process of one thread, a
 * task that secedes, a task that takes the slot meanwhile, and the first task's rejoin, which
 * goes on only once the second has finished.
 */
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, test } from "node:test";
import { repoRoot } from "../support/paths";
import { redisServerPath, requireRedis } from "../support/tools";
import { loadBuiltWeft } from "./redis-client";
import { startRedis, startWorker, stopAll, tempFolder, until } from "./redis-harness";

const tasksUrl = pathToFileURL(join(repoRoot, "test/redis/fixtures/rejoin-tasks.mjs")).href;

after(stopAll);

test("rejoin waits until the worker's slot is free", async (t) => {
  const server = redisServerPath();
  if (server === undefined) return void requireRedis(t);
  const redis = await startRedis(server);
  await startWorker(redis.url, { threads: 1 });
  const weft = await loadBuiltWeft();
  const client = new weft.Client({ redis: { url: redis.url, root: repoRoot } });
  const dir = tempFolder("weft-redis-rejoin-");
  const at = (name: string): string => join(dir, name);
  try {
    const impure = client.with({ pure: false });
    const parent = impure.submit(
      weft.moduleFunction<(dir: string) => Promise<boolean>>(tasksUrl, "rejoinAfter"),
      dir,
    );
    await until("the parent to secede", () => existsSync(at("seceded")));
    const holder = impure.submit(
      weft.moduleFunction<(dir: string) => Promise<string>>(tasksUrl, "holdSlot"),
      dir,
    );
    await until("the holder to take the slot", () => existsSync(at("holding")));
    writeFileSync(at("resume"), "");
    await until("the parent to ask for its slot", () => existsSync(at("rejoining")));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(parent.done(), false, "the parent waits while the holder has the slot");
    writeFileSync(at("release"), "");
    assert.equal(await holder, "held");
    assert.equal(await parent, true, "it went on only once the holder had finished");
  } finally {
    await client.close();
    await weft.shutdown();
    await stopAll();
  }
});
