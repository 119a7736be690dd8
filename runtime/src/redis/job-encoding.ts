/**
 * What a task becomes on its way through BullMQ, and what its outcome becomes on its way back.
 * Job data is JSON (BullMQ's format), so arguments travel as a base64 v8 serialization: the
 * same structured-clone rules as the local cluster's worker threads. Outcomes are stored in
 * Redis as v8 buffers under the task's result key.
 */
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { deserialize, serialize } from "node:v8";
import { ErrorCode, WeftError } from "../errors";
import type { WeftEvent } from "../protocol/events";
import type { RemoteError, RunnableTask } from "../scheduler/executor";
import type { MethodFnRef, SourceFnRef, WorkerFnRef } from "../shipping/fn-ref";
import { moduleFingerprint, projectPath } from "./code-fingerprint";

/** Bumped when the job layout changes; part of the version handshake. */
export const JOB_FORMAT = 2;

/** A module function named by its place in the project, so every worker finds its own copy. */
export interface ProjectFnRef {
  readonly kind: "project";
  /** Path under the project root, with forward slashes. */
  readonly path: string;
  /** The URL's query (`?weft-task-view=1` for a `weft run` program's own functions). */
  readonly query: string;
  readonly name: string;
  /** The module's fingerprint on the client: it and the project files it imports. */
  readonly sha: string;
}

/** A module function at a URL that is not a file (data:, https:): the same URL everywhere. */
export interface UrlFnRef {
  readonly kind: "module";
  readonly url: string;
  readonly name: string;
}

export type JobFnRef = ProjectFnRef | UrlFnRef | SourceFnRef | MethodFnRef;

export interface TaskJob {
  readonly format: typeof JOB_FORMAT;
  /** The client's Weft version; a worker with another refuses the job. */
  readonly weft: string;
  /** The client that owns the result key. */
  readonly client: string;
  readonly key: string;
  readonly fn: JobFnRef;
  /** base64 of v8.serialize(args). */
  readonly args: string;
  readonly timeout?: number;
  /** ms the outcome stays in Redis if the client never deletes it. */
  readonly resultTtl?: number;
}

/** A task's outcome as a worker stores it. */
export type TaskOutcomeRecord =
  | {
      readonly ok: true;
      readonly value: unknown;
      readonly worker: number;
      readonly start: number;
      readonly stop: number;
      readonly seceded?: number;
    }
  | {
      readonly ok: false;
      readonly error: RemoteError;
      readonly worker: number;
      readonly start: number;
      readonly stop: number;
      readonly seceded?: number;
    };

function jobFnRef(fn: WorkerFnRef, root: string): JobFnRef {
  if (fn.kind !== "module") return fn;
  const url = new URL(fn.url);
  if (url.protocol !== "file:") return { kind: "module", url: fn.url, name: fn.name };
  // The query (a task view) is not part of the file's path.
  const path = fileURLToPath(url);
  const sha = moduleFingerprint(path)?.sha;
  if (sha === undefined) {
    throw new WeftError(ErrorCode.BadArgument, `cannot read ${path}, the module of ${fn.name}.`);
  }
  return { kind: "project", path: projectPath(root, path), query: url.search, name: fn.name, sha };
}

export function encodeTask(
  task: RunnableTask,
  context: {
    readonly client: string;
    readonly version: string;
    readonly root: string;
    readonly resultTtl: number;
  },
): TaskJob {
  let args: string;
  try {
    args = serialize(task.args).toString("base64");
  } catch (error) {
    throw new WeftError(
      ErrorCode.NotCloneable,
      `task ${task.key}: its arguments cannot be sent to a Redis worker ` +
        `(${(error as Error).message}). Pass plain data.`,
    );
  }
  return {
    format: JOB_FORMAT,
    weft: context.version,
    client: context.client,
    key: task.key,
    fn: jobFnRef(task.fn, context.root),
    args,
    ...(task.timeout === undefined ? {} : { timeout: task.timeout }),
    resultTtl: context.resultTtl,
  };
}

export function decodeArgs(job: TaskJob): unknown[] {
  return deserialize(Buffer.from(job.args, "base64")) as unknown[];
}

/** The file a project reference names on this worker. */
export function projectFile(ref: ProjectFnRef, root: string): string {
  return join(root, ...ref.path.split("/"));
}

/** The worker-thread reference for a job's function, under this worker's project root. */
export function workerFnRef(ref: JobFnRef, root: string): WorkerFnRef {
  if (ref.kind !== "project") return ref;
  const url = pathToFileURL(projectFile(ref, root)).href + ref.query;
  return { kind: "module", url, name: ref.name };
}

export function encodeOutcome(outcome: TaskOutcomeRecord): Buffer {
  return serialize(outcome);
}

export function decodeOutcome(buffer: Buffer): TaskOutcomeRecord {
  return deserialize(buffer) as TaskOutcomeRecord;
}

/** Outcomes up to this size travel inside the done notice too, saving the client a read. */
const INLINE_OUTCOME_BYTES = 64 * 1024;

/** The done notice: the job id, then (for a small outcome) a zero byte and the outcome. */
export function encodeDoneNotice(jobId: string, outcome: Buffer): Buffer {
  const id = Buffer.from(jobId);
  if (outcome.length > INLINE_OUTCOME_BYTES) return id;
  return Buffer.concat([id, Buffer.of(0), outcome]);
}

export function decodeDoneNotice(message: Buffer): { jobId: string; outcome?: Buffer } {
  const split = message.indexOf(0);
  if (split < 0) return { jobId: message.toString() };
  return { jobId: message.subarray(0, split).toString(), outcome: message.subarray(split + 1) };
}

/** An event of the tasks that task `parent` submitted on its worker, for the parent's client. */
export interface ChildEventNotice {
  readonly parent: string;
  readonly event: WeftEvent;
}

export function encodeChildEvent(notice: ChildEventNotice): string {
  return JSON.stringify(notice);
}

export function decodeChildEvent(message: Buffer): ChildEventNotice {
  return JSON.parse(message.toString()) as ChildEventNotice;
}
