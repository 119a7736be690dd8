/**
 * What a ClusterHost needs of the thing that runs its scheduler's tasks: the local cluster of
 * worker threads, or the BullMQ workers of redis/redis-cluster.ts.
 */
import type { MessagePort } from "node:worker_threads";
import type { Executor } from "../scheduler/executor";
import type { WorkersControl } from "./local-cluster";

export interface HostedCluster extends Executor {
  /** Called with the port of each client a task opens with `getClient()`. */
  onWorkerClient(accept: (port: MessagePort) => void): void;
  readonly workers: WorkersControl;
  scale(count: number): void;
  /** The key of task `index` of message `batch`, while it runs (for tasks from tasks). */
  keyOfTask(batch: number, index: number): string | undefined;
  /**
   * The run that tasks submitted by task `index` of message `batch` are reported under, when
   * the cluster decides it (a Redis worker reports them to the parent's program).
   */
  runOfTask?(batch: number, index: number): string | undefined;
  close(): Promise<void>;
}
