/**
 * The peer every runtime benchmark compares with: raw piscina, one `run()` per task, in the
 * same worker entry Weft uses. Throughput of trivial tasks and the p50 round trip.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import { runtimeDist } from "../test/support/paths";
import { percentile, printTable } from "./table";

const dir = mkdtempSync(join(tmpdir(), "weft-bench-"));
const module = join(dir, "inc.mjs");
writeFileSync(module, "export const inc = (x) => x + 1;\n");
const task = (x: number) => ({ url: pathToFileURL(module).href, exportName: "inc", args: [x] });

async function main(): Promise<void> {
  const pool = new Piscina({ filename: join(runtimeDist, "worker.mjs") });
  await Promise.all(Array.from({ length: 1000 }, (_, i) => pool.run(task(i)))); // warm up

  const count = 50_000;
  const started = performance.now();
  await Promise.all(Array.from({ length: count }, (_, i) => pool.run(task(i))));
  const throughput = count / ((performance.now() - started) / 1000);

  const roundTrips: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    await pool.run(task(i));
    roundTrips.push((performance.now() - t0) * 1000);
  }
  await pool.destroy();

  printTable(
    "raw piscina (the baseline for runtime benchmarks)",
    [
      {
        name: "piscina run() per task",
        value: throughput,
        unit: "tasks/s",
        higherIsBetter: true,
        note: `${count} trivial tasks`,
      },
      {
        name: "piscina round trip p50",
        value: percentile(roundTrips, 50),
        unit: "µs",
        higherIsBetter: false,
      },
    ],
    "piscina run() per task",
  );
}

void main();
