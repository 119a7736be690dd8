/**
 * Which top-level statements an edit makes the server judge again: the changed ones, and those
 * that use, directly or through others, a name a changed statement declares (or declared).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ts } from "ts-morph";
import {
  declaredNames,
  matchStatements,
  statementsToReanalyse,
  topLevelStatements,
} from "../../server/analysis/topLevel";

function statementsOf(text: string): ReturnType<typeof topLevelStatements> {
  return topLevelStatements(ts.createSourceFile("a.ts", text, ts.ScriptTarget.Latest, true));
}

/** The names of the statements `after` judges again, given the statements of `before`. */
function again(before: string, after: string): string[] {
  const old = statementsOf(before);
  const now = statementsOf(after);
  const match = matchStatements(old, now);
  const stale = statementsToReanalyse(old, now, match);
  return now.filter((_, i) => stale[i]).map((s) => s.declares.join(",") || s.fullText.trim());
}

const FILE = [
  'import { load } from "./io";',
  "function inner(n: number) { return n + 1; }",
  "function outer(n: number) { return inner(n) * 2; }",
  "function unrelated(xs: number[]) { for (const x of xs) load(x); }",
  "export function main(xs: number[]) { return xs.map((x) => outer(x)); }",
  "",
].join("\n");

test("an edit inside a callee re-judges it and every statement that reaches it by name", () => {
  assert.deepEqual(again(FILE, FILE.replace("n + 1", "n + 2")), ["inner", "outer", "main"]);
});

test("an edit to a statement nobody names re-judges only that statement", () => {
  assert.deepEqual(again(FILE, FILE.replace("load(x)", "load(x + 1)")), ["unrelated"]);
});

test("a new declaration re-judges the statements that used the name before it existed", () => {
  const added = FILE.replace("function inner", "const Math = 1;\nfunction inner");
  assert.deepEqual(
    again(FILE.replace("n + 1", "Math.abs(n)"), added.replace("n + 1", "Math.abs(n)")),
    ["Math", "inner", "outer", "main"],
  );
});

test("a removed declaration re-judges its users; statements after the edit still match", () => {
  const removed = FILE.replace("function inner(n: number) { return n + 1; }\n", "");
  assert.deepEqual(again(FILE, removed), ["outer", "main"]);
  const old = statementsOf(FILE);
  const now = statementsOf(removed);
  assert.deepEqual([...matchStatements(old, now)], [0, 2, 3, 4]);
});

test("an import that changes re-judges the statements using what it imports", () => {
  assert.deepEqual(again(FILE, FILE.replace('"./io"', '"./other-io"')), ["load", "unrelated"]);
});

test("declared names cover functions, classes, variables with patterns, imports and enums", () => {
  const source = ts.createSourceFile(
    "b.ts",
    [
      'import def, * as ns from "a";',
      'import { x as y, z } from "b";',
      "function f() {}",
      "class C {}",
      "const { p, q: [r, , s] } = obj, t = 1;",
      "enum E { A }",
      "for (const i of []) {}",
    ].join("\n"),
    ts.ScriptTarget.Latest,
    true,
  );
  assert.deepEqual(
    source.statements.map((s) => declaredNames(s)),
    [["def", "ns"], ["y", "z"], ["f"], ["C"], ["p", "r", "s", "t"], ["E"], []],
  );
});

test("a statement that starts changing a module variable re-judges those that read it", () => {
  const file = [
    "let offset = 0;",
    "function score(n: number) { return n + offset; }",
    "function twice(n: number) { return score(n) * 2; }",
    "function other(n: number) { let t = 0; t += n; return t; }",
    "export function main(xs: number[]) { return xs.map((x) => twice(x)); }",
    "",
  ].join("\n");
  const changed = file.replace("export function main(xs: number[]) {", "$& offset = 1;");
  // score reads offset; twice and main reach score by name. other only changes its own local.
  assert.deepEqual(again(file, changed), ["offset", "score", "twice", "main"]);
  assert.deepEqual(
    again(file, file.replace("t += n;", "t += n + 1;")),
    ["other"],
    "a function changing its own locals re-judges only itself",
  );
});
