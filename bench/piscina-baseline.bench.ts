/**
 * The peer every runtime benchmark compares with: raw piscina, one `run()` per task, in the
 * same worker entry Weft uses. Throughput of trivial tasks and the p50 round trip.
 */
import { rawPiscina } from "./raw-piscina";
import { percentile, printTable } from "./table";

async function main(): Promise<void> {
  const pool = rawPiscina();
  await Promise.all(Array.from({ length: 1000 }, (_, i) => pool.run(i))); // warm up

  const count = 50_000;
  const started = performance.now();
  await Promise.all(Array.from({ length: count }, (_, i) => pool.run(i)));
  const throughput = count / ((performance.now() - started) / 1000);

  const roundTrips: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    await pool.run(i);
    roundTrips.push((performance.now() - t0) * 1000);
  }
  await pool.close();

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
