/**
 * 64 tasks of about 20 ms of CPU each, spread over `weft worker` processes through Redis,
 * against the same function called sequentially in this thread and Weft's local cluster, all
 * measured in this run.
 */
import { availableParallelism } from "node:os";
import { loadBuiltWeft, type Weft } from "./load-weft";
import { startRedisWorkers } from "./redis-cluster";
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

async function bestOf3(client: InstanceType<Weft["Client"]>): Promise<number> {
  const impure = client.with({ pure: false });
  await client.gather(impure.map(burn, [1, 1, 1, 1])); // start the threads
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    await client.gather(
      impure.map(
        burn,
        Array.from({ length: TASKS }, () => TASK_MS),
      ),
    );
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

async function main(): Promise<void> {
  const cores = availableParallelism();
  const redis = await startRedisWorkers(cores, 1);
  if (redis === undefined) return;
  const started = performance.now();
  for (let i = 0; i < TASKS; i++) burn(TASK_MS);
  const sequentialMs = performance.now() - started;

  const weft = await loadBuiltWeft();
  const cluster = new weft.LocalCluster({ workers: cores });
  const local = new weft.Client({ cluster });
  const remote = new weft.Client({ redis: { url: redis.url, root: redis.root } });
  const localMs = await bestOf3(local);
  const remoteMs = await bestOf3(remote);

  const rows: Measurement[] = [
    { name: "sequential, one thread", value: sequentialMs, unit: "ms", higherIsBetter: false },
    {
      name: `Redis, ${cores} weft worker processes × 1 thread`,
      value: remoteMs,
      unit: "ms",
      higherIsBetter: false,
      note: `ideal ${cores}×`,
    },
    {
      name: `local cluster, ${cores} threads`,
      value: localMs,
      unit: "ms",
      higherIsBetter: false,
    },
  ];
  printTable(
    `${TASKS} tasks of ~${TASK_MS} ms CPU over worker processes`,
    rows,
    "sequential, one thread",
  );
  await local.close();
  await remote.close();
  await cluster.close();
  await redis.stop();
  process.exit(0);
}

void main();
