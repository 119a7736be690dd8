/**
 * Cluster start-up to first result: a fresh local cluster (worker threads included) and one
 * trivial task, against raw piscina starting a pool and running one task. Goal: under 60 ms.
 * Measured in a child `node` without the TypeScript runner this bench runs under, which worker
 * threads would otherwise inherit and load, as a program using the built library runs.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runtimeDist, repoRoot } from "../test/support/paths";
import { incModuleUrl } from "./raw-piscina";
import { percentile, printTable } from "./table";

const ROUNDS = 15;

const child = (incUrl: string, rounds: number): string => `
import { Piscina } from ${JSON.stringify(pathToFileURL(join(repoRoot, "node_modules/piscina/dist/esm-wrapper.mjs")).href)};
const weft = await import(${JSON.stringify(pathToFileURL(join(runtimeDist, "index.mjs")).href)});
const piscina = [], piscinaFixed = [], cluster = [];
const threads = ${availableParallelism()};
for (let round = 0; round < ${rounds}; round++) {
  for (const [options, times] of [[{}, piscina], [{ minThreads: threads, maxThreads: threads }, piscinaFixed]]) {
    const started = performance.now();
    const pool = new Piscina({ filename: ${JSON.stringify(join(runtimeDist, "worker.mjs"))}, ...options });
    await pool.run({ url: ${JSON.stringify(incUrl)}, exportName: "inc", args: [1] });
    times.push(performance.now() - started);
    await pool.destroy();
  }

  const inc = weft.delayed((x) => x + 1);
  const started = performance.now();
  const result = await inc(1).compute(); // the default cluster starts on this first compute
  cluster.push(performance.now() - started);
  if (result !== 2) throw new Error("wrong result");
  await weft.shutdown();
}
console.log(JSON.stringify({ piscina, piscinaFixed, cluster }));
`;

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), "weft-bench-"));
  const script = join(dir, "startup.mjs");
  writeFileSync(script, child(incModuleUrl(), ROUNDS));
  const run = spawnSync(process.execPath, [script], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  const { piscina, piscinaFixed, cluster } = JSON.parse(run.stdout) as Record<string, number[]>;
  printTable(
    `cluster start-up to first result (p50 of ${ROUNDS} cold starts, in-process, no TypeScript runner)`,
    [
      {
        name: "raw piscina: new pool + run()",
        value: percentile(piscina ?? [], 50),
        unit: "ms",
        higherIsBetter: false,
      },
      {
        name: `raw piscina: ${availableParallelism()} threads (as weft's pool)`,
        value: percentile(piscinaFixed ?? [], 50),
        unit: "ms",
        higherIsBetter: false,
      },
      {
        name: "weft: first compute on a new cluster",
        value: percentile(cluster ?? [], 50),
        unit: "ms",
        higherIsBetter: false,
        note: "goal < 60 ms",
      },
    ],
    "raw piscina: new pool + run()",
  );
}

main();
