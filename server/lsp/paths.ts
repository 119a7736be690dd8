/**
 * Document URIs as the file paths ts-morph works with, and back.
 */
import { fileURLToPath, pathToFileURL } from "node:url";

const LANGUAGE_EXTENSIONS: Record<string, string> = {
  typescript: ".ts",
  typescriptreact: ".tsx",
  javascript: ".js",
  javascriptreact: ".jsx",
};

const VIRTUAL_ROOT = "/__weft_virtual__/";

/** The path the analysis uses for a document; unsaved documents get a virtual one. */
export function pathOfUri(uri: string, languageId?: string): string {
  if (uri.startsWith("file:")) return fileURLToPath(uri);
  const ext = (languageId && LANGUAGE_EXTENSIONS[languageId]) ?? ".ts";
  return `${VIRTUAL_ROOT}${encodeURIComponent(uri)}${ext}`;
}

export function uriOfPath(path: string): string {
  if (path.startsWith(VIRTUAL_ROOT)) {
    return decodeURIComponent(path.slice(VIRTUAL_ROOT.length).replace(/\.[jt]sx?$/, ""));
  }
  return pathToFileURL(path).toString();
}

/** Whether a document of this language or name is one the analysis reads. */
export function isAnalysedDocument(uri: string, languageId: string): boolean {
  if (languageId in LANGUAGE_EXTENSIONS) return true;
  return /\.(m|c)?[jt]sx?$/i.test(uri) && !/\.d\.ts$/i.test(uri);
}
