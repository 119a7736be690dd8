/**
 * Type tests: tsc over fixtures that must compile (types/valid) and fixtures whose every marked
 * line (`// error:`) must fail to compile, and no other line (types/invalid).
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import ts from "typescript";
import { repoRoot } from "../support/paths";

const fixtures = join(repoRoot, "test/fixtures/types");

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(repoRoot, "tsconfig.json");
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  return ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot).options;
}

function diagnostics(files: readonly string[]): readonly ts.Diagnostic[] {
  const program = ts.createProgram(files, { ...compilerOptions(), noEmit: true });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && files.includes(d.file.fileName));
}

const list = (folder: string): string[] =>
  readdirSync(join(fixtures, folder))
    .filter((name) => name.endsWith(".ts"))
    .map((name) => join(fixtures, folder, name));

test("valid fixtures compile", () => {
  const found = diagnostics(list("valid"));
  assert.deepEqual(
    found.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
    [],
  );
});

test("each invalid fixture fails exactly on its marked lines", () => {
  const files = list("invalid");
  assert.ok(files.length >= 5);
  const found = diagnostics(files);
  for (const file of files) {
    const marked = readFileSync(file, "utf8")
      .split("\n")
      .flatMap((line, index) => (line.includes("// error:") ? [index] : []));
    const lines = new Set(
      found
        .filter((d) => d.file?.fileName === file)
        .map((d) => (d.file as ts.SourceFile).getLineAndCharacterOfPosition(d.start ?? 0).line),
    );
    assert.deepEqual([...lines].sort(), marked, `${file}: errors on lines ${[...lines].join(",")}`);
  }
});
