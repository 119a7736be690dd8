/**
 * Workspace trust: in an untrusted workspace Weft analyses code but runs nothing. Running a file
 * or starting a cluster executes the workspace's code, so both ask here first.
 */
import * as vscode from "vscode";

export const UNTRUSTED_MESSAGE =
  "Weft does not run code in an untrusted workspace. Trust this folder to run files and start the cluster.";

/** True when running is allowed; otherwise tells the user why not and how to change it. */
export function canRunCode(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(UNTRUSTED_MESSAGE, "Manage Workspace Trust")
    .then((choice) => {
      if (choice) void vscode.commands.executeCommand("workbench.trust.manage");
    });
  return false;
}
