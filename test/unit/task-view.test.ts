/** The entry file's task view keeps imports and needed declarations, on the same lines. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { prependOnFirstLine, registrationStatement } from "../../runtime/src/loader/registration";
import { taskViewSource } from "../../runtime/src/loader/task-view";
import { topLevelStatements } from "../../runtime/src/loader/top-level";

const program = [
  'import { createHash } from "node:crypto";',
  'console.log("side effect");',
  "const SALT = prefix();",
  'function prefix() { return "p"; }',
  "const unrelated = fetchSomething();",
  "function digest(text) {",
  '  return createHash("sha256").update(SALT + text).digest("hex");',
  "}",
  "export const twice = (x) => x * 2;",
  "await main();",
].join("\n");

test("the task view keeps imports and what shipped functions need, and blanks the rest", () => {
  const view = taskViewSource(program, topLevelStatements(program));
  const lines = view.split("\n");
  assert.equal(lines.length, program.split("\n").length, "same lines");
  assert.match(lines[0] ?? "", /import \{ createHash \}/);
  assert.equal(lines[1]?.trim(), "", "side effect blanked");
  assert.match(lines[2] ?? "", /const SALT = prefix\(\);/, "needed by digest");
  assert.match(lines[3] ?? "", /function prefix/, "needed by SALT");
  assert.equal(lines[4]?.trim(), "", "not needed by any function");
  assert.match(lines[5] ?? "", /function digest/);
  assert.match(lines[8] ?? "", /export const twice/);
  assert.equal(lines[9]?.trim(), "", "top-level await blanked");
});

test("registration goes on the first line (after a #! line) and names the functions", () => {
  const statements = topLevelStatements(program);
  assert.deepEqual(
    statements.flatMap((s) => s.functions),
    ["prefix", "digest", "twice"],
  );
  const registration = registrationStatement(["digest"]);
  const withShebang = prependOnFirstLine("#!/usr/bin/env node\nfoo();\n", registration);
  assert.equal(withShebang.split("\n").length, 3);
  assert.ok(withShebang.split("\n")[1]?.startsWith("globalThis[Symbol.for"));
  assert.match(registration, /case "digest": return digest;/);
});

test("a TypeScript enum a function needs is kept whole: its declaration and its body", () => {
  const source = [
    'var Color; (function (Color) { const Red = 0; Color[Color["Red"] = Red] = "Red"; })(Color || (Color = {}));',
    'var Unused; (function (Unused) { const A = 0; Unused[Unused["A"] = A] = "A"; })(Unused || (Unused = {}));',
    "function paint(c) { return Color[c]; }",
  ].join("\n");
  const lines = taskViewSource(source, topLevelStatements(source)).split("\n");
  assert.match(lines[0] ?? "", /^var Color; \(function \(Color\)/);
  assert.equal(lines[1]?.trim(), "", "an enum nothing needs is blanked");
  assert.match(lines[2] ?? "", /function paint/);
});
