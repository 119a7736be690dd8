/**
 * Activation: register commands and the dashboard view, and nothing heavy. The language server
 * and the cluster start when first needed.
 */
import * as vscode from "vscode";
import { Commands } from "./commands";
import { DashboardViewProvider } from "./dashboardView";
import { disposeOutput, output } from "./output";

export function activate(context: vscode.ExtensionContext): void {
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? "");
  const dashboard = new DashboardViewProvider(context.extensionUri, version);

  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(DashboardViewProvider.viewId, dashboard, {
      webviewOptions: { retainContextWhenHidden: false },
    }),
    vscode.commands.registerCommand(Commands.showDashboard, async () => {
      await vscode.commands.executeCommand(`${DashboardViewProvider.viewId}.focus`);
    }),
    vscode.commands.registerCommand(Commands.showOutput, () => output().show()),
  );
}

export function deactivate(): void {
  disposeOutput();
}
