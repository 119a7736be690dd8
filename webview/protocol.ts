/**
 * Messages between the extension and the dashboard webview. The webview knows nothing else of
 * the extension: every exchange is one of these, handled by one `switch` on `type`.
 */
import type { SourceLocation, WeftEvent } from "../runtime/src/protocol/events";

export interface RunInfo {
  readonly runId: string;
  readonly program?: string;
  readonly startedAt: number;
  readonly status: "running" | "done" | "erred" | "cancelled";
}

/** Extension → webview. */
export type ToDashboard =
  | { readonly type: "hello"; readonly version: string }
  /** Live events of any run, in order; batches of a run the app has not seen start it. */
  | { readonly type: "events"; readonly events: readonly WeftEvent[] }
  /** Shows this run (live or opened from a file) on every page. */
  | { readonly type: "select-run"; readonly runId: string }
  /**
   * The lines of an events file (`weft run --events`), the answer to "open-events-file". Each
   * run in it opens as a finished run named after the file; bad lines are listed, not fatal.
   */
  | { readonly type: "events-file"; readonly name: string; readonly lines: readonly string[] };

/** Webview → extension. */
export type FromDashboard =
  | { readonly type: "ready" }
  | { readonly type: "open-source"; readonly location: SourceLocation }
  | { readonly type: "open-events-file" };

const TO_DASHBOARD_TYPES: ReadonlySet<string> = new Set<ToDashboard["type"]>([
  "hello",
  "events",
  "select-run",
  "events-file",
]);

export function isToDashboard(value: unknown): value is ToDashboard {
  return (
    typeof value === "object" &&
    value !== null &&
    "type" in value &&
    typeof value.type === "string" &&
    TO_DASHBOARD_TYPES.has(value.type)
  );
}
