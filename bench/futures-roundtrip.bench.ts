/**
 * submit → result round trip of one trivial task, p50 over 2,000 sequential trips: Weft's
 * in-process cluster and a separate cluster process (loopback TCP), against raw piscina's
 * run() and Dask distributed's LocalCluster (300 trips), all measured in this run.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import { runtimeDist } from "../test/support/paths";
import { startCluster } from "./futures-cluster";
import { loadBuiltWeft, type Weft } from "./load-weft";
import { runDaskFutures } from "./peers/dask-futures";
import { percentile, printTable, type Measurement } from "./table";

const TRIPS = 2_000;

async function piscinaP50(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "weft-bench-"));
  const module = join(dir, "inc.mjs");
  writeFileSync(module, "export const inc = (x) => x + 1;\n");
  const url = pathToFileURL(module).href;
  const pool = new Piscina({
    filename: join(runtimeDist, "worker.mjs"),
    minThreads: 2,
    maxThreads: 2,
  });
  for (let i = 0; i < 500; i++) await pool.run({ url, exportName: "inc", args: [i] });
  const trips: number[] = [];
  for (let i = 0; i < TRIPS; i++) {
    const started = performance.now();
    await pool.run({ url, exportName: "inc", args: [i] });
    trips.push((performance.now() - started) * 1000);
  }
  await pool.destroy();
  return percentile(trips, 50);
}

async function weftP50(client: InstanceType<Weft["Client"]>): Promise<number> {
  const inc = (x: number): number => x + 1;
  const impure = client.with({ pure: false });
  for (let i = 0; i < 500; i++) await impure.submit(inc, i).result();
  const trips: number[] = [];
  for (let i = 0; i < TRIPS; i++) {
    const started = performance.now();
    const future = impure.submit(inc, i);
    await future.result();
    trips.push((performance.now() - started) * 1000);
    future.release();
  }
  return percentile(trips, 50);
}

async function main(): Promise<void> {
  const piscina = await piscinaP50();
  const weft = await loadBuiltWeft();
  weft.configure({ workers: 2 });
  const local = new weft.Client();
  const inProcess = await weftP50(local);
  await local.close();
  await weft.shutdown();

  const cluster = await startCluster(2);
  const remote = new weft.Client({ address: cluster.address });
  const viaProcess = await weftP50(remote);
  await remote.close();
  await cluster.stop();

  const dask = runDaskFutures<{ p50_us: number }>("roundtrip", 300);
  const rows: Measurement[] = [
    { name: "raw piscina run()", value: piscina, unit: "µs", higherIsBetter: false },
    {
      name: "weft submit → result, in-process",
      value: inProcess,
      unit: "µs",
      higherIsBetter: false,
      note: "goal within 1.5× piscina",
    },
    {
      name: "weft submit → result, cluster process",
      value: viaProcess,
      unit: "µs",
      higherIsBetter: false,
      note: "goal < 250 µs",
    },
  ];
  if (dask !== undefined) {
    rows.push({
      name: "Dask distributed submit → result",
      value: dask.p50_us,
      unit: "µs",
      higherIsBetter: false,
      note: "300 trips",
    });
  }
  printTable("submit → result round trip, p50", rows, "raw piscina run()");
}

void main();
