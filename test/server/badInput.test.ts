/**
 * Bad input never crashes or hangs the server: syntax errors, a 20,000-line file, binary junk, a
 * file outside any tsconfig, loops nested 50 deep. Analyses are time-bounded with partial
 * results, a newer edit supersedes an older one, and each problem is logged at most once.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { repoRoot } from "../support/paths";
import { LspSession } from "./lspSession";

const HEAVY = [
  "function work(n: number): number {",
  "  let total = 0;",
  "  for (let i = 0; i < n; i++) total += i % 7;",
  "  return total;",
  "}",
].join("\n");

let session: LspSession;
interface AnalysisDone {
  uri: string;
  version: number;
  partial: boolean;
}
const analysed: AnalysisDone[] = [];
const analysedWaiters: (() => void)[] = [];

/** The server's weft/analysisDone notification for this version (sent after its diagnostics). */
async function analysisDone(uri: string, version: number): Promise<AnalysisDone> {
  for (;;) {
    const found = analysed.find((a) => a.uri === uri && a.version === version);
    if (found) return found;
    await new Promise<void>((resolve) => analysedWaiters.push(resolve));
  }
}
const scratch = mkdtempSync(join(tmpdir(), "weft-bad-input-"));
before(async () => {
  // A tight budget makes the big file stop early, as a slow machine would.
  session = await LspSession.start({ initializationOptions: { budgetMs: 150, debounceMs: 30 } });
  session.connection.onNotification("weft/analysisDone", (params: AnalysisDone) => {
    analysed.push(params);
    analysedWaiters.splice(0).forEach((wake) => wake());
  });
});
after(async () => {
  const code = await session.shutdown();
  rmSync(scratch, { recursive: true, force: true });
  assert.equal(code, 0, "the server exits cleanly after all of it");
});

function bigFile(lines: number): string {
  const out = [
    HEAVY,
    "export function main(items: number[]): number[] {",
    "  const out: number[] = [];",
  ];
  while (out.length < lines - 3) {
    out.push("  for (const item of items) {", "    out.push(work(item));", "  }");
  }
  out.push("  return out;", "}", "");
  return out.join("\n");
}

test("a file with syntax errors still gets its loops analysed", async () => {
  const text = `${HEAVY}\nexport function main(xs: number[]) {\n  const out = [];\n  for (const x of xs) {\n    out.push(work(x));\n  }\n  for (const y of xs {\n    out.push(work(y)\n  `;
  const uri = await session.open(join(scratch, "broken.ts"), text);
  const published = await session.diagnostics(uri, 1);
  assert.ok(
    published.diagnostics.some((d) => d.code === "parallel-map"),
    "the intact loop is still found",
  );
});

test("binary junk is read as text and yields nothing", async () => {
  const junk = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join(
    "",
  );
  const uri = await session.open(join(scratch, "junk.ts"), `\u0000${junk}\u0000`);
  const published = await session.diagnostics(uri, 1);
  assert.ok(Array.isArray(published.diagnostics));
});

test("a file outside any tsconfig is analysed like any other", async () => {
  const text = `${HEAVY}\nexport function main(xs: number[]) {\n  const out: number[] = [];\n  for (const x of xs) {\n    out.push(work(x));\n  }\n  return out;\n}\n`;
  const uri = await session.open(join(scratch, "loose.ts"), text);
  const published = await session.diagnostics(uri, 1);
  assert.deepEqual(
    published.diagnostics.map((d) => d.code),
    ["parallel-map"],
  );
});

test("loops nested 50 deep: one verdict for the outermost loop, no stack overflow", async () => {
  const depth = 50;
  const lines = [HEAVY, "export function main(xs: number[]) {", "  const out: number[] = [];"];
  for (let d = 0; d < depth; d++) lines.push(`${"  ".repeat(d + 1)}for (const x${d} of xs) {`);
  lines.push(`${"  ".repeat(depth + 1)}out.push(work(x${depth - 1}));`);
  for (let d = depth - 1; d >= 0; d--) lines.push(`${"  ".repeat(d + 1)}}`);
  lines.push("  return out;", "}", "");
  const uri = await session.open(join(scratch, "deep.ts"), lines.join("\n"));
  const published = await session.diagnostics(uri, 1);
  assert.equal(published.diagnostics.filter((d) => d.code === "parallel-map").length, 1);
});

test("a 20,000-line file: partial results within the budget, logged once, newer edits win", async () => {
  const text = bigFile(20_000);
  assert.ok(text.split("\n").length >= 20_000);
  const path = join(scratch, "big.ts");
  writeFileSync(path, text);
  const uri = await session.open(path, text);
  const first = await session.diagnostics(uri, 1);
  assert.ok(first.diagnostics.length > 0, "what was found before the budget ran out is shown");
  const done = await analysisDone(uri, 1);
  assert.equal(done.partial, true, "the analysis says its results are partial");

  // Five edits in a row: the server analyses the last; older ones are superseded.
  let version = 1;
  for (let edit = 0; edit < 5; edit++) {
    version = await session.change(uri, [
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        newText: `// edit ${edit}\n`,
      },
    ]);
  }
  await session.diagnostics(uri, version);
  const versions = session.published.filter((p) => p.uri === uri).map((p) => p.version ?? 0);
  assert.deepEqual(
    versions,
    [...versions].sort((a, b) => a - b),
    "never an older result after a newer one",
  );
  assert.ok(
    versions.length < 1 + 5,
    `superseded edits are not published (saw versions ${versions.join(", ")})`,
  );

  const budgetLogs = session.logs.filter(
    (l) => l.message.includes("big.ts") && l.message.includes("stopped after"),
  );
  assert.equal(budgetLogs.length, 1, "the budget message is logged once, not on every edit");
});

test("after all of it the server still answers, and logged each problem at most once", async () => {
  const uri = await session.open(
    join(repoRoot, "test-output", "after.ts"),
    "export const x = 1;\n",
  );
  await session.diagnostics(uri, 1);
  const hover = await session.hover(uri, { line: 0, character: 1 });
  assert.equal(hover, null);
  const messages = session.logs.map((l) => l.message);
  assert.equal(new Set(messages).size, messages.length, `no message twice: ${messages.join("\n")}`);
  assert.doesNotMatch(session.stderr, /Uncaught|RangeError|Maximum call stack/);
});
