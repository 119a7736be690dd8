/**
 * A `weft cluster start --json` process from the built CLI for the futures benchmarks, stopped
 * with SIGTERM afterwards.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { runtimeDist } from "../test/support/paths";

export async function startCluster(
  workers: number,
): Promise<{ address: string; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [join(runtimeDist, "cli.mjs"), "cluster", "start", "--json", "--workers", String(workers)],
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, WEFT_CLUSTER_FILE: join(runtimeDist, ".bench-cluster.json") },
    },
  );
  const [line] = (await once(createInterface({ input: child.stdout }), "line")) as [string];
  const { address } = JSON.parse(line) as { address: string };
  return {
    address,
    async stop() {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
