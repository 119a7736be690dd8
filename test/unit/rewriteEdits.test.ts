/**
 * What the rewrites write: the `weft` import merged with an existing one or aliased around a
 * user's own name, the enclosing function made async (and its title saying so), `.map` callbacks.
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

/** The preferred rewrite of the first parallel loop: its title and the rewritten text. */
function rewrite(text: string, path = "/main.ts"): { title: string; text: string } {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true } });
  const file = project.createSourceFile(path, text);
  const purity = new PurityAnalysis(project);
  for (const report of analyzeFile(file, project).loops) {
    const [best] = rewritesFor(report, file, purity);
    if (!best) continue;
    const built = buildRewrite(report, best.id, file, purity);
    assert.ok(!(built instanceof RewriteFailure), String(built));
    return { title: built.title, text: applyEdits(text, built.edits) };
  }
  assert.fail("no rewrite offered");
}

test("an existing import from weft is extended, not duplicated", () => {
  const { text } = rewrite(
    `import { compute } from "weft";\n${WORK}\nexport async function main(xs: number[]) {\n  const out: number[] = [];\n  for (const x of xs) {\n    out.push(work(x));\n  }\n  return out;\n}\n`,
  );
  assert.match(text, /^import \{ compute, delayed, Delayed \} from "weft";$/m);
  assert.equal(text.match(/from "weft"/g)?.length, 1);
});

test("a user's own `delayed` keeps its name; Weft's is imported under an alias", () => {
  const { text } = rewrite(
    `${WORK}\nfunction delayed(ms: number) {\n  return ms;\n}\nexport async function main(xs: number[]) {\n  const out: number[] = [];\n  for (const x of xs) {\n    out.push(work(x));\n  }\n  return [out, delayed(1)];\n}\n`,
  );
  assert.match(text, /import \{ delayed as weftDelayed, compute, Delayed \} from "weft";/);
  assert.match(text, /weftDelayed\(work\)\(x\)/);
  assert.match(text, /return \[out, delayed\(1\)\];/);
});

test("a synchronous function becomes async, its return type a Promise, and the title says so", () => {
  const { title, text } = rewrite(
    `${WORK}\nexport function main(xs: number[]): number[] {\n  const out: number[] = [];\n  for (const x of xs) {\n    out.push(work(x));\n  }\n  return out;\n}\n`,
  );
  assert.match(title, /\(makes main async\)$/);
  assert.match(text, /export async function main\(xs: number\[\]\): Promise<number\[\]> \{/);
});

test("a .map callback becomes tasks computed together", () => {
  const { text } = rewrite(
    `${WORK}\nexport async function main(xs: number[]) {\n  const ys = xs.map((x) => work(x));\n  return ys;\n}\n`,
  );
  assert.match(text, /const ys = await compute\(\.\.\.xs\.map\(\(x\) => delayed\(work\)\(x\)\)\);/);
});

test("CommonJS files get a require, not an import", () => {
  const { text } = rewrite(
    `const fs = require("node:fs");\n${WORK.replace("n: number): number", "n)")}\nasync function main(xs) {\n  const out = [];\n  for (const x of xs) {\n    out.push(work(x));\n  }\n  return out;\n}\nmodule.exports = { main, fs };\n`,
    "/main.cjs",
  );
  assert.match(text, /^const \{ delayed, compute \} = require\("weft"\);$/m);
});

test("a Set union over what each call returns becomes parts merged as a tree of Sets", () => {
  const { text } = rewrite(
    `function words(t: string): string[] {\n  const out: string[] = [];\n  for (let i = 0; i < t.length; i++) out.push(t.slice(i, i + 2));\n  return out;\n}\nexport async function main(texts: string[]) {\n  const seen = new Set<string>();\n  for (const text of texts) {\n    for (const word of words(text)) seen.add(word);\n  }\n  return seen;\n}\n`,
  );
  assert.match(text, /seenParts\.push\(delayed\(words\)\(text\)\);/);
  assert.match(
    text,
    /delayed\(\(a: Iterable<string>, b: Iterable<string>\) => new Set\(\[\.\.\.a, \.\.\.b\]\)\)/,
  );
  assert.match(text, /for \(const item of value\) seen\.add\(item\);/);
});
