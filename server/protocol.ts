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

export interface ServerStatusParams {
  readonly state: "ready" | "analysing";
  readonly documents: number;
}

export namespace ServerStatusNotification {
  export const method = "weft/status";
  export const type = new NotificationType<ServerStatusParams>(method);
}
