/**
 * Run control through the real `vscode` API: Stop Run interrupts a long run on the local
 * cluster (the program exits 130, as on Ctrl-C), and Open Events File takes a file recorded by
 * `weft run --events`.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { WeftEvent } from "../../../runtime/src/protocol/events";
import { LONG_RUN } from "../../support/programs";
import { activateWeft, nextRunEnd, waitForFile, weftCli, workspaceFolder } from "./weft";

const SMALL_RUN = [
  'import { delayed, compute } from "weft";',
  "",
  "const inc = (x: number): number => x + 1;",
  "const parts = [1, 2, 3].map((x) => delayed(inc)(x));",
  "console.log(await compute(...parts));",
  "",
].join("\n");

describe("Weft run control", () => {
  it("Stop Run ends a long run: the program exits 130", async () => {
    const api = await activateWeft();
    const folder = workspaceFolder();
    const file = join(folder, "long-run.ts");
    writeFileSync(file, LONG_RUN);

    const submitted = waitForFile(folder, "long-run.submitted");
    const ended = nextRunEnd(api, file);
    const running = vscode.commands.executeCommand("weft.runCurrentFile", vscode.Uri.file(file));
    await submitted;
    await vscode.commands.executeCommand("weft.stopRun");
    const end = await ended;
    await running;
    assert.equal(end.exitCode, 130, "the interrupted program exits 130");
  });

  it("Open Events File accepts a file recorded by weft run --events", async () => {
    await activateWeft();
    const folder = workspaceFolder();
    const program = join(folder, "small-run.ts");
    const events = join(folder, "small-run.jsonl");
    writeFileSync(program, SMALL_RUN);
    await weftCli(["run", "--no-progress", "--events", events, program], folder);
    const recorded = readFileSync(events, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as WeftEvent);
    assert.ok(
      recorded.some((event) => event.type === "run-start"),
      "the events file records the run",
    );

    // The command reads the file, hands it to the dashboard and reveals the dashboard view; it
    // rejects if the view (or the command) is missing.
    await vscode.commands.executeCommand("weft.openEventsFile", vscode.Uri.file(events));
  });
});
