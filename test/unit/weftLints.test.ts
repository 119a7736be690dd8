/**
 * Lints for Weft code that already exists, after Dask's best practices.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Project } from "ts-morph";
import { analyzeFile } from "../../server/analysis/analyzeFile";
import { applyEdits } from "../../server/analysis/edits";

function lints(body: string): { code: string; message: string; fixed?: string }[] {
  const text = `import { delayed, compute, Client } from "weft";\nfunction inc(x: number): number {\n  return x + 1;\n}\n${body}\n`;
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile("/main.ts", text);
  return analyzeFile(file, project).lints.map((lint) => ({
    code: lint.code,
    message: lint.message,
    ...(lint.fix ? { fixed: applyEdits(text, lint.fix.edits) } : {}),
  }));
}

test("delayed(f(x)) runs f eagerly; the fix makes it a task", () => {
  const [lint] = lints(`export const a = delayed(inc(1));`);
  assert.equal(lint?.code, "delayed-eager-call");
  assert.match(lint.message, /calls inc now/);
  assert.match(lint.fixed ?? "", /export const a = delayed\(inc\)\(1\);/);
});

test("compute inside a loop", () => {
  const found = lints(
    `export async function main(xs: number[]) {\n  for (const x of xs) {\n    await compute(delayed(inc)(x));\n  }\n}`,
  );
  assert.deepEqual(
    found.map((l) => l.code),
    ["compute-in-loop"],
  );
});

test("a Delayed used as a condition or a loop bound", () => {
  const found = lints(
    `export async function main() {\n  const n = delayed(inc)(1);\n  if (n) console.log("always");\n  for (let i = 0; i < n; i++) console.log(i);\n}`,
  );
  assert.deepEqual(
    found.map((l) => l.code),
    ["delayed-in-condition", "delayed-in-condition"],
  );
});

test("a value changed after it was passed to a task", () => {
  const found = lints(
    `export async function main(client: Client) {\n  const items = [1, 2];\n  const f = client.submit(inc, items);\n  items.push(3);\n  return f;\n}`,
  );
  assert.deepEqual(
    found.map((l) => l.code),
    ["mutated-task-argument"],
  );
});

test("a compute or gather promise never awaited; the fix awaits it", () => {
  const [lint] = lints(`export async function main() {\n  compute(delayed(inc)(1));\n}`);
  assert.equal(lint?.code, "unawaited-result");
  assert.match(lint.fixed ?? "", / {2}await compute\(delayed\(inc\)\(1\)\);/);
});

test("a closure that captures a local cannot ship", () => {
  const found = lints(
    `export async function main(client: Client, k: number) {\n  return client.submit((x: number) => x * k, 2);\n}`,
  );
  assert.deepEqual(
    found.map((l) => l.code),
    ["closure-cannot-ship"],
  );
  assert.match(found[0]?.message ?? "", /'k'/);
});

test("files that do not import weft get no lints", () => {
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile(
    "/main.ts",
    `const delayed = (f: unknown) => f;\ndelayed(Math.max(1, 2));\n`,
  );
  assert.deepEqual(analyzeFile(file, project).lints, []);
});

test("a promise kept in a variable but never awaited; awaiting it later is fine", () => {
  const lost = lints(`export async function main() {\n  const p = compute(delayed(inc)(1));\n}`);
  assert.deepEqual(
    lost.map((l) => l.code),
    ["unawaited-result"],
  );
  const kept = lints(
    `export async function main() {\n  const p = compute(delayed(inc)(1));\n  return await p;\n}`,
  );
  assert.deepEqual(kept, []);
});

test("rejoin() not awaited goes on before it has a slot; the fix awaits it", () => {
  const project = new Project({ useInMemoryFileSystem: true });
  const text = [
    'import { getClient, rejoin, secede } from "weft";',
    "export async function parent(n: number): Promise<number> {",
    "  const child = getClient().submit((x: number) => x + 1, n);",
    "  secede();",
    "  const value = await child;",
    "  rejoin();",
    "  return value;",
    "}",
    "export async function awaited(): Promise<void> {",
    "  secede();",
    "  await rejoin();",
    "}",
    "",
  ].join("\n");
  const file = project.createSourceFile("/tasks.ts", text);
  const found = analyzeFile(file, project).lints;
  assert.deepEqual(
    found.map((lint) => lint.code),
    ["unawaited-rejoin"],
    "only the rejoin() without await",
  );
  const fix = found[0]?.fix;
  assert.ok(fix);
  assert.match(applyEdits(text, fix.edits), /\n {2}await rejoin\(\);\n {2}return value;/);
});
