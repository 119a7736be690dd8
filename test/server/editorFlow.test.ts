/**
 * The language server as an editor drives it, over stdio: initialize → didOpen →
 * publishDiagnostics → codeAction → codeAction/resolve → didChange → shutdown.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { DiagnosticSeverity, type MarkupContent } from "vscode-languageserver-protocol";
import { repoRoot } from "../support/paths";
import { applyLspEdits, LspSession, positionOf } from "./lspSession";

const fixtures = join(repoRoot, "test", "fixtures", "rewrites");
const sessions: LspSession[] = [];
after(() => sessions.forEach((s) => s.kill()));

async function start(...args: Parameters<typeof LspSession.start>): Promise<LspSession> {
  const session = await LspSession.start(...args);
  sessions.push(session);
  return session;
}

test("a parallel loop gets a diagnostic, a preferred rewrite built on resolve, and goes quiet once rewritten", async () => {
  const session = await start();
  const path = join(fixtures, "map", "input.ts");
  const text = readFileSync(path, "utf8");
  const uri = await session.open(path, text);

  const published = await session.diagnostics(uri, 1);
  const diagnostic = published.diagnostics.find((d) => d.code === "parallel-map");
  assert.ok(diagnostic, `a parallel-map diagnostic in ${JSON.stringify(published.diagnostics)}`);
  assert.equal(diagnostic.source, "weft");
  assert.equal(diagnostic.severity, DiagnosticSeverity.Information);
  assert.equal(diagnostic.range.start.line, positionOf(text, "for (const name of names)").line);
  assert.match(diagnostic.message, /independent/);
  assert.match(diagnostic.message, /score/);
  const related = diagnostic.relatedInformation ?? [];
  assert.ok(
    related.some((r) => r.message.includes("score") && r.location.uri === uri),
    "the heavy call is a related location",
  );
  // The inner `for` of score() carries `hash`: sequential, so no diagnostic by default.
  assert.equal(published.diagnostics.filter((d) => d.code === "sequential").length, 0);

  const actions = await session.codeActions(uri, diagnostic.range, [diagnostic]);
  const rewrites = actions.filter((a) => a.kind === "refactor.rewrite");
  assert.ok(rewrites.length >= 2, "delayed + compute and client.map are both offered");
  const preferred = rewrites.filter((a) => a.isPreferred);
  assert.equal(preferred.length, 1, "exactly one preferred rewrite");
  const [best] = preferred;
  assert.ok(best);
  assert.match(best.title, /delayed \+ compute/);
  assert.equal(best.edit, undefined, "edits are built in codeAction/resolve, not before");

  const resolved = await session.resolve(best);
  const edits = resolved.edit?.changes?.[uri];
  assert.ok(edits && edits.length > 0, "resolve fills in the edit");
  const rewritten = applyLspEdits(text, edits);
  assert.match(rewritten, /import \{ delayed, compute, Delayed \} from "weft";/);
  assert.match(rewritten, /\/\/ one task per file/, "the user's comment is kept");
  assert.match(rewritten, /scoresTasks\.push\(delayed\(score\)\(name\)\)/);

  const version = await session.change(uri, edits);
  const after = await session.diagnostics(uri, version);
  assert.deepEqual(
    after.diagnostics.filter((d) => d.code === "parallel-map"),
    [],
    "the rewritten loop builds tasks; nothing is left to suggest",
  );
  assert.equal(await session.shutdown(), 0);
});

test("a sequential loop: the hover names the blocking statement, and explainSequential adds a diagnostic", async () => {
  const path = join(fixtures, "sequential", "input.ts");
  const text = readFileSync(path, "utf8");

  const quiet = await start();
  const quietUri = await quiet.open(path, text);
  const published = await quiet.diagnostics(quietUri, 1);
  assert.deepEqual(published.diagnostics, [], "no diagnostic for a sequential loop by default");
  const hover = await quiet.hover(quietUri, positionOf(text, "for (const input"));
  assert.ok(hover, "a hover on the loop header");
  const markdown = (hover.contents as MarkupContent).value;
  assert.match(markdown, /sequential/);
  assert.match(markdown, /state = step\(state, input\)/, "the blocking statement is named");
  assert.match(markdown, /console\.log/, "the other reason is listed too");
  assert.equal(await quiet.shutdown(), 0);

  const explaining = await start({
    settings: () => ({ analysis: { enable: true, explainSequential: true } }),
  });
  const uri = await explaining.open(path, text);
  const explained = await explaining.diagnostics(uri, 1);
  const sequential = explained.diagnostics.filter((d) => d.code === "sequential");
  const [explanation] = sequential;
  assert.equal(sequential.length, 1, "the loop with work is explained; step's own loop has none");
  assert.ok(explanation);
  assert.equal(explanation.severity, DiagnosticSeverity.Information);
  assert.match(explanation.message, /carries 'state'/);
  assert.equal(await explaining.shutdown(), 0);
});

test("a lint on existing Weft code comes with a quick fix", async () => {
  const session = await start();
  const text = [
    'import { delayed, compute } from "weft";',
    "function inc(x: number): number {",
    "  let y = x;",
    "  for (let i = 0; i < 10; i++) y += 1;",
    "  return y;",
    "}",
    "export async function main() {",
    "  const a = delayed(inc(1));",
    "  compute(a);",
    "}",
    "",
  ].join("\n");
  const uri = await session.open(join(repoRoot, "test-output", "lint-demo.ts"), text);
  const published = await session.diagnostics(uri, 1);
  const codes = published.diagnostics.map((d) => d.code).sort();
  assert.deepEqual(codes, ["delayed-eager-call", "unawaited-result"]);
  for (const d of published.diagnostics) assert.equal(d.severity, DiagnosticSeverity.Warning);

  const eager = published.diagnostics.find((d) => d.code === "delayed-eager-call");
  assert.ok(eager);
  const [fix] = (await session.codeActions(uri, eager.range, [eager])).filter(
    (a) => a.kind === "quickfix",
  );
  assert.ok(fix, "a quick fix for delayed(f(x))");
  const resolved = await session.resolve(fix);
  const fixed = applyLspEdits(text, resolved.edit?.changes?.[uri] ?? []);
  assert.match(fixed, /const a = delayed\(inc\)\(1\);/);
  assert.equal(await session.shutdown(), 0);
});

test("open documents override disk: editing an imported function re-analyses the file that calls it", async () => {
  const session = await start();
  const dir = join(repoRoot, "test-output", "unsaved");
  const lib = [
    "export function score(n: number): number {",
    "  let s = 0;",
    "  for (let i = 0; i < n; i++) s += i % 7;",
    "  return s;",
    "}",
    "",
  ].join("\n");
  const main = [
    'import { score } from "./lib";',
    "export function main(xs: number[]): number[] {",
    "  const out: number[] = [];",
    "  for (const x of xs) {",
    "    out.push(score(x));",
    "  }",
    "  return out;",
    "}",
    "",
  ].join("\n");
  // Neither file exists on disk: the analysis reads both from the editor.
  const libUri = await session.open(join(dir, "lib.ts"), lib);
  const mainUri = await session.open(join(dir, "main.ts"), main);
  const before = await session.diagnostics(mainUri, 1);
  assert.deepEqual(
    before.diagnostics.map((d) => d.code),
    ["parallel-map"],
  );
  await session.diagnostics(libUri, 1);

  const logged = session.text(libUri).replace("  return s;", "  console.log(s);\n  return s;");
  await session.change(libUri, [
    {
      range: { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } },
      newText: logged,
    },
  ]);
  // main.ts did not change, so its version stays 1: wait for a second publish of it.
  const republished = await new Promise<string[]>((resolve, reject) => {
    const check = (): void => {
      const all = session.published.filter((p) => p.uri === mainUri);
      const latest = all.at(-1);
      if (all.length >= 2 && latest) resolve(latest.diagnostics.map((d) => String(d.code)));
      else if (session.child.exitCode !== null) reject(new Error("the server exited"));
      else setImmediate(check);
    };
    check();
  });
  assert.deepEqual(republished, [], "score now logs, so main's loop must stay sequential");
  assert.equal(await session.shutdown(), 0);
});

test("JavaScript documents (.mjs, .cjs, .jsx) are analysed and rewritten too", async () => {
  const session = await start();
  const body = [
    "function work(n) {",
    "  let t = 0;",
    "  for (let i = 0; i < n; i++) t += i % 7;",
    "  return t;",
    "}",
    "export async function main(xs) {",
    "  const out = [];",
    "  for (const x of xs) {",
    "    out.push(work(x));",
    "  }",
    "  return out;",
    "}",
    "",
  ].join("\n");
  for (const [name, languageId] of [
    ["esm.mjs", "javascript"],
    ["view.jsx", "javascriptreact"],
  ] as const) {
    const uri = await session.open(join(repoRoot, "test-output", name), body, languageId);
    const published = await session.diagnostics(uri, 1);
    const [diagnostic] = published.diagnostics;
    assert.equal(diagnostic?.code, "parallel-map", name);
    const [best] = (await session.codeActions(uri, diagnostic.range, [diagnostic])).filter(
      (a) => a.isPreferred,
    );
    assert.ok(best, name);
    const edits = (await session.resolve(best)).edit?.changes?.[uri] ?? [];
    assert.match(applyLspEdits(body, edits), /^import \{ delayed, compute \} from "weft";$/m);
  }
  const commonJs =
    body.replace("export async function", "async function") + "module.exports = { main };\n";
  const cjs = await session.open(
    join(repoRoot, "test-output", "plain.cjs"),
    `const path = require("node:path");\n${commonJs}`,
    "javascript",
  );
  const [diagnostic] = (await session.diagnostics(cjs, 1)).diagnostics;
  assert.equal(diagnostic?.code, "parallel-map");
  assert.equal(await session.shutdown(), 0);
});
