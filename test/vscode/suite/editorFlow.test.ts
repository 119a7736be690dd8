/**
 * The editor experience through the real `vscode` API: Weft activates quickly and registers its
 * commands, the language server puts a diagnostic on a sequential loop, the preferred rewrite
 * applies, and Run Current File runs the rewritten file to exit code 0 printing what the original
 * printed.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import {
  activateWeft,
  codeOf,
  nextRunEnd,
  retryCanceled,
  showDocument,
  waitForDiagnostic,
  weftCli,
  weftExtension,
  workspaceFolder,
} from "./weft";

/** The runner copies examples/sequential-scores.ts here. */
const EXAMPLE = "sequential-scores.ts";

describe("Weft in the editor", () => {
  it("activates, reports its activation time and registers every contributed command", async () => {
    const api = await activateWeft();
    assert.ok(weftExtension().isActive);
    assert.equal(typeof api.activationMs, "number");
    assert.ok(
      Number.isFinite(api.activationMs) && api.activationMs >= 0,
      `activationMs is a duration: ${api.activationMs}`,
    );
    console.log(`      Weft activated in ${api.activationMs.toFixed(1)} ms (extension host)`);

    const manifest = weftExtension().packageJSON as {
      contributes: { commands: { command: string }[] };
    };
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 0);
    assert.deepEqual(
      contributed.filter((id) => !registered.has(id)),
      [],
      "every contributed command is registered at activation",
    );
  });

  it("flags the sequential loop, applies the preferred rewrite, and runs the result", async () => {
    const api = await activateWeft();
    const folder = workspaceFolder();
    const file = join(folder, EXAMPLE);
    const uri = vscode.Uri.file(file);
    const original = await weftCli(["run", "--no-progress", file], folder);
    assert.match(original, /^scores: \[/m, "the example prints its scores");

    const document = await vscode.workspace.openTextDocument(uri);
    await showDocument(document);
    await api.startLanguageServer();
    const diagnostic = await waitForDiagnostic(
      uri,
      (d) => d.source === "weft" && codeOf(d) === "parallel-map",
    );
    assert.match(diagnostic.message, /iterations of this loop are independent/);
    assert.match(document.lineAt(diagnostic.range.start.line).text, /for \(const name of names\)/);

    const actions = await retryCanceled("asking for code actions", () =>
      vscode.commands.executeCommand<vscode.CodeAction[]>(
        "vscode.executeCodeActionProvider",
        uri,
        diagnostic.range,
        vscode.CodeActionKind.RefactorRewrite.value,
        // Resolve the edits of this many actions (Weft builds edits only on resolve).
        20,
      ),
    );
    const preferred = actions.filter(
      (a) =>
        a.isPreferred &&
        a.kind !== undefined &&
        vscode.CodeActionKind.RefactorRewrite.contains(a.kind),
    );
    const [rewrite, ...others] = preferred;
    assert.ok(
      rewrite !== undefined && others.length === 0,
      `one preferred rewrite: ${JSON.stringify(actions.map((a) => a.title))}`,
    );
    assert.ok(rewrite.edit, `the preferred rewrite "${rewrite.title}" resolves to an edit`);
    assert.ok(await vscode.workspace.applyEdit(rewrite.edit), "the edit applies");
    assert.ok(await document.save(), "the rewritten file saves");
    const rewritten = readFileSync(file, "utf8");
    assert.match(rewritten, /from "weft"/, "the rewrite imports from weft");
    assert.doesNotMatch(
      rewritten,
      /scores\.push\(score\(name\)\)/,
      "the loop no longer calls score itself",
    );

    await showDocument(document);
    const ended = nextRunEnd(api, file);
    await vscode.commands.executeCommand("weft.runCurrentFile");
    const end = await ended;
    assert.equal(end.exitCode, 0, "the rewritten file runs on the local cluster and exits 0");
    assert.equal(
      await weftCli(["run", "--no-progress", file], folder),
      original,
      "the rewritten file prints what the original printed",
    );
  });
});
