/**
 * The status-bar item: the cluster's state (stopped / N workers idle / a run's done of total);
 * a click opens the dashboard.
 */
import * as vscode from "vscode";
import { Commands } from "./commands";

export type ClusterStatus =
  | { readonly state: "stopped" }
  | { readonly state: "starting" }
  | { readonly state: "idle"; readonly workers: number }
  | {
      readonly state: "running";
      readonly done: number;
      readonly total: number;
      readonly erred: number;
    };

export class ClusterStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    "weft.cluster",
    vscode.StatusBarAlignment.Left,
    0,
  );

  constructor() {
    this.item.name = "Weft Cluster";
    this.item.command = Commands.showDashboard;
    this.show({ state: "stopped" });
    this.item.show();
  }

  show(status: ClusterStatus): void {
    switch (status.state) {
      case "stopped":
        this.item.text = "$(debug-stop) Weft: stopped";
        this.item.tooltip = "The local Weft cluster is not running. It starts with the first run.";
        break;
      case "starting":
        this.item.text = "$(loading~spin) Weft: starting";
        this.item.tooltip = "Starting the local Weft cluster…";
        break;
      case "idle":
        this.item.text = `$(server-process) Weft: ${status.workers} workers idle`;
        this.item.tooltip = "The local Weft cluster is warm and idle. Click for the dashboard.";
        break;
      case "running": {
        const erred = status.erred > 0 ? `, ${status.erred} erred` : "";
        this.item.text = `$(sync~spin) Weft: ${status.done}/${status.total}${erred}`;
        this.item.tooltip = "A run is in progress. Click for the dashboard.";
        break;
      }
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
