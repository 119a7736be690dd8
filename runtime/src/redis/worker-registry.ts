/**
 * Worker processes announce themselves with a heartbeat: a key that expires unless renewed,
 * listed in a set. Clients read it for the event stream's worker samples and the run's worker
 * count; a worker killed with `kill -9` drops out when its key expires.
 */
import type { Redis } from "ioredis";
import type { WorkerSample } from "../protocol/events";
import type { RedisKeys } from "./redis-keys";

export const BEAT_INTERVAL_MS = 1000;

export interface WorkerBeat {
  readonly name: string;
  /** Unique per queue; worker ids in the event stream are number × 1000 + thread. */
  readonly number: number;
  readonly version: string;
  readonly host: string;
  readonly pid: number;
  readonly threads: number;
  /** Keys running now (a few), and the fraction of thread time busy since the last beat. */
  readonly running: readonly string[];
  readonly utilization: number;
}

export async function beat(redis: Redis, keys: RedisKeys, worker: WorkerBeat): Promise<void> {
  await redis
    .multi()
    .set(keys.worker(worker.name), JSON.stringify(worker), "PX", BEAT_INTERVAL_MS * 3)
    .sadd(keys.workers, worker.name)
    .exec();
}

export async function leave(redis: Redis, keys: RedisKeys, name: string): Promise<void> {
  await redis.multi().del(keys.worker(name)).srem(keys.workers, name).exec();
}

/** The live workers; names whose heartbeat expired are dropped from the set. */
export async function liveWorkers(redis: Redis, keys: RedisKeys): Promise<WorkerBeat[]> {
  const names = await redis.smembers(keys.workers);
  if (names.length === 0) return [];
  const values = await redis.mget(names.map((name) => keys.worker(name)));
  const live: WorkerBeat[] = [];
  const gone: string[] = [];
  values.forEach((value, i) => {
    if (value === null) gone.push(names[i] as string);
    else live.push(JSON.parse(value) as WorkerBeat);
  });
  if (gone.length > 0) await redis.srem(keys.workers, ...gone);
  return live;
}

export function samplesOf(workers: readonly WorkerBeat[]): WorkerSample[] {
  return workers.map((worker) => ({
    id: worker.number * 1000,
    state: worker.running.length > 0 ? "busy" : "idle",
    running: worker.running,
    utilization: worker.utilization,
  }));
}
