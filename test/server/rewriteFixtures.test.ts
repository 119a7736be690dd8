/**
 * Every rewrite fixture, end to end: the server offers the preferred rewrite for input.ts, the
 * result is output.ts (modulo formatting), output.ts typechecks against the `weft` types, and
 * `weft run` prints the same for both. Loops that must stay as they are get no rewrite.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { after, before, test } from "node:test";
import * as prettier from "prettier";
import ts from "typescript";
import { repoRoot, runtimeDist, testOutputDir } from "../support/paths";
import { applyLspEdits, LspSession } from "./lspSession";

const run = promisify(execFile);
const fixtures = join(repoRoot, "test", "fixtures", "rewrites");
const cli = join(runtimeDist, "cli.mjs");
const NO_REWRITE = new Set(["sequential", "cheap"]);
/** What each fixture's output needs from the runtime, to tell "not there yet" from "broken". */
const NEEDS: Record<string, readonly string[]> = {
  map: ["delayed", "compute"],
  reduce: ["delayed", "compute"],
  nested: ["delayed", "compute"],
  evolving: ["Client", "asCompleted"],
  concurrency: [],
};

let session: LspSession;
let runtimeExports: Set<string>;
before(async () => {
  session = await LspSession.start();
  const runtime = (await import(pathToFileURL(join(runtimeDist, "index.mjs")).href)) as Record<
    string,
    unknown
  >;
  runtimeExports = new Set(Object.keys(runtime));
});
after(async () => {
  await session.shutdown();
});

async function format(text: string, path: string): Promise<string> {
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(text, { ...options, filepath: path });
}

function missingFromRuntime(name: string): string[] {
  return (NEEDS[name] ?? []).filter((needed) => !runtimeExports.has(needed));
}

/** Type errors in `files`, checked with the project's options ("weft" → runtime/src). */
function typeErrors(files: readonly string[]): string[] {
  const configPath = join(repoRoot, "tsconfig.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => undefined,
    },
  );
  assert.ok(parsed, "tsconfig.json parses");
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
  return files.flatMap((file) => {
    const source = program.getSourceFile(file);
    assert.ok(source, `${file} is in the program`);
    return [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ].map((d) => `${file}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
  });
}

const folders = readdirSync(fixtures, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

test("there is a fixture for every verdict", () => {
  for (const verdict of [
    "map",
    "reduce",
    "nested",
    "evolving",
    "concurrency",
    "sequential",
    "cheap",
  ]) {
    assert.ok(folders.includes(verdict), `test/fixtures/rewrites/${verdict}/input.ts`);
  }
});

for (const name of folders) {
  const input = join(fixtures, name, "input.ts");
  const output = join(fixtures, name, "output.ts");

  if (NO_REWRITE.has(name)) {
    test(`${name}: no rewrite is offered`, async () => {
      const text = readFileSync(input, "utf8");
      const uri = await session.open(input, text);
      const published = await session.diagnostics(uri, 1);
      assert.deepEqual(
        published.diagnostics.map((d) => d.code),
        [],
        "no diagnostic",
      );
      const whole = {
        start: { line: 0, character: 0 },
        end: { line: text.split("\n").length, character: 0 },
      };
      const actions = await session.codeActions(uri, whole);
      assert.deepEqual(
        actions.map((a) => a.title),
        [],
        "no code action anywhere in the file",
      );
      await session.close(uri);
    });
    continue;
  }

  test(`${name}: the preferred rewrite of input.ts is output.ts`, async (t) => {
    const text = readFileSync(input, "utf8");
    const uri = await session.open(input, text);
    const published = await session.diagnostics(uri, 1);
    const [diagnostic] = published.diagnostics.filter((d) => d.source === "weft");
    assert.ok(diagnostic, `a diagnostic for ${name}`);
    const actions = await session.codeActions(uri, diagnostic.range, [diagnostic]);
    const preferred = actions.find((a) => a.isPreferred && a.kind === "refactor.rewrite");
    assert.ok(
      preferred,
      `a preferred rewrite among ${JSON.stringify(actions.map((a) => a.title))}`,
    );
    const resolved = await session.resolve(preferred);
    const rewritten = applyLspEdits(text, resolved.edit?.changes?.[uri] ?? []);
    await session.close(uri);
    if (!existsSync(output)) {
      const missing = missingFromRuntime(name);
      if (missing.length > 0) {
        t.todo(`needs weft run / ${missing.join(", ")} from the runtime`);
        return;
      }
      assert.fail(`${output} is missing; the rewrite gives:\n${await format(rewritten, output)}`);
    }
    assert.equal(await format(rewritten, output), readFileSync(output, "utf8"));
  });

  test(`${name}: output.ts typechecks against the weft types`, (t) => {
    const missing = missingFromRuntime(name);
    if (missing.length > 0 || !existsSync(output)) {
      t.todo(`needs weft run / ${missing.join(", ")} from the runtime`);
      return;
    }
    assert.deepEqual(typeErrors([output]), []);
  });

  test(`${name}: weft run prints the same for input.ts and output.ts`, async (t) => {
    const missing = missingFromRuntime(name);
    if (missing.length > 0 || !existsSync(output)) {
      t.todo(`needs weft run / ${missing.join(", ")} from the runtime`);
      return;
    }
    const options = { cwd: join(fixtures, name), timeout: 120_000 };
    const before = await run(process.execPath, [cli, "run", input], options);
    const rewritten = await run(process.execPath, [cli, "run", output], options);
    assert.ok(before.stdout.trim().length > 0, "the input prints its result");
    assert.equal(rewritten.stdout, before.stdout);
  });
}

test("map: the client.map + gather alternative computes the same as the loop", async (t) => {
  if (!runtimeExports.has("Client")) {
    t.todo("needs weft run / Client from the runtime");
    return;
  }
  const input = join(fixtures, "map", "input.ts");
  const text = readFileSync(input, "utf8");
  const uri = await session.open(input, text);
  const [diagnostic] = (await session.diagnostics(uri, 1)).diagnostics;
  assert.ok(diagnostic);
  const actions = await session.codeActions(uri, diagnostic.range, [diagnostic]);
  const alternative = actions.find((a) => /client\.map/.test(a.title));
  assert.ok(alternative, "client.map is offered");
  assert.notEqual(alternative.isPreferred, true);
  const resolved = await session.resolve(alternative);
  await session.close(uri);
  const output = join(testOutputDir("server"), "map-client.ts");
  writeFileSync(output, applyLspEdits(text, resolved.edit?.changes?.[uri] ?? []));
  assert.match(readFileSync(output, "utf8"), /client\.gather\(client\.map\(score, names\)\)/);
  const options = { cwd: join(fixtures, "map"), timeout: 120_000 };
  const before = await run(process.execPath, [cli, "run", input], options);
  const rewritten = await run(process.execPath, [cli, "run", output], options);
  assert.equal(rewritten.stdout, before.stdout);
});
