/**
 * Activation: register commands, the dashboard view, the status bar and the language client,
 * and nothing heavy. The language server starts when a TypeScript or JavaScript file is first
 * open; the cluster when a run first needs it (or on "Weft: Start Local Cluster").
 */
import * as vscode from "vscode";
import { ClusterSupervisor } from "./clusterSupervisor";
import { Commands } from "./commands";
import { warmUpCluster } from "./config";
import { DashboardViewProvider } from "./dashboardView";
import { openEventsFile } from "./eventsFileCommand";
import { isAnalysedDocument } from "./documents";
import type * as languageClientModule from "./languageClient";
import type { WeftLanguageClient } from "./languageClient";
import { disposeOutput, output } from "./output";
import { RunController } from "./runController";
import { ClusterStatusBar } from "./statusBar";
import { canRunCode } from "./trust";

/** What the extension exports to other extensions and to its tests. */
export interface WeftExtensionApi {
  /** How long `activate` took, in ms. */
  readonly activationMs: number;
  /** Resolves once the language server answers (starting it if needed). */
  startLanguageServer(): Promise<void>;
  /** Fires when a program started by "Weft: Run Current File" has exited. */
  readonly onDidEndRun: vscode.Event<{ file: string; exitCode: number }>;
}

declare global {
  var __weftBundleLoadStart: number | undefined;
}

/** An import of the `weft` package, as ESM or CommonJS. */
const IMPORTS_WEFT =
  /\bfrom\s*["']weft["']|\brequire\(\s*["']weft["']\s*\)|\bimport\(\s*["']weft["']\s*\)/;

let languageClient: Pick<WeftLanguageClient, "stop"> | undefined;
let supervisor: ClusterSupervisor | undefined;

export function activate(context: vscode.ExtensionContext): WeftExtensionApi {
  const started = performance.now();
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? "");
  const cli = context.asAbsolutePath("runtime/dist/cli.mjs");
  const dashboard = new DashboardViewProvider(context.extensionUri, version);
  const client = lazyLanguageClient(context);
  const statusBar = new ClusterStatusBar();
  const cluster = new ClusterSupervisor(cli);
  const runs = new RunController(cli, cluster, dashboard, statusBar);
  languageClient = client;
  supervisor = cluster;

  const startClientFor = (document: vscode.TextDocument): void => {
    if (isAnalysedDocument(document)) {
      client.ensureStarted().catch((error: unknown) => {
        output().error(`the language server did not start: ${String(error)}`);
      });
    }
  };
  // A file that imports weft will likely be run: have the cluster warm by then.
  const warmUpFor = (document: vscode.TextDocument): void => {
    if (!isAnalysedDocument(document) || !canRunCode() || !warmUpCluster()) return;
    if (!IMPORTS_WEFT.test(document.getText())) return;
    cluster.ensureStarted().catch((error: unknown) => {
      output().error(`the local cluster did not start: ${String(error)}`);
    });
  };
  const opened = (document: vscode.TextDocument): void => {
    startClientFor(document);
    warmUpFor(document);
  };
  const startCluster = async (): Promise<void> => {
    if (!canRunCode()) return;
    try {
      await cluster.ensureStarted();
    } catch (error) {
      void vscode.window.showErrorMessage(
        `Weft could not start the local cluster: ${String(error)}`,
      );
    }
  };

  context.subscriptions.push(
    client,
    statusBar,
    cluster,
    runs,
    vscode.window.registerWebviewViewProvider(DashboardViewProvider.viewId, dashboard, {
      webviewOptions: { retainContextWhenHidden: false },
    }),
    vscode.commands.registerCommand(Commands.runCurrentFile, (uri?: unknown) =>
      runs.runCurrentFile(uri instanceof vscode.Uri ? uri : undefined),
    ),
    vscode.commands.registerCommand(Commands.stopRun, () => runs.stopRun()),
    vscode.commands.registerCommand(Commands.startCluster, startCluster),
    vscode.commands.registerCommand(Commands.stopCluster, () => cluster.stop()),
    vscode.commands.registerCommand(Commands.restartCluster, async () => {
      if (canRunCode()) await cluster.restart();
    }),
    vscode.commands.registerCommand(Commands.showDashboard, () => dashboard.reveal()),
    vscode.commands.registerCommand(Commands.openEventsFile, (uri?: unknown) =>
      openEventsFile(dashboard, uri instanceof vscode.Uri ? uri : undefined),
    ),
    vscode.commands.registerCommand(Commands.showOutput, () => output().show()),
    vscode.workspace.onDidOpenTextDocument(opened),
    cluster.onEvent((event) => {
      dashboard.post({ type: "events", events: [event] });
      runs.handleEvent(event);
    }),
    cluster.onDidChangeState((state) => {
      if (state === "running" && runs.isRunning) return;
      statusBar.show(state === "running" ? { state: "idle", workers: cluster.workers } : { state });
    }),
  );
  // Deferred so activation returns at once; the documents open at start-up still get analysed.
  setImmediate(() => vscode.workspace.textDocuments.forEach(opened));

  const activationMs = performance.now() - started;
  const loadMs = started - (globalThis.__weftBundleLoadStart ?? started);
  output().info(
    `Weft ${version} activated in ${activationMs.toFixed(1)} ms ` +
      `(+${loadMs.toFixed(1)} ms from loading the bundle to activate)`,
  );
  return {
    activationMs,
    startLanguageServer: () => client.ensureStarted(),
    onDidEndRun: runs.onDidEndRun,
  };
}

/**
 * The language client lives in its own bundle (dist/languageClient.js), required the first time
 * a document needs analysis, so activation does not pay for loading it.
 */
function lazyLanguageClient(
  context: vscode.ExtensionContext,
): Pick<WeftLanguageClient, "ensureStarted" | "stop" | "dispose"> {
  let client: WeftLanguageClient | undefined;
  const load = (): WeftLanguageClient => {
    if (client === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require("./languageClient.js") as typeof languageClientModule;
      client = new module.WeftLanguageClient(context, output());
    }
    return client;
  };
  return {
    ensureStarted: () => load().ensureStarted(),
    stop: async () => client?.stop(),
    dispose: () => client?.dispose(),
  };
}

export async function deactivate(): Promise<void> {
  await Promise.all([languageClient?.stop(), supervisor?.stop()]);
  languageClient = undefined;
  supervisor = undefined;
  disposeOutput();
}
