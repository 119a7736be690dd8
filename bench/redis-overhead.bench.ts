/**
 * The cost of a task through Redis: submit → result round trip of one trivial task (p50 and
 * p99 over 500 sequential trips), and throughput of 2,000 trivial tasks submitted at once, on
 * `weft worker` processes through BullMQ against Weft's local cluster with as many threads,
 * both measured in this run.
 */
import { availableParallelism } from "node:os";
import { loadBuiltWeft, type Weft } from "./load-weft";
import { startRedisWorkers } from "./redis-cluster";
import { percentile, printTable, type Measurement } from "./table";

const TRIPS = 500;
const TASKS = 2_000;

type Client = InstanceType<Weft["Client"]>;

async function roundTrips(client: Client): Promise<number[]> {
  const inc = (x: number): number => x + 1;
  const impure = client.with({ pure: false });
  for (let i = 0; i < 50; i++) await impure.submit(inc, i); // warm up
  const times: number[] = [];
  for (let i = 0; i < TRIPS; i++) {
    const t0 = performance.now();
    const future = impure.submit(inc, i);
    await future.result();
    times.push(performance.now() - t0);
    future.release();
  }
  return times;
}

async function throughput(client: Client): Promise<number> {
  const inc = (x: number): number => x + 1;
  const impure = client.with({ pure: false });
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    const futures = impure.map(
      inc,
      Array.from({ length: TASKS }, (_, i) => i),
    );
    await client.gather(futures);
    best = Math.max(best, TASKS / ((performance.now() - t0) / 1000));
    for (const future of futures) future.release();
  }
  return best;
}

async function main(): Promise<void> {
  const threads = availableParallelism();
  const redis = await startRedisWorkers(threads, 1);
  if (redis === undefined) return;
  const weft = await loadBuiltWeft();
  const cluster = new weft.LocalCluster({ workers: threads });
  const local = new weft.Client({ cluster });
  const remote = new weft.Client({ redis: { url: redis.url, root: redis.root } });

  const localTrips = await roundTrips(local);
  const remoteTrips = await roundTrips(remote);
  const localRate = await throughput(local);
  const remoteRate = await throughput(remote);

  const localName = `local cluster, ${threads} threads`;
  const remoteName = `Redis, ${threads} weft worker processes × 1 thread`;
  const trips: Measurement[] = [
    {
      name: `${localName}: p50`,
      value: percentile(localTrips, 50) * 1000,
      unit: "µs",
      higherIsBetter: false,
    },
    {
      name: `${remoteName}: p50`,
      value: percentile(remoteTrips, 50) * 1000,
      unit: "µs",
      higherIsBetter: false,
    },
    {
      name: `${localName}: p99`,
      value: percentile(localTrips, 99) * 1000,
      unit: "µs",
      higherIsBetter: false,
    },
    {
      name: `${remoteName}: p99`,
      value: percentile(remoteTrips, 99) * 1000,
      unit: "µs",
      higherIsBetter: false,
    },
  ];
  printTable(
    `submit → result round trip of one trivial task (${TRIPS} trips)`,
    trips,
    `${localName}: p50`,
  );
  const rates: Measurement[] = [
    { name: localName, value: localRate, unit: "tasks/s", higherIsBetter: true },
    {
      name: remoteName,
      value: remoteRate,
      unit: "tasks/s",
      higherIsBetter: true,
      note: "one BullMQ job per task",
    },
  ];
  printTable(
    `throughput of ${TASKS.toLocaleString("en-US")} trivial tasks submitted at once (best of 3)`,
    rates,
    localName,
  );

  await local.close();
  await remote.close();
  await cluster.close();
  await redis.stop();
  process.exit(0);
}

void main();
