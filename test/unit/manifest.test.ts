import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Commands } from "../../extension/commands";
import { repoRoot } from "../support/paths";

interface Manifest {
  name: string;
  displayName: string;
  main: string;
  engines: { vscode: string };
  contributes: {
    commands: { command: string; title: string; category: string }[];
    views: Record<string, { id: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as Manifest;

test("the manifest names the extension and points at the bundled entry", () => {
  assert.equal(manifest.name, "weft");
  assert.equal(manifest.displayName, "Weft");
  assert.equal(manifest.main, "./dist/extension.js");
  assert.match(manifest.engines.vscode, /^\^1\.(9\d|\d{3})/);
});

test("every command the extension registers is contributed, in category Weft, and vice versa", () => {
  const contributed = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(contributed, Object.values(Commands).sort());
  for (const command of manifest.contributes.commands) assert.equal(command.category, "Weft");
});

test("the runtime is a standalone package named weft that does not depend on vscode", () => {
  const runtime = JSON.parse(readFileSync(join(repoRoot, "runtime", "package.json"), "utf8")) as {
    name: string;
    dependencies?: Record<string, string>;
  };
  assert.equal(runtime.name, "weft");
  assert.ok(
    !Object.keys(runtime.dependencies ?? {}).some(
      (d) => d === "vscode" || d.startsWith("@types/vscode"),
    ),
  );
});
