/**
 * Runs a workload of peers/dask_delayed.py with Debian's python3 (which has python3-dask) and
 * parses its one JSON line. Undefined, with the reason printed, where Dask is not installed.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../../test/support/paths";

export interface DaskResult {
  readonly tasks: number;
  readonly seconds: number;
}

const PYTHON = "/usr/bin/python3";

export function runDask(
  workload: "flat" | "tree" | "cpu",
  size: number,
  rounds = 3,
): DaskResult | undefined {
  if (!existsSync(PYTHON)) {
    console.log(`(Dask peer skipped: ${PYTHON} not found)`);
    return undefined;
  }
  const run = spawnSync(
    PYTHON,
    [join(repoRoot, "bench/peers/dask_delayed.py"), workload, String(size), String(rounds)],
    {
      encoding: "utf8",
      timeout: 600_000,
    },
  );
  if (run.status !== 0) {
    console.log(`(Dask peer failed: ${run.stderr.trim().split("\n").at(-1) ?? "no output"})`);
    return undefined;
  }
  const line = run.stdout.trim().split("\n").at(-1) ?? "{}";
  return JSON.parse(line) as DaskResult;
}
