/**
 * The dashboard side panel: a WebviewView in Weft's activity-bar container. It serves the
 * bundled app under a strict nonce CSP and relays messages of the typed protocol.
 */
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { FromDashboard, ToDashboard } from "../webview/protocol";
import { output } from "./output";

export class DashboardViewProvider implements vscode.WebviewViewProvider {
  static readonly viewId = "weft.dashboard";

  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly pending: ToDashboard[] = [];

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
    if (this.view && this.ready) void this.view.webview.postMessage(message);
    else this.pending.push(message);
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
        output().info("Opening events files from the dashboard is not available yet.");
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
