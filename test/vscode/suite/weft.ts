/**
 * What the integration tests share: the activated extension's API, the workspace folder the
 * runner opened, and waits that end on an event (diagnostics, a run's end, a file appearing)
 * rather than on a clock. Mocha's per-test timeout bounds every wait.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import * as vscode from "vscode";
import type { WeftExtensionApi } from "../../../extension/extension";

export const EXTENSION_ID = "weft.weft";

export interface RunEnd {
  readonly file: string;
  readonly exitCode: number;
}

export function weftExtension(): vscode.Extension<WeftExtensionApi> {
  const extension = vscode.extensions.getExtension<WeftExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is loaded in the extension development host`);
  return extension;
}

export async function activateWeft(): Promise<WeftExtensionApi> {
  const extension = weftExtension();
  return extension.isActive ? extension.exports : await extension.activate();
}

/** The temporary folder the runner opened as the workspace. */
export function workspaceFolder(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, "the runner opens a workspace folder");
  return folder.uri.fsPath;
}

export function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const { code } = diagnostic;
  return typeof code === "object" ? code.value : code;
}

/**
 * Calls `request` again when it rejects with "Canceled". VS Code cancels an editor open that is
 * superseded while the workbench starts, and a code-action request when any provider (such as the
 * built-in TypeScript one, busy loading its project) cancels; a user would simply ask again.
 */
export async function retryCanceled<T>(what: string, request: () => Thenable<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const canceled = error instanceof Error && error.message === "Canceled";
      if (!canceled || attempt === 10) throw new Error(`${what} failed: ${String(error)}`);
    }
  }
}

export function showDocument(document: vscode.TextDocument): Promise<vscode.TextEditor> {
  return retryCanceled(`showing ${document.uri.fsPath}`, () =>
    vscode.window.showTextDocument(document),
  );
}

/** Resolves with the first diagnostic on `uri` that matches, now or when diagnostics change. */
export function waitForDiagnostic(
  uri: vscode.Uri,
  matches: (diagnostic: vscode.Diagnostic) => boolean,
): Promise<vscode.Diagnostic> {
  return new Promise((resolve) => {
    const find = (): boolean => {
      const found = vscode.languages.getDiagnostics(uri).find(matches);
      if (found) {
        subscription.dispose();
        resolve(found);
      }
      return found !== undefined;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) find();
    });
    find();
  });
}

/** Resolves when the next run of `file` started by Run Current File exits. */
export function nextRunEnd(api: WeftExtensionApi, file: string): Promise<RunEnd> {
  return new Promise((resolve) => {
    const subscription = api.onDidEndRun((end) => {
      if (end.file !== file) return;
      subscription.dispose();
      resolve(end);
    });
  });
}

/** Resolves once `file` exists, watching its folder through VS Code's file watcher. */
export function waitForFile(folder: string, name: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(folder), name),
      false,
      true,
      true,
    );
    const done = (): void => {
      watcher.dispose();
      resolve();
    };
    watcher.onDidCreate(done);
    if (existsSync(join(folder, name))) done();
  });
}

/**
 * Runs the bundled `weft` command line with the extension host's own executable (Electron
 * behaves as Node with ELECTRON_RUN_AS_NODE), as the extension does.
 */
export async function weftCli(args: readonly string[], cwd: string): Promise<string> {
  const cli = join(weftExtension().extensionPath, "runtime", "dist", "cli.mjs");
  const { stdout } = await promisify(execFile)(process.execPath, [cli, ...args], {
    cwd,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}
