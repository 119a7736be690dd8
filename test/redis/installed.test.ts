/**
 * The built runtime copied out of the repository, as an installed package has it (no
 * node_modules anywhere): BullMQ and its Redis client are bundled, so `weft worker` and a
 * program run with WEFT_REDIS work from the copy alone.
 */
import assert from "node:assert/strict";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { repoRoot, runtimeDist } from "../support/paths";
import { redisServerPath, requireRedis } from "../support/tools";
import { startRedis, startWorker, stopAll, tempFolder, weftRun } from "./redis-harness";

after(stopAll);

test("worker and program run from a copy of runtime/dist with no node_modules", async (t) => {
  const server = redisServerPath();
  if (server === undefined) return void requireRedis(t);
  const installed = tempFolder("weft-installed-");
  cpSync(runtimeDist, join(installed, "dist"), { recursive: true });
  cpSync(join(repoRoot, "runtime/package.json"), join(installed, "package.json"));
  const project = tempFolder("weft-project-");
  cpSync(join(repoRoot, "test/redis/fixtures/slow-squares.ts"), join(project, "squares.ts"));
  const cli = join(installed, "dist/cli.mjs");
  const redis = await startRedis(server);
  await startWorker(redis.url, { cli: [cli], root: project });
  await startWorker(redis.url, { cli: [cli], root: project });
  const run = await weftRun(
    "squares.ts",
    { WEFT_REDIS: redis.url, COUNT: "8", MS: "5" },
    undefined,
    [],
    {
      cli,
      cwd: project,
    },
  );
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), [0, 1, 4, 9, 16, 25, 36, 49]);
});
