/**
 * Weft's own LSP messages and settings, shared by the server and the extension's language
 * client. One namespace per message so no method name is ever written twice.
 */
import { NotificationType } from "vscode-languageserver-protocol";

/** Settings the server reads per resource (section `weft`). */
export interface WeftAnalysisSettings {
  readonly analysis: { readonly enable: boolean; readonly explainSequential: boolean };
}

export const DEFAULT_ANALYSIS_SETTINGS: WeftAnalysisSettings = {
  analysis: { enable: true, explainSequential: false },
};

/** Options the client may pass in `initializationOptions`; every one has a default. */
export interface WeftInitializationOptions {
  /** Milliseconds to wait after an edit before analysing (default 25). */
  readonly debounceMs?: number;
  /** Milliseconds an analysis may run before it stops with partial results (default 3000). */
  readonly budgetMs?: number;
}

export const DEFAULT_DEBOUNCE_MS = 25;
export const DEFAULT_BUDGET_MS = 3000;

export interface ServerStatusParams {
  readonly state: "ready" | "analysing";
  readonly documents: number;
}

export namespace ServerStatusNotification {
  export const method = "weft/status";
  export const type = new NotificationType<ServerStatusParams>(method);
}

/** Sent after each analysis of a document: how long it took and whether it was cut short. */
export interface AnalysisDoneParams {
  readonly uri: string;
  readonly version: number;
  readonly loops: number;
  readonly milliseconds: number;
  readonly partial: boolean;
}

export namespace AnalysisDoneNotification {
  export const method = "weft/analysisDone";
  export const type = new NotificationType<AnalysisDoneParams>(method);
}

/** What a code action carries from `textDocument/codeAction` to `codeAction/resolve`. */
export interface WeftCodeActionData {
  readonly uri: string;
  readonly version: number;
  /** The loop's (or lint's) start offset in that version. */
  readonly start: number;
  readonly rewrite?: string;
  readonly lint?: string;
}
