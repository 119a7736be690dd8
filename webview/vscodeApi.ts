/**
 * The one handle to VS Code's webview API. Outside VS Code (the test harness) the page provides
 * its own `acquireVsCodeApi` that records posted messages.
 */
import type { FromDashboard } from "./protocol";

interface VsCodeApi<State> {
  postMessage(message: FromDashboard): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

let api: VsCodeApi<unknown> | undefined;

export function vscodeApi<State>(): VsCodeApi<State> {
  api ??= acquireVsCodeApi<unknown>();
  return api as VsCodeApi<State>;
}
