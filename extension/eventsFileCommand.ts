/**
 * "Weft: Open Events File": pick a file written by `weft run --events` and open it in the
 * dashboard as a finished run. The dashboard validates the lines and lists any bad ones.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import * as vscode from "vscode";
import type { DashboardViewProvider } from "./dashboardView";

export async function openEventsFile(
  dashboard: DashboardViewProvider,
  uri?: vscode.Uri,
): Promise<void> {
  const file =
    uri ??
    (
      await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: "Open in Weft Dashboard",
        filters: { "Weft events": ["jsonl", "ndjson"], "All files": ["*"] },
      })
    )?.[0];
  if (file === undefined) return;
  let text: string;
  try {
    text = await readFile(file.fsPath, "utf8");
  } catch (error) {
    void vscode.window.showErrorMessage(
      `Weft could not read ${file.fsPath}: ${(error as Error).message}`,
    );
    return;
  }
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  dashboard.post({ type: "events-file", name: basename(file.fsPath), lines });
  await dashboard.reveal();
}
