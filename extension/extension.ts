/**
 * Activation: register commands, the dashboard view and the language client, and nothing heavy.
 * The language server starts when a TypeScript or JavaScript file is first open; the cluster
 * when a run first needs it.
 */
import * as vscode from "vscode";
import { Commands } from "./commands";
import { DashboardViewProvider } from "./dashboardView";
import { openEventsFile } from "./eventsFileCommand";
import { isAnalysedDocument, WeftLanguageClient } from "./languageClient";
import { disposeOutput, output } from "./output";

/** What the extension exports to other extensions and to its tests. */
export interface WeftExtensionApi {
  /** How long `activate` took, in ms. */
  readonly activationMs: number;
  /** Resolves once the language server answers (starting it if needed). */
  startLanguageServer(): Promise<void>;
}

let languageClient: WeftLanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): WeftExtensionApi {
  const started = performance.now();
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? "");
  const dashboard = new DashboardViewProvider(context.extensionUri, version);
  const client = new WeftLanguageClient(context);
  languageClient = client;

  const startClientFor = (document: vscode.TextDocument): void => {
    if (isAnalysedDocument(document)) {
      client.ensureStarted().catch((error: unknown) => {
        output().error(`the language server did not start: ${String(error)}`);
      });
    }
  };

  context.subscriptions.push(
    client,
    vscode.window.registerWebviewViewProvider(DashboardViewProvider.viewId, dashboard, {
      webviewOptions: { retainContextWhenHidden: false },
    }),
    vscode.commands.registerCommand(Commands.showDashboard, () => dashboard.reveal()),
    vscode.commands.registerCommand(Commands.openEventsFile, (uri?: vscode.Uri) =>
      openEventsFile(dashboard, uri instanceof vscode.Uri ? uri : undefined),
    ),
    vscode.commands.registerCommand(Commands.showOutput, () => output().show()),
    vscode.workspace.onDidOpenTextDocument(startClientFor),
  );
  // Deferred so activation returns at once; the documents open at start-up still get analysed.
  setImmediate(() => vscode.workspace.textDocuments.forEach(startClientFor));

  const activationMs = performance.now() - started;
  output().info(`Weft ${version} activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs, startLanguageServer: () => client.ensureStarted() };
}

export async function deactivate(): Promise<void> {
  await languageClient?.stop();
  languageClient = undefined;
  disposeOutput();
}
