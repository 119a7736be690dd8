/**
 * A task's exception, made cloneable for the trip back. A ReferenceError from a function shipped
 * by source means it used a variable of the scope it was written in: say so, and how to fix it.
 */
import type { RemoteError } from "../scheduler/executor";
import type { WorkerFnRef } from "../shipping/fn-ref";
import { capturedVariableMessage } from "../shipping/captured-variable";

export function toRemoteError(error: unknown, ref: WorkerFnRef | undefined): RemoteError {
  if (!(error instanceof Error)) {
    return { name: "Error", message: String(error), stack: `thrown value: ${String(error)}` };
  }
  const stack = error.stack ?? `${error.name}: ${error.message}`;
  const code = (error as { code?: unknown }).code;
  if (ref?.kind === "source" && error instanceof ReferenceError) {
    const variable = /^(\S+) is not defined/.exec(error.message)?.[1];
    if (variable !== undefined) {
      return {
        name: "WeftError",
        message: capturedVariableMessage(ref.name, variable),
        stack,
        code: "E_CAPTURED_VARIABLE",
      };
    }
  }
  return {
    name: error.name,
    message: error.message,
    stack,
    ...(typeof code === "string" && code.startsWith("E_") ? { code } : {}),
  };
}
