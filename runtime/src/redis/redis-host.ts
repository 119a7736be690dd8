/**
 * The host behind `new Client({ redis })`: a scheduler in this process whose tasks run on the
 * Redis workers, one per Redis address and queue.
 */
import { Scheduler } from "../scheduler/scheduler";
import { ClusterHost } from "../service/cluster-host";
import { LazyRedisCluster } from "./lazy-redis-cluster";
import type { RedisClusterOptions } from "./redis-cluster";

const hosts = new Map<string, ClusterHost>();

export function redisOptions(redis: string | RedisClusterOptions): RedisClusterOptions {
  return typeof redis === "string" ? { url: redis } : redis;
}

export function redisHost(redis: string | RedisClusterOptions): ClusterHost {
  const options = redisOptions(redis);
  const id = `${options.url}|${options.queue ?? ""}|${options.prefix ?? ""}`;
  let host = hosts.get(id);
  if (host === undefined) {
    const cluster = new LazyRedisCluster(options);
    host = new ClusterHost(new Scheduler(cluster), cluster);
    hosts.set(id, host);
  }
  return host;
}

/**
 * Closes every Redis host of this process and its connections (the library's `shutdown`): a
 * connection left open would try to reconnect, and keep the process alive, once Redis goes.
 */
export async function closeRedisHosts(): Promise<void> {
  const closing = [...hosts.values()];
  hosts.clear();
  await Promise.all(closing.map((host) => host.close()));
}

/** The Redis the default scheduler uses, from WEFT_REDIS, if set. */
export function redisFromEnv(): LazyRedisCluster | undefined {
  const url = process.env["WEFT_REDIS"];
  return url === undefined || url === "" ? undefined : new LazyRedisCluster({ url });
}
