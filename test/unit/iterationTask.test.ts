/**
 * The map rewrite for bodies with guards and results used in expressions: the body becomes one
 * task per iteration. Offered only where the moved body computes exactly what it did in place.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Project } from "ts-morph";
import { analyzeFile } from "../../server/analysis/analyzeFile";
import { applyEdits } from "../../server/analysis/edits";
import { PurityAnalysis } from "../../server/analysis/purity";
import { RewriteFailure } from "../../server/analysis/rewrite/context";
import { buildRewrite, rewritesFor } from "../../server/analysis/rewrite/rewrites";

const WORK = `function work(n: number): number {
  let t = 0;
  for (let i = 0; i < n; i++) t += i % 7;
  return t;
}`;

/** The verdict of the first loop that calls work, and its preferred rewrite's text if any. */
function rewriteOf(text: string, path = "/main.ts"): { verdict: string; text?: string } {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true } });
  const file = project.createSourceFile(path, text);
  const purity = new PurityAnalysis(project);
  const report = analyzeFile(file, project).loops.find(
    (l) => !l.partOf && /work\(/.test(l.verdict.facts.body.getText()),
  );
  assert.ok(report, "a loop that calls work");
  const [best] = rewritesFor(report, file, purity);
  if (!best) return { verdict: report.verdict.kind };
  const built = buildRewrite(report, best.id, file, purity);
  assert.ok(!(built instanceof RewriteFailure), String(built));
  return { verdict: report.verdict.kind, text: applyEdits(text, built.edits) };
}

function main(body: string, before = ""): string {
  return `${WORK}\n${before}export async function main(xs: number[], limit: number) {\n  const out: number[] = [];\n${body}\n  return out;\n}\n`;
}

test("a guarded body with a result used in an expression becomes one task per iteration", () => {
  const { text } = rewriteOf(
    main(
      "  for (const x of xs) {\n    if (x < 0) continue;\n    const w = work(x);\n    if (w > limit) continue;\n    out.push(w * 2 + 1);\n  }",
    ),
  );
  assert.ok(text);
  assert.match(text, /function outIteration\(x: number, limit: number\): number\[\] \{/);
  assert.match(text, /if \(x < 0\) return collected;/);
  assert.match(text, /collected\.push\(w \* 2 \+ 1\);\n {2}return collected;\n\}/);
  assert.match(text, /outTasks\.push\(delayed\(outIteration\)\(x, limit\)\);/);
  assert.match(
    text,
    /for \(const items of await compute\(\.\.\.outTasks\)\) out\.push\(\.\.\.items\);/,
  );
  assert.doesNotMatch(text.slice(text.indexOf("async function main")), /continue/);
});

test("a counting loop passes its counter, and an inner loop's pushes keep their order", () => {
  const { text } = rewriteOf(
    main(
      "  for (let i = 0; i < xs.length; i++) {\n    for (let k = 0; k < 3; k++) {\n      if (k === 1) continue;\n      out.push(work(xs[i] ?? 0) + k);\n    }\n  }",
    ),
  );
  assert.ok(text);
  assert.match(text, /function outIteration\(i: number, xs: number\[\]\): number\[\] \{/);
  // The inner loop's `continue` is its own: it stays.
  assert.match(text, /if \(k === 1\) continue;/);
  assert.match(text, /for \(let i = 0; i < xs\.length; i\+\+\) \{\n\s+outTasks\.push/);
});

test("JavaScript gets the same rewrite without types", () => {
  const js = `function work(n) {\n  let t = 0;\n  for (let i = 0; i < n; i++) t += i % 7;\n  return t;\n}\nexport async function main(xs) {\n  const out = [];\n  for (const x of xs) {\n    if (x % 2) continue;\n    out.push(work(x) + 1);\n  }\n  return out;\n}\n`;
  const { text } = rewriteOf(js, "/main.mjs");
  assert.ok(text);
  assert.match(text, /function outIteration\(x\) \{\n {2}const collected = \[\];/);
  assert.match(text, /const outTasks = \[\];/);
});

const NOT_OFFERED: [string, string, string?][] = [
  [
    "module state a worker would not share",
    "  for (const x of xs) {\n    if (x > seen) continue;\n    out.push(work(x) + 1);\n  }",
    "let seen = 3;\n",
  ],
  [
    "a module constant the file changes later",
    "  for (const x of xs) {\n    if (x < 0) continue;\n    out.push(work(x) + (WEIGHTS[0] ?? 0));\n  }",
    "const WEIGHTS = [1, 2];\nexport function reweigh() {\n  WEIGHTS.push(3);\n}\n",
  ],
  [
    "a captured object that may not survive the copy",
    "  const stamp = new Date(0);\n  for (const x of xs) {\n    if (x < 0) continue;\n    out.push(work(x) + +stamp);\n  }",
  ],
  [
    "a global the worker may not have",
    "  for (const x of xs) {\n    if (x < 0) continue;\n    out.push(work(x) + Number(process.env.BONUS));\n  }",
  ],
  [
    "items that are class instances (their methods would stay behind)",
    "  for (const x of xs.map((n) => new Box(n))) {\n    if (x.n < 0) continue;\n    out.push(work(x.n) + 1);\n  }",
    "class Box {\n  constructor(readonly n: number) {}\n}\n",
  ],
  [
    "a type declared in the function around the loop",
    "  type Pair = [number, number];\n  for (const x of xs) {\n    if (x < 0) continue;\n    const p: Pair = [x, work(x)];\n    out.push(p[1]);\n  }",
  ],
  [
    "a labelled loop",
    "  rows: for (const x of xs) {\n    if (x < 0) continue rows;\n    out.push(work(x) + 1);\n  }",
  ],
  [
    "a push inside a callback",
    "  for (const x of xs) {\n    if (x < 0) continue;\n    [work(x)].forEach((w) => out.push(w + 1));\n  }",
  ],
];

for (const [why, body, before] of NOT_OFFERED) {
  test(`no rewrite for ${why}`, () => {
    const result = rewriteOf(main(body, before));
    assert.equal(result.verdict, "map", "the loop is still worth parallelising");
    assert.equal(result.text, undefined, `rewrote a loop it must not:\n${result.text}`);
  });
}

test("a typed captured value is passed by its written type, widened from a literal", () => {
  const { text } = rewriteOf(
    main(
      "  const bonus = 7;\n  for (const x of xs) {\n    if (x < 0) continue;\n    out.push(work(x) + bonus);\n  }",
    ),
  );
  assert.ok(text);
  assert.match(text, /function outIteration\(x: number, bonus: number\): number\[\]/);
});

test("module constants written in literals stay in the moved body: the worker has the same", () => {
  const { text } = rewriteOf(
    main(
      "  for (const x of xs) {\n    if (x < 0) continue;\n    out.push(work(x) + (WEIGHTS[x % 2] ?? 0) + LIMITS.low);\n  }",
      "const WEIGHTS = [1, 2];\nconst LIMITS = { low: 0, high: 10 };\n",
    ),
  );
  assert.ok(text);
  assert.match(text, /function outIteration\(x: number\): number\[\]/);
  assert.match(text, /collected\.push\(work\(x\) \+ \(WEIGHTS\[x % 2\] \?\? 0\) \+ LIMITS\.low\);/);
});

test("an untyped array takes its type from what is pushed into it", () => {
  const project = new Project({ useInMemoryFileSystem: true });
  const text = [
    WORK,
    "export async function main(xs: number[]) {",
    "  const rows = [];",
    "  for (const x of xs) {",
    "    if (x < 0) continue;",
    "    rows.push({ x, score: work(x) });",
    "  }",
    "  return rows;",
    "}",
    "",
  ].join("\n");
  const file = project.createSourceFile("/rows.ts", text);
  const purity = new PurityAnalysis(project);
  const report = analyzeFile(file, project).loops.find((l) => !l.partOf && l.site.line === 8);
  assert.ok(report);
  const [best] = rewritesFor(report, file, purity);
  assert.ok(best, "a rewrite is offered");
  const built = buildRewrite(report, best.id, file, purity);
  assert.ok(!(built instanceof RewriteFailure), String(built));
  const rewritten = applyEdits(text, built.edits);
  assert.match(
    rewritten,
    /const rowsTasks: Delayed<\(\{ x: number; score: number; \}\)\[\]>\[\] = \[\];/,
  );
  // test/fixtures/rewrites/map-untyped runs and typechecks such a rewrite against weft's types.
});
