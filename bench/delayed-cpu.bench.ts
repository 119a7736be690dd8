/**
 * 64 tasks of about 20 ms of CPU each: Weft's delayed on the local cluster against the same
 * function called sequentially in this thread, and Dask's threaded scheduler with 2 threads.
 * Goal: at least 1.9× faster than sequential on 2 cores.
 */
import { availableParallelism } from "node:os";
import { loadBuiltWeft } from "./load-weft";
import { runDask } from "./peers/dask";
import { printTable, type Measurement } from "./table";

const TASKS = 64;
const TASK_MS = 20;

/** About `ms` of CPU: a busy loop checked against the clock. */
function burn(ms: number): number {
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) n++;
  return n;
}

async function main(): Promise<void> {
  const started = performance.now();
  for (let i = 0; i < TASKS; i++) burn(TASK_MS);
  const sequentialMs = performance.now() - started;

  const weft = await loadBuiltWeft();
  const lazyBurn = weft.delayed(burn);
  await weft.compute([lazyBurn(1), lazyBurn(1)]); // start the pool
  let weftMs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    await weft.compute(Array.from({ length: TASKS }, () => lazyBurn(TASK_MS)));
    weftMs = Math.min(weftMs, performance.now() - t0);
  }
  await weft.shutdown();

  const dask = runDask("cpu", TASKS, 1);
  const rows: Measurement[] = [
    { name: "sequential, one thread", value: sequentialMs, unit: "ms", higherIsBetter: false },
    {
      name: `weft delayed, ${availableParallelism()} workers`,
      value: weftMs,
      unit: "ms",
      higherIsBetter: false,
      note: "goal ≥ 1.9× sequential",
    },
  ];
  if (dask !== undefined) {
    rows.push({
      name: "Dask delayed, threaded (2 threads)",
      value: dask.seconds * 1000,
      unit: "ms",
      higherIsBetter: false,
      note: "pure-Python CPU holds the GIL",
    });
  }
  printTable(`${TASKS} tasks of ~${TASK_MS} ms CPU`, rows, "sequential, one thread");
}

void main();
