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
export { configure, shutdown, subscribeEvents } from "./api/default-scheduler";

export { Scheduler } from "./scheduler/scheduler";
export type { GraphUpdate } from "./scheduler/scheduler";
export type { Executor, RunnableTask, TaskReport, RemoteError } from "./scheduler/executor";
export { LocalCluster } from "./cluster/local-cluster";
export type { LocalClusterOptions } from "./cluster/local-cluster";
