/**
 * The dashboard app: renders what the extension sends, nothing else. Starts empty and says so.
 */
import "@vscode-elements/elements/dist/vscode-badge/index.js";
import "@vscode-elements/elements/dist/vscode-tabs/index.js";
import "@vscode-elements/elements/dist/vscode-tab-header/index.js";
import "@vscode-elements/elements/dist/vscode-tab-panel/index.js";
import { isToDashboard, type ToDashboard } from "./protocol";
import { vscodeApi } from "./vscodeApi";

interface DashboardModel {
  version: string;
  runs: string[];
}

const model: DashboardModel = { version: "", runs: [] };

function render(root: HTMLElement): void {
  root.replaceChildren();
  const header = document.createElement("header");
  header.className = "dashboard-header";
  const title = document.createElement("h1");
  title.textContent = "Weft";
  const badge = document.createElement("vscode-badge");
  badge.textContent = model.version === "" ? "…" : `v${model.version}`;
  header.append(title, badge);

  const tabs = document.createElement("vscode-tabs");
  for (const page of ["Status", "Graph", "Errors"]) {
    const tab = document.createElement("vscode-tab-header");
    tab.slot = "header";
    tab.textContent = page;
    const panel = document.createElement("vscode-tab-panel");
    const empty = document.createElement("p");
    empty.className = "empty";
    empty.dataset["page"] = page.toLowerCase();
    empty.textContent =
      model.runs.length === 0
        ? "No runs yet. Run a file with “Weft: Run Current File” or `weft run`."
        : `${model.runs.length} run(s)`;
    panel.append(empty);
    tabs.append(tab, panel);
  }
  root.append(header, tabs);
}

function handle(message: ToDashboard, root: HTMLElement): void {
  switch (message.type) {
    case "hello":
      model.version = message.version;
      break;
    case "events":
      for (const event of message.events) {
        if (event.type === "run-start" && !model.runs.includes(event.runId)) {
          model.runs.push(event.runId);
        }
      }
      break;
    case "select-run":
      break;
  }
  render(root);
}

const root = document.getElementById("app");
if (root) {
  render(root);
  window.addEventListener("message", (event: MessageEvent<unknown>) => {
    if (isToDashboard(event.data)) handle(event.data, root);
  });
  vscodeApi().postMessage({ type: "ready" });
}
