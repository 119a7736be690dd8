/**
 * 50,000 trivial delayed calls (x => x + 1) in a flat graph, against raw piscina (one run() per
 * task, the same worker entry) and Dask's threaded scheduler, all measured in this run. Weft's
 * best of 5 rounds (graph building included) against Dask's best of 3 (compute only).
 */
import { loadBuiltWeft } from "./load-weft";
import { runDask } from "./peers/dask";
import { rawPiscina } from "./raw-piscina";
import { printTable, type Measurement } from "./table";

const COUNT = 50_000;

async function rawPiscinaRate(): Promise<number> {
  const pool = rawPiscina();
  const run = (x: number) => pool.run(x);
  await Promise.all(Array.from({ length: 1000 }, (_, i) => run(i)));
  const started = performance.now();
  await Promise.all(Array.from({ length: COUNT }, (_, i) => run(i)));
  const rate = COUNT / ((performance.now() - started) / 1000);
  await pool.close();
  return rate;
}

async function main(): Promise<void> {
  const piscinaRate = await rawPiscinaRate();
  const weft = await loadBuiltWeft();
  const inc = weft.delayed((x: number) => x + 1);
  await weft.compute(Array.from({ length: 1000 }, (_, i) => inc(i))); // start and warm the pool

  const best = { total: 0, compute: 0 };
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    const xs = Array.from({ length: COUNT }, (_, i) => inc(i));
    const built = performance.now();
    const [results] = await weft.compute(xs);
    const done = performance.now();
    if (results[COUNT - 1] !== COUNT) throw new Error("wrong result");
    best.total = Math.max(best.total, COUNT / ((done - started) / 1000));
    best.compute = Math.max(best.compute, COUNT / ((done - built) / 1000));
  }
  await weft.shutdown();

  const dask = runDask("flat", COUNT);
  const rows: Measurement[] = [
    {
      name: "raw piscina, run() per task",
      value: piscinaRate,
      unit: "tasks/s",
      higherIsBetter: true,
    },
    {
      name: "weft delayed: build + compute",
      value: best.total,
      unit: "tasks/s",
      higherIsBetter: true,
      note: "goal ≥ 2× piscina",
    },
    {
      name: "weft delayed: compute only",
      value: best.compute,
      unit: "tasks/s",
      higherIsBetter: true,
    },
  ];
  if (dask !== undefined) {
    rows.push({
      name: "Dask delayed, threaded scheduler",
      value: dask.tasks / dask.seconds,
      unit: "tasks/s",
      higherIsBetter: true,
    });
  }
  printTable(
    `${COUNT.toLocaleString("en-US")} trivial delayed calls, flat graph`,
    rows,
    "raw piscina, run() per task",
  );
  if (dask !== undefined) {
    console.log(
      `weft build + compute vs Dask threaded: ${(best.total / (dask.tasks / dask.seconds)).toFixed(1)}×`,
    );
  }
}

void main();
