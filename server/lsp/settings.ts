/**
 * Reads `weft.*` settings per resource through `workspace/configuration`, cached until the
 * client says they changed.
 */
import type { Connection } from "vscode-languageserver/node";
import { DEFAULT_ANALYSIS_SETTINGS, type WeftAnalysisSettings } from "../protocol";

export class SettingsCache {
  private readonly cache = new Map<string, Promise<WeftAnalysisSettings>>();

  constructor(
    private readonly connection: Connection,
    private readonly clientSupportsConfiguration: () => boolean,
  ) {}

  get(uri: string): Promise<WeftAnalysisSettings> {
    if (!this.clientSupportsConfiguration()) return Promise.resolve(DEFAULT_ANALYSIS_SETTINGS);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: "weft" })
        .then(normalize, () => DEFAULT_ANALYSIS_SETTINGS);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  clear(uri?: string): void {
    if (uri === undefined) this.cache.clear();
    else this.cache.delete(uri);
  }
}

function normalize(value: unknown): WeftAnalysisSettings {
  const analysis = (value as { analysis?: Partial<WeftAnalysisSettings["analysis"]> } | null)
    ?.analysis;
  return {
    analysis: {
      enable:
        typeof analysis?.enable === "boolean"
          ? analysis.enable
          : DEFAULT_ANALYSIS_SETTINGS.analysis.enable,
      explainSequential:
        typeof analysis?.explainSequential === "boolean"
          ? analysis.explainSequential
          : DEFAULT_ANALYSIS_SETTINGS.analysis.explainSequential,
    },
  };
}
