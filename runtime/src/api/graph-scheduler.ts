/**
 * Where `compute`, `persist`, `get` and `visualize` send graphs: the cluster process that
 * `WEFT_SCHEDULER` names (as `weft run --scheduler` and the VS Code extension set it), else the
 * embedded scheduler.
 */
import { RemoteGraphScheduler } from "../client/remote-graph-scheduler";
import { closeRedisHosts } from "../redis/redis-host";
import type { TaskState } from "../protocol/events";
import type { GraphUpdate } from "../scheduler/scheduler";
import type { OutcomeWatcher } from "../scheduler/task-record";
import { defaultScheduler, shutdownDefault } from "./default-scheduler";

export interface GraphScheduler {
  updateGraph(update: GraphUpdate, watch?: OutcomeWatcher): void;
  release(holder: string, keys: readonly string[]): void;
  has(key: string): boolean;
  stateOf(key: string): TaskState | undefined;
}

let remote: RemoteGraphScheduler | undefined;

export function graphScheduler(): GraphScheduler {
  const address = process.env["WEFT_SCHEDULER"];
  if (address === undefined || address === "") return defaultScheduler();
  if (remote?.address !== address) {
    void remote?.close();
    remote = new RemoteGraphScheduler(address);
  }
  return remote;
}

/**
 * Cancels unfinished tasks (their computes reject with E_CANCELLED), stops the default cluster's
 * workers and forgets its results, disconnects from the cluster process `WEFT_SCHEDULER` names
 * (which then lets go of this program's results) and from Redis; the next compute starts afresh.
 */
export async function shutdown(): Promise<void> {
  const closing = remote;
  remote = undefined;
  await Promise.all([shutdownDefault(), closing?.close(), closeRedisHosts()]);
}
