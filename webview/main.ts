/**
 * The dashboard's entry: registers the vscode-elements it uses, starts the app and relays the
 * extension's messages to it. It renders only what the extension sends and starts empty.
 */
import "@vscode-elements/elements/dist/vscode-badge/index.js";
import "@vscode-elements/elements/dist/vscode-button/index.js";
import "@vscode-elements/elements/dist/vscode-tabs/index.js";
import "@vscode-elements/elements/dist/vscode-tab-header/index.js";
import "@vscode-elements/elements/dist/vscode-tab-panel/index.js";
import { App } from "./app";
import { isToDashboard } from "./protocol";
import { vscodeApi } from "./vscodeApi";

const root = document.getElementById("app");
if (root) {
  const app = new App(root);
  window.addEventListener("message", (event: MessageEvent<unknown>) => {
    if (isToDashboard(event.data)) app.handle(event.data);
  });
  // Read-only hooks for the browser tests and benchmarks: what the graph page last did.
  Object.defineProperty(window, "__weftDashboard", {
    value: Object.freeze({
      graphStats: () => ({ ...app.graph.stats }),
      graphNodePosition: (id: string) => app.graph.screenPosition(id),
      graphNodeIds: () => app.graph.nodeIds(),
    }),
  });
  vscodeApi().postMessage({ type: "ready" });
}
