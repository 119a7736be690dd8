/**
 * Which documents Weft analyses and can run.
 */
import type * as vscode from "vscode";

export const ANALYSED_LANGUAGES = [
  "typescript",
  "typescriptreact",
  "javascript",
  "javascriptreact",
] as const;

export function isAnalysedDocument(document: vscode.TextDocument): boolean {
  return (
    document.uri.scheme === "file" &&
    (ANALYSED_LANGUAGES as readonly string[]).includes(document.languageId)
  );
}
