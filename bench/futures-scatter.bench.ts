/**
 * A large table (100,000 plain rows) read by 64 tasks on 2 workers: passed to each task as an
 * argument, scattered once, and scattered with `broadcast: true` (each worker keeps one copy),
 * against Dask distributed's `scatter(broadcast=True)` + `map` on the same table, measured in
 * this run. Best of 3 rounds; scattering is inside the time.
 */
import { loadBuiltWeft, type Weft } from "./load-weft";
import { runDaskFutures } from "./peers/dask-futures";
import { printTable, type Measurement } from "./table";

const ROWS = 100_000;
const TASKS = 64;

interface Row {
  readonly id: number;
  readonly value: number;
}

/** Every TASKS-th row's value, from row `part` on. */
const sumPart = (rows: readonly Row[], part: number): number => {
  let total = 0;
  for (let j = part; j < rows.length; j += 64) total += (rows[j] as Row).value;
  return total;
};

type Way = "argument" | "scatter" | "broadcast";

async function round(client: InstanceType<Weft["Client"]>, way: Way, round: number) {
  // A fresh table each round, so a scatter is never found already on the cluster.
  const rows = Array.from({ length: ROWS }, (_, i): Row => ({ id: i, value: i * 0.5 + round }));
  const parts = Array.from({ length: TASKS }, (_, i) => i);
  const impure = client.with({ pure: false });
  const started = performance.now();
  // scatter([rows]) is one future for the whole table; scatter(rows) would be one per row.
  const scattered =
    way === "argument" ? undefined : client.scatter([rows], { broadcast: way === "broadcast" })[0];
  const table = scattered ?? rows;
  const futures = impure.map(sumPart, Array<typeof table>(TASKS).fill(table), parts);
  const sums = await client.gather(futures);
  const ms = performance.now() - started;
  const expected = rows.reduce((total, row) => total + row.value, 0);
  const total = sums.reduce((a, b) => a + b, 0);
  if (Math.abs(total - expected) > 1e-6 * expected) throw new Error(`${way}: wrong total`);
  for (const future of futures) future.release();
  scattered?.release();
  return ms;
}

async function main(): Promise<void> {
  const weft = await loadBuiltWeft();
  const cluster = new weft.LocalCluster({ workers: 2 });
  const client = new weft.Client({ cluster });
  const best: Record<Way, number> = { argument: Infinity, scatter: Infinity, broadcast: Infinity };
  await round(client, "broadcast", -1); // warm up
  for (let r = 0; r < 3; r++) {
    for (const way of Object.keys(best) as Way[]) {
      best[way] = Math.min(best[way], await round(client, way, r));
    }
  }
  await client.close();
  await cluster.close();

  const dask = runDaskFutures<{ seconds: number }>("scatter", ROWS);
  const rows: Omit<Measurement, "higherIsBetter">[] = [
    { name: "weft: table as an argument of each task", value: best.argument, unit: "ms" },
    { name: "weft: scatter(table), then map", value: best.scatter, unit: "ms" },
    {
      name: "weft: scatter(table, { broadcast: true })",
      value: best.broadcast,
      unit: "ms",
      note: "one copy per worker",
    },
  ];
  if (dask !== undefined) {
    rows.push({
      name: "Dask: scatter(table, broadcast=True), then map",
      value: dask.seconds * 1000,
      unit: "ms",
    });
  }
  printTable(
    `${TASKS} tasks reading one ${ROWS.toLocaleString("en-US")}-row table, 2 workers`,
    rows.map((row) => ({ ...row, higherIsBetter: false })),
    "weft: table as an argument of each task",
  );
}

void main();
