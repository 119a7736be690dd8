/**
 * Where `compute`, `persist`, `get` and `visualize` send graphs: the cluster process that
 * `WEFT_SCHEDULER` names (as `weft run --scheduler` and the VS Code extension set it), else the
 * embedded scheduler.
 */
import { RemoteGraphScheduler } from "../client/remote-graph-scheduler";
import type { TaskState } from "../protocol/events";
import type { GraphUpdate } from "../scheduler/scheduler";
import type { OutcomeWatcher } from "../scheduler/task-record";
import { defaultScheduler } from "./default-scheduler";

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
