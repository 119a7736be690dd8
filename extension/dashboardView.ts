/**
 * The dashboard side panel: a WebviewView in Weft's activity-bar container. It serves the
 * bundled app under a strict nonce CSP and relays messages of the typed protocol.
 */
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { FromDashboard, ToDashboard } from "../webview/protocol";
import { Commands } from "./commands";

export class DashboardViewProvider implements vscode.WebviewViewProvider {
  static readonly viewId = "weft.dashboard";

  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly pending: ToDashboard[] = [];
  /** Messages kept for a view that is not showing; the oldest live batches go first past this. */
  private static readonly maxPending = 5000;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly version: string,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const assets = vscode.Uri.joinPath(this.extensionUri, "dist", "webview");
    view.webview.options = { enableScripts: true, localResourceRoots: [assets] };
    view.webview.html = dashboardHtml(view.webview, assets);
    view.webview.onDidReceiveMessage((message: FromDashboard) => this.receive(message));
    view.onDidDispose(() => {
      this.view = undefined;
      this.ready = false;
    });
  }

  /** Sends now if the app is listening, otherwise as soon as it says it is ready. */
  post(message: ToDashboard): void {
    if (this.view && this.ready) {
      void this.view.webview.postMessage(message);
      return;
    }
    this.pending.push(message);
    if (this.pending.length > DashboardViewProvider.maxPending) {
      // Every batch carries exact per-group counts, so dropping an old one loses only per-task
      // detail (graph and task stream), never progress.
      const oldBatch = this.pending.findIndex(
        (m) => m.type === "events" && m.events.every((e) => e.type === "batch"),
      );
      this.pending.splice(oldBatch >= 0 ? oldBatch : 0, 1);
    }
  }

  /** Shows the dashboard (creating the view if needed). */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${DashboardViewProvider.viewId}.focus`);
  }

  private receive(message: FromDashboard): void {
    switch (message.type) {
      case "ready": {
        this.ready = true;
        void this.view?.webview.postMessage({ type: "hello", version: this.version });
        for (const queued of this.pending.splice(0)) void this.view?.webview.postMessage(queued);
        break;
      }
      case "open-source": {
        const { file, line, column } = message.location;
        const uri = file.startsWith("file:") ? vscode.Uri.parse(file) : vscode.Uri.file(file);
        const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
        void vscode.window.showTextDocument(uri, {
          selection: new vscode.Range(position, position),
        });
        break;
      }
      case "open-events-file":
        void vscode.commands.executeCommand(Commands.openEventsFile);
        break;
    }
  }
}

function dashboardHtml(webview: vscode.Webview, assets: vscode.Uri): string {
  const nonce = randomBytes(16).toString("base64");
  const script = webview.asWebviewUri(vscode.Uri.joinPath(assets, "dashboard.js"));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(assets, "dashboard.css"));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style.toString()}">
  <title>Weft Dashboard</title>
</head>
<body>
  <div id="app"></div>
  <script type="module" nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
