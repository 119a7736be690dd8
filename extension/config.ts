/**
 * Weft's settings, read when needed (never cached), for the resource they apply to.
 */
import { availableParallelism } from "node:os";
import * as vscode from "vscode";

export interface ClusterSettings {
  /** Worker threads; 0 in the settings means one per core. */
  readonly workers: number;
  /** Per-worker heap limit as written by the user ("512MB"), or undefined for Node's default. */
  readonly memoryLimit: string | undefined;
}

export function clusterSettings(): ClusterSettings {
  const config = vscode.workspace.getConfiguration("weft.cluster");
  const workers = config.get<number>("workers", 0);
  const memoryLimit = config.get<string>("memoryLimit", "").trim();
  return {
    workers: workers > 0 ? workers : availableParallelism(),
    memoryLimit: memoryLimit === "" ? undefined : memoryLimit,
  };
}

/** Whether to start the cluster when a file that imports weft is opened. */
export function warmUpCluster(): boolean {
  return vscode.workspace.getConfiguration("weft.cluster").get<boolean>("warmUp", true);
}

export function openDashboardOnRun(resource?: vscode.Uri): boolean {
  return vscode.workspace
    .getConfiguration("weft.run", resource)
    .get<boolean>("openDashboard", true);
}
