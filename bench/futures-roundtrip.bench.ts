/**
 * submit → result round trip of one trivial task, p50 over 4,000 sequential trips each: Weft's
 * in-process cluster and a separate cluster process (loopback TCP), against raw piscina's
 * run(), in alternating blocks of 200, and Dask distributed's LocalCluster (300 trips), all
 * measured in this run.
 */
import { startCluster } from "./futures-cluster";
import { loadBuiltWeft, type Weft } from "./load-weft";
import { runDaskFutures } from "./peers/dask-futures";
import { rawPiscina } from "./raw-piscina";
import { percentile, printTable, type Measurement } from "./table";

const TRIPS = 4_000;
/**
 * Trips before measuring. The first thousand or so of any way run while V8 still optimises the
 * path (about 55 µs in-process, then 22 µs from the third thousand on); the p50 is a steady state.
 */
const WARM_UP = 4_000;

function weftTrip(client: InstanceType<Weft["Client"]>): (i: number) => Promise<unknown> {
  const inc = (x: number): number => x + 1;
  const impure = client.with({ pure: false });
  return async (i) => {
    const future = impure.submit(inc, i);
    await future.result();
    future.release();
  };
}

/**
 * p50 of each way's trips, measured in alternating blocks so that whatever else the machine
 * does falls on all of them alike.
 */
async function interleaved(
  ways: Record<string, (i: number) => Promise<unknown>>,
): Promise<Record<string, number>> {
  const trips: Record<string, number[]> = {};
  for (const [name, trip] of Object.entries(ways)) {
    trips[name] = [];
    for (let i = 0; i < WARM_UP; i++) await trip(i);
  }
  for (let block = 0; block < TRIPS / 200; block++) {
    for (const [name, trip] of Object.entries(ways)) {
      for (let i = 0; i < 200; i++) {
        const started = performance.now();
        await trip(i);
        trips[name]?.push((performance.now() - started) * 1000);
      }
    }
  }
  return Object.fromEntries(
    Object.entries(trips).map(([name, list]) => [name, percentile(list, 50)]),
  );
}

async function main(): Promise<void> {
  const weft = await loadBuiltWeft();
  weft.configure({ workers: 2 });
  const piscina = rawPiscina(2);
  const local = new weft.Client();
  const cluster = await startCluster(2);
  const remote = new weft.Client({ address: cluster.address });
  const p50 = await interleaved({
    piscina: piscina.run,
    inProcess: weftTrip(local),
    viaProcess: weftTrip(remote),
  });
  await Promise.all([local.close(), remote.close(), piscina.close()]);
  await weft.shutdown();
  await cluster.stop();
  const [piscinaP50, inProcess, viaProcess] = [
    p50["piscina"],
    p50["inProcess"],
    p50["viaProcess"],
  ] as [number, number, number];

  const dask = runDaskFutures<{ p50_us: number }>("roundtrip", 300);
  const rows: Measurement[] = [
    { name: "raw piscina run()", value: piscinaP50, unit: "µs", higherIsBetter: false },
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
