/**
 * After an edit the server judges again only the top-level statements that may have changed and
 * carries the other findings over. These tests edit documents over stdio and compare what is
 * published with what a fresh server publishes for the same text, so a finding carried over
 * wrongly (a stale verdict, a moved range, an old line number in a message) fails them.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, test } from "node:test";
import type { Diagnostic, TextEdit } from "vscode-languageserver-protocol";
import { applyLspEdits, LspSession, positionOf } from "./lspSession";
import { INNER_AND_OUTER } from "../support/programs";

const scratch = mkdtempSync(join(tmpdir(), "weft-incremental-"));
const sessions: LspSession[] = [];
after(() => {
  sessions.forEach((s) => s.kill());
  rmSync(scratch, { recursive: true, force: true });
});

const explain = { analysis: { enable: true, explainSequential: true } };

async function start(): Promise<LspSession> {
  const session = await LspSession.start({ settings: () => explain });
  sessions.push(session);
  return session;
}

/** What a server that never saw an earlier version publishes for `text` at `path`. */
async function fresh(session: LspSession, path: string, text: string): Promise<Diagnostic[]> {
  const uri = await session.open(path, text);
  const published = await session.diagnostics(uri, 1);
  await session.close(uri);
  session.published.splice(0);
  return published.diagnostics;
}

/** Replaces the first occurrence of `from` with `to`, as an incremental change. */
/** Polls for something the server sends unasked (bounded, so a missing message fails). */
async function until<T>(find: () => T | undefined): Promise<T> {
  for (let tries = 0; tries < 300; tries++) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the server sent nothing new");
}

function replace(text: string, from: string, to: string): TextEdit {
  const start = positionOf(text, from);
  const lines = from.split("\n");
  const end =
    lines.length === 1
      ? { line: start.line, character: start.character + from.length }
      : { line: start.line + lines.length - 1, character: lines.at(-1)?.length ?? 0 };
  return { range: { start, end }, newText: to };
}

function codesOf(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}

const SAME_FILE = [
  ...INNER_AND_OUTER,
  "export function main(xs: number[]): number[] {",
  "  const out: number[] = [];",
  "  for (const x of xs) {",
  "    out.push(outer(x));",
  "  }",
  "  return out;",
  "}",
  "export function other(xs: number[]): number[] {",
  "  const got: number[] = [];",
  "  for (const x of xs) got.push(inner(x));",
  "  return got;",
  "}",
  "",
].join("\n");

test("an edit that changes a callee's purity changes its callers' verdicts in the same file", async () => {
  const session = await start();
  const checker = await start();
  const path = join(scratch, "same.ts");
  const uri = await session.open(path, SAME_FILE);
  const first = await session.diagnostics(uri, 1);
  assert.equal(
    first.diagnostics.filter((d) => d.code === "parallel-map").length,
    2,
    "both loops that call inner (directly or through outer) are parallel",
  );

  // inner now writes to the console: main (through outer) and other must stay sequential.
  const logging = await session.change(uri, [
    replace(session.text(uri), "  return s;", "  console.log(s);\n  return s;"),
  ]);
  const afterLog = await session.diagnostics(uri, logging);
  assert.equal(
    afterLog.diagnostics.filter((d) => d.code === "parallel-map").length,
    0,
    `no loop calling inner is parallel any more: ${JSON.stringify(codesOf(afterLog.diagnostics))}`,
  );
  assert.deepEqual(afterLog.diagnostics, await fresh(checker, path, session.text(uri)));

  // And back: the verdicts return, in the same places as a fresh analysis puts them.
  const quiet = await session.change(uri, [replace(session.text(uri), "  console.log(s);\n", "")]);
  const afterQuiet = await session.diagnostics(uri, quiet);
  assert.equal(afterQuiet.diagnostics.filter((d) => d.code === "parallel-map").length, 2);
  assert.deepEqual(afterQuiet.diagnostics, await fresh(checker, path, session.text(uri)));
  await session.shutdown();
  await checker.shutdown();
});

const PURE_SCORE =
  "export function score(n: number): number {\n  let s = 0;\n  for (let i = 0; i < n; i++) s += i % 7;\n  return s;\n}\n";
/** A main.ts whose loop calls lib's score: a map while score is pure. */
const MAIN_OVER_LIB = [
  'import { score } from "./lib";',
  "export function main(xs: number[]): number[] {",
  "  const out: number[] = [];",
  "  for (const x of xs) out.push(score(x));",
  "  return out;",
  "}",
];
const LOGGING_SCORE = PURE_SCORE.replace("  return s;", "  console.log(s);\n  return s;");

/**
 * A folder with lib.ts on disk (a pure `score`) and main.ts open, whose loop calls it: a map.
 * Gives the session, lib's path and main's uri.
 */
async function mainOverLibOnDisk(
  folder: string,
): Promise<{ session: LspSession; libPath: string; uri: string }> {
  const session = await start();
  const dir = mkdtempSync(join(scratch, folder));
  const libPath = join(dir, "lib.ts");
  writeFileSync(libPath, PURE_SCORE);
  const main = [...MAIN_OVER_LIB, "// a comment the user edits", ""].join("\n");
  const uri = await session.open(join(dir, "main.ts"), main);
  assert.deepEqual(codesOf((await session.diagnostics(uri, 1)).diagnostics), ["parallel-map"]);
  return { session, libPath, uri };
}

/** Diagnostics after score started logging: the loop must stay sequential, and says why. */
function assertSequentialNow(published: { diagnostics: Diagnostic[] }): void {
  const codes = codesOf(published.diagnostics);
  assert.ok(!codes.includes("parallel-map"), `score now logs: ${JSON.stringify(codes)}`);
  assert.ok(codes.includes("sequential"), "explainSequential says why");
}

test("an edit to an imported file on disk changes the importer's verdict at its next edit", async () => {
  const { session, libPath, uri } = await mainOverLibOnDisk("disk-");
  // score changes on disk (another tool, a git checkout), then the user types elsewhere in main.
  writeFileSync(libPath, LOGGING_SCORE);
  const version = await session.change(uri, [
    replace(session.text(uri), "a comment", "another comment"),
  ]);
  assertSequentialNow(await session.diagnostics(uri, version));
  await session.shutdown();
});

test("a file changed on disk, as the editor's watcher reports it, re-analyses its open importers", async () => {
  const { session, libPath, uri } = await mainOverLibOnDisk("watched-");
  const seen = session.published.length;
  // score changes on disk (a git checkout); main is not edited.
  writeFileSync(libPath, LOGGING_SCORE);
  await session.connection.sendNotification("workspace/didChangeWatchedFiles", {
    changes: [{ uri: pathToFileURL(libPath).toString(), type: 2 }],
  });
  assertSequentialNow(
    await until(() => session.published.slice(seen).find((params) => params.uri === uri)),
  );
  await session.shutdown();
});

test("an edit to an open imported file changes the verdict in the importer, then edits to the importer keep it", async () => {
  const session = await start();
  const dir = mkdtempSync(join(scratch, "open-"));
  const lib = PURE_SCORE;
  const main = [...MAIN_OVER_LIB, "export const label = 'v1';", ""].join("\n");
  const libUri = await session.open(join(dir, "lib.ts"), lib);
  const mainUri = await session.open(join(dir, "main.ts"), main);
  assert.deepEqual(codesOf((await session.diagnostics(mainUri, 1)).diagnostics), ["parallel-map"]);
  await session.diagnostics(libUri, 1);

  await session.change(libUri, [
    replace(session.text(libUri), "  return s;", "  process.stdout.write(String(s));\n  return s;"),
  ]);
  // Edit main at once too: whichever analysis of main comes last must know lib changed.
  const version = await session.change(mainUri, [replace(session.text(mainUri), "'v1'", "'v2'")]);
  const published = await session.diagnostics(mainUri, version);
  assert.ok(!codesOf(published.diagnostics).includes("parallel-map"));
  const again = await session.change(mainUri, [replace(session.text(mainUri), "'v2'", "'v3'")]);
  const later = await session.diagnostics(mainUri, again);
  assert.ok(!codesOf(later.diagnostics).includes("parallel-map"), "an unrelated edit keeps it");
  await session.shutdown();
});

test("many rapid edits end with the diagnostics of the last text, as a fresh analysis gives them", async () => {
  const session = await start();
  const checker = await start();
  const path = join(scratch, "rapid.ts");
  const uri = await session.open(path, SAME_FILE);
  await session.diagnostics(uri, 1);
  let version = 1;
  // Typing, new lines above the loops, a callee made impure and pure again, a new shadowing
  // declaration: sent one after another without waiting, as fast as a user never types.
  const steps: [string, string][] = [
    ["function inner", "// helpers\nfunction inner"],
    ["i % 7", "i % 11"],
    ["  return s;", "  console.log(s);\n  return s;"],
    ["// helpers\n", "// helpers\n// more\n\n"],
    ["  console.log(s);\n", ""],
    ["export function other", "function console_(x: number) { return x; }\nexport function other"],
    ["got.push(inner(x))", "got.push(inner(x) + outer(x))"],
    ["const out: number[] = [];", "const out: number[] = [];\n  let calls = 0;"],
    ["out.push(outer(x));", "out.push(outer(x));\n    calls++;"],
  ];
  for (let round = 0; round < 3; round++) {
    for (const [from, to] of steps) {
      const text = session.text(uri);
      if (!text.includes(from)) continue;
      version = await session.change(uri, [replace(text, from, to)]);
    }
  }
  const last = await session.diagnostics(uri, version);
  assert.ok(
    !session.published.some((p) => p.uri === uri && (p.version ?? 0) > version),
    "nothing newer than the last edit",
  );
  assert.deepEqual(last.diagnostics, await fresh(checker, path, session.text(uri)));
  await session.shutdown();
  await checker.shutdown();
});

test("findings carried over move with their loop, messages name the new lines, and their rewrites apply", async () => {
  const session = await start();
  const checker = await start();
  const path = join(scratch, "moves.ts");
  const text = [
    "function unrelated(): number {",
    "  return 1;",
    "}",
    "function work(n: number): number {",
    "  let s = 0;",
    "  for (let i = 0; i < n; i++) s += i % 7;",
    "  return s;",
    "}",
    "export function first(xs: number[]): number {",
    "  for (const x of xs) {",
    "    if (work(x) > 3) return x;",
    "  }",
    "  return -1;",
    "}",
    "export async function second(xs: number[]): Promise<number[]> {",
    "  const out: number[] = [];",
    "  for (const x of xs) out.push(work(x));",
    "  return out;",
    "}",
    "",
  ].join("\n");
  const uri = await session.open(path, text);
  const before = await session.diagnostics(uri, 1);
  const early = before.diagnostics.find((d) => d.code === "sequential");
  assert.ok(early, "explainSequential shows the early return");
  assert.match(early.message, /line 11/);

  // Two new lines inside `unrelated`: nothing else changes, but everything below moves down.
  const version = await session.change(uri, [
    replace(session.text(uri), "  return 1;", "\n\n  return 1;"),
  ]);
  const moved = await session.diagnostics(uri, version);
  const movedEarly = moved.diagnostics.find((d) => d.code === "sequential");
  assert.ok(movedEarly);
  assert.match(movedEarly.message, /line 13/);
  const map = moved.diagnostics.find((d) => d.code === "parallel-map");
  assert.ok(map);
  const current = session.text(uri);
  assert.equal(map.range.start.line, positionOf(current, "for (const x of xs) out").line);
  assert.deepEqual(moved.diagnostics, await fresh(checker, path, current));

  // The rewrite of a loop whose finding was carried over is built on the current text.
  const hover = await session.hover(uri, map.range.start);
  assert.match(JSON.stringify(hover?.contents ?? ""), /parallel-map/);
  const actions = await session.codeActions(uri, map.range, [map]);
  const preferred = actions.find((a) => a.isPreferred);
  assert.ok(preferred, `a preferred rewrite among ${JSON.stringify(actions.map((a) => a.title))}`);
  const resolved = await session.resolve(preferred);
  const rewritten = applyLspEdits(current, resolved.edit?.changes?.[uri] ?? []);
  assert.match(rewritten, /outTasks\.push\(delayed\(work\)\(x\)\);/);
  assert.match(rewritten, /function unrelated\(\): number \{\n\n\n {2}return 1;/);
  await session.shutdown();
  await checker.shutdown();
});
