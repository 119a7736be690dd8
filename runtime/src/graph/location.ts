/**
 * The source location of the user's call that made a task, for the dashboard's "open the line".
 * Reads V8's structured call sites, skipping frames inside the runtime itself.
 */
import type { SourceLocation } from "../protocol/events";

interface CallSite {
  getFileName(): string | null;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
}

type StackHook = (error: Error, stack: CallSite[]) => unknown;

/** The first frame above `below` (a runtime function), if V8 can tell. */
export function callerLocation(below: (...args: never[]) => unknown): SourceLocation | undefined {
  const errorClass = Error as unknown as { prepareStackTrace?: StackHook; stackTraceLimit: number };
  const previousHook = errorClass.prepareStackTrace;
  const previousLimit = errorClass.stackTraceLimit;
  errorClass.prepareStackTrace = (_error, stack) => stack;
  errorClass.stackTraceLimit = 1;
  const holder: { stack?: CallSite[] } = {};
  try {
    Error.captureStackTrace(holder, below);
    const site = holder.stack?.[0];
    const file = site?.getFileName();
    if (site === undefined || file == null) return undefined;
    return {
      file: withoutQuery(file),
      line: site.getLineNumber() ?? 0,
      column: site.getColumnNumber() ?? 0,
    };
  } finally {
    errorClass.prepareStackTrace = previousHook;
    errorClass.stackTraceLimit = previousLimit;
  }
}

/**
 * A file: URL's query says how the module was loaded (a program's task view on a worker), not
 * where it is; editors open the file without it.
 */
function withoutQuery(file: string): string {
  if (!file.startsWith("file:")) return file;
  const query = file.indexOf("?");
  return query < 0 ? file : file.slice(0, query);
}
