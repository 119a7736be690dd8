/**
 * `weft`: Dask-style custom parallelism for TypeScript.
 * The public entry of the runtime library; everything a program imports comes from here.
 */
export { version } from "./version";
export { WeftError, TaskError, ErrorCode, isWeftError } from "./errors";
export * from "./protocol/events";

export { delayed, Delayed, isDelayed } from "./graph/delayed";
export type { DelayedFunction, DelayedTupleFunction, GraphNode } from "./graph/delayed";
export type {
  Computed,
  DelayedArg,
  DelayedArgs,
  DelayedOptions,
  DelayedTuple,
} from "./graph/delayed-types";
export { ref, Ref } from "./graph/key-ref";
export { task, isRawTask } from "./graph/raw-graph";
export type { RawArg, RawGraph, RawTask } from "./graph/raw-graph";
export { tokenize } from "./graph/tokenize";
export { transfer } from "./shipping/transfer";
export { moduleRef as moduleFunction } from "./shipping/resolve-function";

export { compute, persist, get } from "./api/compute";
export { visualize } from "./api/visualize";
export type { VisualizeOptions } from "./api/visualize";
export { configure, subscribeEvents } from "./api/default-scheduler";
export { shutdown } from "./api/graph-scheduler";

export { Scheduler } from "./scheduler/scheduler";
export type { GraphUpdate } from "./scheduler/scheduler";
export type { Executor, RunnableTask, TaskReport, RemoteError } from "./scheduler/executor";
export { LocalCluster } from "./cluster/local-cluster";
export type { LocalClusterOptions } from "./cluster/local-cluster";

export { Client, ClientView } from "./client/client";
export type { ClientOptions, ClusterControl, GatherOptions } from "./client/client";
export { Future, isFuture } from "./client/future";
export type { FutureStatus } from "./client/future-state";
export type {
  FutureArg,
  FutureArgs,
  FutureIterables,
  Gathered,
  TaskOptions,
} from "./client/future-types";
export { asCompleted, AsCompleted } from "./client/as-completed";
export type { AsCompletedOptions } from "./client/as-completed";
export { wait } from "./client/wait";
export type { ReturnWhen, WaitOptions, WaitResult } from "./client/wait";
export { fireAndForget } from "./client/fire-and-forget";
export { getClient, secede, rejoin } from "./client/task-client";
export { Lock, Semaphore, Queue, Variable, Event } from "./client/primitives";
export { watchCluster } from "./client/watch-cluster";
export type { ClusterWatch } from "./client/watch-cluster";
export { clusterStatus, shutdownCluster } from "./cluster-process/control";
export type { ClusterStatus, WorkersStatus } from "./wire/messages";
export type { WorkersControl } from "./cluster/local-cluster";
export { parseAddress, formatAddress } from "./wire/address";
export type { ClusterAddress } from "./wire/address";
