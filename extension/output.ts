import * as vscode from "vscode";

/** The "Weft" output channel, created on first use so activation stays cheap. */
let channel: vscode.LogOutputChannel | undefined;

export function output(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel("Weft", { log: true });
  return channel;
}

export function disposeOutput(): void {
  channel?.dispose();
  channel = undefined;
}
