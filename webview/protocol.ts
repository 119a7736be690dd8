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
  | { readonly type: "events"; readonly events: readonly WeftEvent[] }
  | { readonly type: "select-run"; readonly runId: string };

/** Webview → extension. */
export type FromDashboard =
  | { readonly type: "ready" }
  | { readonly type: "open-source"; readonly location: SourceLocation }
  | { readonly type: "open-events-file" };

export function isToDashboard(value: unknown): value is ToDashboard {
  return (
    typeof value === "object" &&
    value !== null &&
    "type" in value &&
    (value.type === "hello" || value.type === "events" || value.type === "select-run")
  );
}
