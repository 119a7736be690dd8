/**
 * The language client: starts Weft's language server over IPC the first time a TypeScript or
 * JavaScript document is open, restarts it after a crash (up to a limit) and logs to the Weft
 * output channel. It is its own bundle, loaded on first use: the client library is most of
 * the extension's size. `weft.trace.server` is read by the client itself (its id is `weft`).
 */
import * as vscode from "vscode";
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { ANALYSED_LANGUAGES } from "./documents";

/** Restarts allowed within three minutes before the client gives up and says so. */
export const MAX_SERVER_RESTARTS = 4;

/** The files whose changes on disk the server hears of: sources, and the configs that resolve imports. */
const WATCHED_FILES =
  "**/{*.ts,*.tsx,*.mts,*.cts,*.js,*.jsx,*.mjs,*.cjs,tsconfig.json,jsconfig.json}";

export class WeftLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /** Starts the server once; later calls return the same promise. */
  ensureStarted(): Promise<void> {
    this.starting ??= this.start();
    return this.starting;
  }

  get isRunning(): boolean {
    return this.client?.isRunning() ?? false;
  }

  private async start(): Promise<void> {
    const module = this.context.asAbsolutePath("dist/server.js");
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--inspect=6019"] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: ANALYSED_LANGUAGES.map((language) => ({ scheme: "file", language })),
      synchronize: {
        configurationSection: "weft",
        // Files changed outside the editor change what their importers' loops may call.
        fileEvents: (this.watcher ??= vscode.workspace.createFileSystemWatcher(WATCHED_FILES)),
      },
      outputChannel: this.output,
      connectionOptions: { maxRestartCount: MAX_SERVER_RESTARTS },
    };
    this.client = new LanguageClient("weft", "Weft Language Server", serverOptions, clientOptions);
    const started = performance.now();
    await this.client.start();
    this.output.info(`language server started in ${Math.round(performance.now() - started)} ms`);
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.starting = undefined;
    if (client?.isRunning()) await client.stop();
  }

  dispose(): void {
    void this.stop();
    this.watcher?.dispose();
  }
}
