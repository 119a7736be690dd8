/**
 * client.map of 50,000 trivial tasks (x => x + 1) then gather: Weft's in-process cluster and a
 * separate `weft cluster start` process (over loopback TCP), against raw piscina (one run() per
 * task) and Dask distributed's LocalCluster, all with 2 workers and measured in this run.
 * Weft: best of 3 rounds, submitting included. Dask: 20,000 tasks (its rate does not depend on
 * the count at this size; 50,000 would take about a minute).
 */
import { startCluster } from "./futures-cluster";
import { loadBuiltWeft, type Weft } from "./load-weft";
import { runDaskFutures } from "./peers/dask-futures";
import { rawPiscina } from "./raw-piscina";
import { printTable, type Measurement } from "./table";

const COUNT = 50_000;
const DASK_COUNT = 20_000;
const WORKERS = 2;

async function rawPiscinaRate(): Promise<number> {
  const pool = rawPiscina(WORKERS);
  const run = (x: number) => pool.run(x);
  await Promise.all(Array.from({ length: 1000 }, (_, i) => run(i)));
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    await Promise.all(Array.from({ length: COUNT }, (_, i) => run(i)));
    best = Math.max(best, COUNT / ((performance.now() - started) / 1000));
  }
  await pool.close();
  return best;
}

async function weftMap(weft: Weft, client: InstanceType<Weft["Client"]>): Promise<number> {
  const inc = (x: number): number => x + 1;
  const items = Array.from({ length: COUNT }, (_, i) => i);
  await client.gather(client.with({ pure: false }).map(inc, items.slice(0, 2000))); // warm up
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    // pure (the default): each round's keys differ, so each round computes.
    const futures = client.map(
      inc,
      items.map((i) => i + round * COUNT),
    );
    const results = await client.gather(futures);
    const seconds = (performance.now() - started) / 1000;
    if (results[COUNT - 1] !== COUNT + round * COUNT) throw new Error("wrong result");
    for (const future of futures) future.release();
    best = Math.max(best, COUNT / seconds);
  }
  void weft;
  return best;
}

async function main(): Promise<void> {
  const piscinaRate = await rawPiscinaRate();
  const weft = await loadBuiltWeft();

  weft.configure({ workers: WORKERS });
  const local = new weft.Client();
  const inProcess = await weftMap(weft, local);
  await local.close();
  await weft.shutdown();

  const cluster = await startCluster(WORKERS);
  const remote = new weft.Client({ address: cluster.address });
  const viaProcess = await weftMap(weft, remote);
  await remote.close();
  await cluster.stop();

  const dask = runDaskFutures<{ tasks: number; seconds: number }>("map", DASK_COUNT);
  const daskRate = dask === undefined ? undefined : dask.tasks / dask.seconds;
  const rows: Measurement[] = [
    {
      name: "raw piscina, run() per task",
      value: piscinaRate,
      unit: "tasks/s",
      higherIsBetter: true,
    },
    {
      name: "weft client.map, in-process cluster",
      value: inProcess,
      unit: "tasks/s",
      higherIsBetter: true,
      note: "goal ≥ 2× piscina, ≥ 100× Dask",
    },
    {
      name: "weft client.map, cluster process (TCP)",
      value: viaProcess,
      unit: "tasks/s",
      higherIsBetter: true,
      note: "goal ≥ 50× Dask",
    },
  ];
  if (daskRate !== undefined) {
    rows.push({
      name: "Dask distributed LocalCluster",
      value: daskRate,
      unit: "tasks/s",
      higherIsBetter: true,
      note: `${DASK_COUNT.toLocaleString("en-US")} tasks, 2 processes × 1 thread`,
    });
  }
  printTable(
    `client.map of ${COUNT.toLocaleString("en-US")} trivial tasks + gather, ${WORKERS} workers`,
    rows,
    "raw piscina, run() per task",
  );
  if (daskRate !== undefined) {
    console.log(
      `vs Dask distributed: in-process ${(inProcess / daskRate).toFixed(0)}×, ` +
        `cluster process ${(viaProcess / daskRate).toFixed(0)}×`,
    );
  }
}

void main();
