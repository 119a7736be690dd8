/**
 * Connections to Redis. They reconnect by themselves (a restarted Redis is found again within
 * a second) and queue commands meanwhile, which is what BullMQ needs. A client's connections
 * are unreferenced while it has nothing in flight, so a finished program exits as it does on
 * the local cluster.
 */
import { Redis } from "ioredis";
import { checkRedisUrl } from "./redis-connection-url";

export function connectRedis(url: string, name: string): Redis {
  const redis = new Redis(checkRedisUrl(url), {
    // BullMQ requires this: commands wait for the connection to come back instead of failing.
    maxRetriesPerRequest: null,
    connectionName: name,
    retryStrategy: (attempt) => Math.min(50 * attempt, 500),
    lazyConnect: false,
  });
  // Errors while Redis is away are expected; the connection retries on its own.
  redis.on("error", () => undefined);
  return redis;
}

/** Keeps the process alive for a connection, or lets it exit; applied again on reconnect. */
export class ConnectionRefs {
  private keep = false;
  private readonly connections: Redis[] = [];

  add(redis: Redis): void {
    this.connections.push(redis);
    redis.on("connect", () => this.apply(redis));
    // While Redis is away the connection retries on a timer; with nothing in flight, that timer
    // must not keep a finished program alive either.
    redis.on("reconnecting", () => this.apply(redis));
    this.apply(redis);
  }

  set(keep: boolean): void {
    if (keep === this.keep) return;
    this.keep = keep;
    for (const redis of this.connections) this.apply(redis);
  }

  private apply(redis: Redis): void {
    type Handle = { ref(): void; unref(): void } | null | undefined;
    const inner = redis as unknown as { stream?: Handle; reconnectTimeout?: Handle };
    for (const handle of [inner.stream, inner.reconnectTimeout]) {
      if (handle === null || handle === undefined) continue;
      if (this.keep) handle.ref();
      else handle.unref();
    }
  }
}
