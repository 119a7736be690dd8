/**
 * A Redis and `weft worker` processes for the Redis benchmarks: Debian's redis-server on a free
 * port (no persistence), workers from the built CLI. Returns undefined, with a message, where
 * redis-server is not installed.
 */
import { repoRoot } from "../test/support/paths";
import { redisServerPath } from "../test/support/tools";
import { startRedis, startWorker, stopAll } from "../test/redis/redis-harness";

export interface RedisBench {
  readonly url: string;
  readonly root: string;
  stop(): Promise<void>;
}

export async function startRedisWorkers(
  processes: number,
  threads: number,
): Promise<RedisBench | undefined> {
  const server = redisServerPath();
  if (server === undefined) {
    console.log("redis-server not found (apt-get install redis-server): skipped");
    return undefined;
  }
  const redis = await startRedis(server);
  await Promise.all(Array.from({ length: processes }, () => startWorker(redis.url, { threads })));
  return { url: redis.url, root: repoRoot, stop: stopAll };
}
