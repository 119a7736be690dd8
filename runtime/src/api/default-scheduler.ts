/**
 * The embedded default, like `Client()` in Dask: one scheduler with a local cluster, made on
 * first use. Its worker threads start with the first task that needs them.
 */
import type { HostedCluster } from "../cluster/hosted-cluster";
import { LocalCluster, type LocalClusterOptions } from "../cluster/local-cluster";
import { redisFromEnv } from "../redis/redis-host";
import type { EventListener } from "../scheduler/event-recorder";
import { Scheduler } from "../scheduler/scheduler";

interface Runtime {
  readonly cluster: HostedCluster;
  readonly scheduler: Scheduler;
}

let current: Runtime | undefined;
let options: LocalClusterOptions = {};
const listeners = new Set<EventListener>();

function runtime(): Runtime {
  if (current === undefined) {
    // WEFT_REDIS sends the tasks to `weft worker` processes; the scheduler stays here.
    const cluster = redisFromEnv() ?? new LocalCluster(options);
    const scheduler = new Scheduler(cluster);
    for (const listener of listeners) scheduler.subscribe(listener);
    current = { cluster, scheduler };
  }
  return current;
}

export function defaultScheduler(): Scheduler {
  return runtime().scheduler;
}

export function defaultCluster(): HostedCluster {
  return runtime().cluster;
}

/** Sets the default cluster's options; takes effect for the next cluster made (see `shutdown`). */
export function configure(next: LocalClusterOptions): void {
  options = { ...next };
}

/** Subscribes to the default scheduler's event stream; returns the unsubscribe function. */
export function subscribeEvents(listener: EventListener): () => void {
  listeners.add(listener);
  const unsubscribe = current?.scheduler.subscribe(listener);
  return () => {
    listeners.delete(listener);
    unsubscribe?.();
  };
}

/**
 * Cancels unfinished tasks (their computes reject with E_CANCELLED), stops the default cluster's
 * workers and forgets its results; the next compute starts afresh. (The library's `shutdown`
 * also lets go of a cluster process, see graph-scheduler.ts.)
 */
export async function shutdownDefault(): Promise<void> {
  const closing = current;
  current = undefined;
  closing?.scheduler.cancelAll();
  await closing?.cluster.close();
}
