/**
 * Edit after edit, the incremental analysis (incremental parse, findings carried over for the
 * statements an edit cannot affect) gives exactly the findings of a fresh analysis of the same
 * text. Random edits, including ones that break the syntax, shift lines, rename or shadow
 * functions, and make a callee impure.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { DocumentAnalysis } from "../../server/analysis/documentAnalysis";
import type { Finding } from "../../server/analysis/findings";
import { IncrementalAnalysis } from "../../server/analysis/incremental";
import { AnalysisWorkspace } from "../../server/analysis/workspace";
import { INNER_AND_OUTER } from "../support/programs";

const PATH = "/virtual/incremental/main.ts";

const BASE = [
  "// Work, and the loops that call it.",
  ...INNER_AND_OUTER,
  "export function first(xs: number[]): number {",
  "  for (const x of xs) {",
  "    if (outer(x) > 3) return x;",
  "  }",
  "  return -1;",
  "}",
  "export function second(xs: number[]): number[] {",
  "  const out: number[] = [];",
  "  for (const x of xs) out.push(inner(x));",
  "  return out;",
  "}",
  "export function third(xs: number[]): number {",
  "  let total = 0;",
  "  for (const x of xs) total += outer(x);",
  "  return total;",
  "}",
  "const rows: number[] = [];",
  "for (const r of [1, 2, 3]) rows.push(inner(r));",
  "",
].join("\n");

/** Snippets an edit inserts: whitespace, lines, effects, new names, broken syntax. */
const SNIPPETS = [
  " ",
  "\n",
  "\n\n",
  "// note\n",
  "console.log(1);",
  "\nfunction inner(n: number) { return n; }\n",
  "\nconst outer = 3;\n",
  "{",
  "}",
  "x",
  "(",
  "inner(2);",
  "\nfunction extra(k: number) { for (const q of [k]) rows.push(inner(q)); return k; }\n",
];

function analyse(workspace: AnalysisWorkspace, incremental: IncrementalAnalysis, text: string) {
  workspace.setOpen(PATH, text);
  const file = workspace.snapshot(PATH);
  const analysis = new DocumentAnalysis(file);
  const steps = incremental.analyse(file, analysis);
  while (!steps.next().done);
  return { analysis, findings: analysis.findings({ explainSequential: true }) };
}

function fresh(text: string): Finding[] {
  const workspace = new AnalysisWorkspace();
  return analyse(workspace, new IncrementalAnalysis(workspace), text).findings;
}

const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 12 }),
  insert: fc.constantFrom(...SNIPPETS),
});

test("carried-over findings equal a fresh analysis after any sequence of edits", () => {
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
      const workspace = new AnalysisWorkspace();
      const incremental = new IncrementalAnalysis(workspace);
      let text = BASE;
      analyse(workspace, incremental, text);
      for (const { at, remove, insert } of edits) {
        const start = at % (text.length + 1);
        text = text.slice(0, start) + insert + text.slice(Math.min(text.length, start + remove));
        const { findings } = analyse(workspace, incremental, text);
        assert.deepEqual(findings, fresh(text), `after edits giving:\n${text}`);
      }
    }),
    { numRuns: 60 },
  );
});

test("an edit inside one function re-judges it and its callers only", () => {
  const workspace = new AnalysisWorkspace();
  const incremental = new IncrementalAnalysis(workspace);
  analyse(workspace, incremental, BASE);
  const edited = BASE.replace("return inner(n) + 1;", "return inner(n) + 2;");
  const { analysis } = analyse(workspace, incremental, edited);
  // outer, and first and third that call it; inner, second and the top-level loop keep theirs.
  assert.equal(analysis.reanalysed, 3);
  const typed = analyse(workspace, incremental, `${edited}// end\n`);
  assert.equal(typed.analysis.reanalysed, 0, "a comment at the end changes no statement");
});
