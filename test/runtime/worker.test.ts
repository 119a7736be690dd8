/**
 * The built worker entry runs a function shipped by module reference in real worker threads.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import { Piscina } from "piscina";
import { runtimeDist } from "../support/paths";

test("a module's exported function runs on a worker thread, imports included", async () => {
  const dir = mkdtempSync(join(tmpdir(), "weft-worker-"));
  const module = join(dir, "tasks.mjs");
  writeFileSync(
    module,
    `import { createHash } from "node:crypto";
     import { threadId } from "node:worker_threads";
     export function digest(text) { return { hash: createHash("sha256").update(text).digest("hex"), threadId }; }`,
  );
  const pool = new Piscina({
    filename: join(runtimeDist, "worker.mjs"),
    minThreads: 2,
    maxThreads: 2,
  });
  try {
    const result = (await pool.run({
      url: pathToFileURL(module).href,
      exportName: "digest",
      args: ["weft"],
    })) as { hash: string; threadId: number };
    assert.equal(result.hash, "e627e2237f44543d8b79e2772a7cc79f6c8d0ea2854eef84f69fbef586339c91");
    assert.notEqual(result.threadId, 0, "ran off the main thread");
    await assert.rejects(
      pool.run({ url: pathToFileURL(module).href, exportName: "missing", args: [] }),
      /has no exported function named missing/,
    );
  } finally {
    await pool.destroy();
  }
});
