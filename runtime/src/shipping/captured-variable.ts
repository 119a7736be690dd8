import { ErrorCode, WeftError } from "../errors";

/** E_CAPTURED_VARIABLE: the function, the variable, and how to fix it. */
export function capturedVariableError(functionLabel: string, variable: string): WeftError {
  return new WeftError(
    ErrorCode.CapturedVariable,
    capturedVariableMessage(functionLabel, variable),
  );
}

export function capturedVariableMessage(functionLabel: string, variable: string): string {
  return (
    `function ${functionLabel} uses '${variable}' from an enclosing scope, so it cannot run on a ` +
    `worker thread. Pass '${variable}' as an argument, or move ${functionLabel} to the top level ` +
    `of a module (a program run with 'weft run', or a module it imports).`
  );
}
