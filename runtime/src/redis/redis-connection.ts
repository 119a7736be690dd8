/**
 * Connections to Redis. They reconnect by themselves (a restarted Redis is found again within
 * a second) and queue commands meanwhile, which is what BullMQ needs. A client's connections
 * are unreferenced while it has nothing in flight, so a finished program exits as it does on
 * the local cluster.
 */
import type { Redis } from "ioredis";
import { redisDeps } from "./redis-deps";
import { checkRedisUrl } from "./redis-connection-url";

export function connectRedis(url: string, name: string, autoResubscribe = true): Redis {
  const { Redis: Connection } = redisDeps();
  const redis = new Connection(checkRedisUrl(url), {
    // BullMQ requires this: commands wait for the connection to come back instead of failing.
    maxRetriesPerRequest: null,
    connectionName: name,
    retryStrategy: (attempt) => Math.min(50 * attempt, 500),
    lazyConnect: false,
    autoResubscribe,
  });
  // Errors while Redis is away are expected; the connection retries on its own.
  redis.on("error", () => undefined);
  return redis;
}

/**
 * A connection that listens on `channels`. It subscribes only once the connection is ready, and
 * again after every reconnect, then calls `subscribed`. A SUBSCRIBE sent while ioredis is still
 * shaking hands puts the connection in subscriber mode before its ready check, which then fails:
 * the connection drops and comes back without the subscription. Messages published while the
 * connection was away are lost; `subscribed` is where a listener looks for what it missed.
 * `ready` settles with the first subscription.
 */
export function subscribeRedis(
  url: string,
  name: string,
  channels: readonly string[],
  subscribed: () => void = () => undefined,
): { readonly redis: Redis; readonly ready: Promise<void> } {
  const redis = connectRedis(url, name, false);
  let first: (() => void) | undefined;
  const ready = new Promise<void>((resolve) => (first = resolve));
  const subscribe = (): void => {
    redis.subscribe(...channels).then(
      () => {
        first?.();
        first = undefined;
        subscribed();
      },
      // The connection went away meanwhile; its next "ready" subscribes again.
      () => undefined,
    );
  };
  redis.on("ready", subscribe);
  return { redis, ready };
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
