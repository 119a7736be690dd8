/**
 * The examples again, their tasks on a separate `weft cluster start` process
 * (`weft run --scheduler <address>`): futures and delayed alike, each prints what its
 * sequential run prints.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { examplesDir, runtimeDist } from "../support/paths";
import { startClusterProcess, type ClusterProcess } from "./cluster-process-harness";
import { DELAYED_EXAMPLES, FUTURES_EXAMPLES } from "./futures-examples";

let cluster: ClusterProcess;

before(async () => {
  cluster = await startClusterProcess(["--workers", "2"]);
});

after(async () => {
  assert.equal(await cluster.stop(), 0, cluster.stderr());
});

function weftRun(...args: string[]): string {
  const run = spawnSync(process.execPath, [join(runtimeDist, "cli.mjs"), "run", ...args], {
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, WEFT_SCHEDULER: "" },
  });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

for (const [file, shape] of Object.entries({ ...FUTURES_EXAMPLES, ...DELAYED_EXAMPLES })) {
  test(`examples/${file} on a cluster process prints what the sequential run prints`, () => {
    const remote = weftRun("--scheduler", cluster.address, join(examplesDir, file));
    assert.match(remote, shape);
    assert.equal(remote, weftRun(join(examplesDir, file), "--sequential"));
  });
}

test("when the programs are done, their runs have ended and nothing is left held on the cluster", async () => {
  const { clusterStatus } = await import("weft");
  // A program's disconnect reaches the cluster after the program has exited; the cluster then
  // lets go of its work. Ask until it has (or give up after a bounded number of tries).
  let status = await clusterStatus(cluster.address);
  for (
    let tries = 0;
    tries < 50 && (status.runs.length > 0 || (status.tasks["memory"] ?? 0) > 0);
    tries++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    status = await clusterStatus(cluster.address);
  }
  assert.equal(status.runs.length, 0, "every program's run ended when it disconnected");
  assert.equal(
    status.tasks["memory"] ?? 0,
    0,
    `nothing is left held on the cluster: ${JSON.stringify(status.tasks)}`,
  );
});
