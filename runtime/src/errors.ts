/**
 * Every error Weft raises is a WeftError with a stable code, so the CLI, the dashboard and
 * tests can branch on `code` instead of parsing messages.
 */
export const ErrorCode = {
  NotCloneable: "E_NOT_CLONEABLE",
  CapturedVariable: "E_CAPTURED_VARIABLE",
  Cycle: "E_CYCLE",
  MissingKey: "E_MISSING_KEY",
  WorkerDied: "E_WORKER_DIED",
  Timeout: "E_TIMEOUT",
  Cancelled: "E_CANCELLED",
  TaskFailed: "E_TASK_FAILED",
  BadArgument: "E_BAD_ARGUMENT",
  ClientClosed: "E_CLIENT_CLOSED",
  ConnectionLost: "E_CONNECTION_LOST",
  Unauthorized: "E_UNAUTHORIZED",
  VersionMismatch: "E_VERSION_MISMATCH",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class WeftError extends Error {
  override readonly name: string = "WeftError";
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A task's own exception, re-raised in the program with the remote name, message and stack. */
export class TaskError extends WeftError {
  override readonly name: string = "TaskError";
  readonly key: string;
  readonly remoteName: string;
  readonly remoteMessage: string;
  readonly remoteStack: string;

  constructor(key: string, remote: { name: string; message: string; stack: string }) {
    super(ErrorCode.TaskFailed, `Task ${key} failed: ${remote.name}: ${remote.message}`);
    this.key = key;
    this.remoteName = remote.name;
    this.remoteMessage = remote.message;
    this.remoteStack = remote.stack;
    // The remote stack is what the user needs to see; keep ours below it for context.
    this.stack = `${this.name}: ${this.message}\n--- remote stack (task ${key}) ---\n${remote.stack}`;
  }
}

export function isWeftError(value: unknown): value is WeftError {
  return value instanceof WeftError;
}
