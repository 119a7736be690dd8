/**
 * How a Client reaches its scheduler: directly in this thread (local-link.ts), or by messages
 * over a socket or a task's MessagePort (remote-link.ts). The client sees one interface.
 */
import type { HostedCluster } from "../cluster/hosted-cluster";
import type { WeftError } from "../errors";
import type { TaskSpec } from "../graph/task-spec";
import type { TaskOutcome } from "../scheduler/task-record";
import type { ParentTask, WorkersStatus } from "../wire/messages";

export interface LinkHandlers {
  /** A held key ended (or failed to be added). */
  outcome(key: string, outcome: TaskOutcome): void;
  /** The scheduler can no longer be reached, or refused this client. */
  lost(error: WeftError): void;
}

export interface SchedulerLink {
  /** The number of workers, and whether a change of it is under way. */
  workers(): { readonly count: number; readonly status: WorkersStatus };
  /** The in-process cluster, when the scheduler runs in this thread. */
  readonly localCluster: HostedCluster | undefined;
  /** Adds tasks and holds `wanted`; outcomes arrive through the handlers. */
  update(
    tasks: readonly TaskSpec[],
    wanted: readonly string[],
    priority: number | undefined,
    parent: ParentTask | undefined,
  ): void;
  release(keys: readonly string[]): void;
  cancel(keys: readonly string[]): void;
  request(op: string, args: unknown[]): Promise<unknown>;
  /** Whether the connection should keep the process alive (work is pending). */
  keepAlive(keep: boolean): void;
  close(): Promise<void>;
}
