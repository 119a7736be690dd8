/**
 * The client ⇄ scheduler protocol: what a program (or a task, through `getClient()`) says to a
 * scheduler in another thread or process, and what it hears back. Messages are plain data; on
 * a socket each one is a frame (wire/framing.ts), on a MessagePort a structured clone. Futures
 * inside arguments and values travel as `{ [WIRE_REF]: key }` (wire/encode.ts).
 */
import type { SourceLocation, WeftEvent } from "../protocol/events";
import type { RemoteError } from "../scheduler/executor";
import type { TaskOutcome } from "../scheduler/task-record";
import type { FnRef } from "../shipping/fn-ref";

/** Bumped when a message changes shape; a client and a scheduler must agree. */
export const WIRE_VERSION = 1;

export interface WireTask {
  readonly key: string;
  readonly fn: FnRef;
  /** Arguments with futures encoded as wire refs. */
  readonly args: readonly unknown[];
  readonly dependencies: readonly string[];
  readonly hasRefs: boolean;
  readonly location?: SourceLocation;
  readonly retries?: number;
  readonly timeout?: number;
}

/** Where a task that submits tasks runs, so its children join its run. */
export interface ParentTask {
  readonly batch: number;
  readonly index: number;
}

export type ClientMessage =
  | {
      readonly t: "hello";
      readonly token: string;
      readonly version: number;
      /** The program's name, for the run-start event. */
      readonly program?: string;
      /** A task's client: it joins the runs of the tasks that use it instead of opening one. */
      readonly worker?: boolean;
      /** Only watching or controlling the cluster: no run of its own. */
      readonly monitor?: boolean;
    }
  | {
      readonly t: "update";
      readonly tasks: readonly WireTask[];
      readonly wanted: readonly string[];
      readonly priority?: number;
      readonly parent?: ParentTask;
    }
  | { readonly t: "release"; readonly keys: readonly string[] }
  | { readonly t: "cancel"; readonly keys: readonly string[] }
  | { readonly t: "request"; readonly id: number; readonly op: string; readonly args: unknown[] }
  | { readonly t: "watch" };

export type ServerMessage =
  | {
      readonly t: "welcome";
      readonly workers: number;
      readonly runId?: string;
      readonly status: WorkersStatus;
    }
  | { readonly t: "refused"; readonly code: string; readonly message: string }
  | {
      readonly t: "outcomes";
      readonly keys: readonly string[];
      readonly outcomes: readonly TaskOutcome[];
    }
  | {
      readonly t: "reply";
      readonly id: number;
      readonly ok: boolean;
      readonly value?: unknown;
      readonly error?: RemoteError;
    }
  | { readonly t: "event"; readonly event: WeftEvent }
  | { readonly t: "workers"; readonly count: number; readonly status: WorkersStatus };

export type WorkersStatus = "increasing" | "decreasing" | "ready";

/** What `status` answers: enough for `weft cluster status`. */
export interface ClusterStatus {
  readonly pid: number;
  readonly address: string;
  readonly workers: number;
  readonly workersStatus: WorkersStatus;
  readonly runs: readonly { readonly runId: string; readonly program?: string }[];
  readonly tasks: Readonly<Record<string, number>>;
}
