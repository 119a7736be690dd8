/**
 * Runs a workload of peers/dask_futures.py (Dask distributed's LocalCluster, 2 worker
 * processes of one thread) with Debian's python3 and parses its one JSON line. Undefined, with
 * the reason printed, where python3-distributed is not installed.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../../test/support/paths";

const PYTHON = "/usr/bin/python3";

export function runDaskFutures<T>(
  workload: "map" | "roundtrip" | "scatter",
  size: number,
): T | undefined {
  if (!existsSync(PYTHON)) {
    console.log(`(Dask distributed peer skipped: ${PYTHON} not found)`);
    return undefined;
  }
  const run = spawnSync(
    PYTHON,
    [join(repoRoot, "bench/peers/dask_futures.py"), workload, String(size), "2"],
    { encoding: "utf8", timeout: 600_000 },
  );
  if (run.status !== 0) {
    console.log(`(Dask distributed peer failed: ${run.stderr.trim().split("\n").at(-1) ?? ""})`);
    return undefined;
  }
  return JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}") as T;
}
