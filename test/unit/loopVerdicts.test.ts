/**
 * Loop verdicts, decided by the pure analysis (ts-morph, no LSP), over small in-memory projects.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Project } from "ts-morph";
import { analyzeFile, type FileAnalysis } from "../../server/analysis/analyzeFile";

const WORK = `function work(n: number): number {
  let t = 0;
  for (let i = 0; i < n; i++) t += i % 7;
  return t;
}`;

function analyze(files: Record<string, string>, entry = "/main.ts"): FileAnalysis {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true } });
  for (const [path, text] of Object.entries(files)) project.createSourceFile(path, text);
  const file = project.getSourceFileOrThrow(entry);
  return analyzeFile(file, project);
}

/** The verdict of the loop on `line` (1-based), and its reasons. */
function verdictAt(analysis: FileAnalysis, line: number): { kind: string; text: string } {
  const report = analysis.loops.find((l) => l.site.line === line);
  assert.ok(report, `a loop on line ${line}: ${analysis.loops.map((l) => l.site.line).join(", ")}`);
  const text = [report.verdict.message, ...report.verdict.blockers.map((b) => b.message)].join(
    "\n",
  );
  return { kind: report.verdict.kind, text };
}

function loopIn(body: string, prelude = WORK): Record<string, string> {
  return {
    "/main.ts": `${prelude}\nexport function main(xs: number[]) {\n  const out: number[] = [];\n${body}\n  return out;\n}\n`,
  };
}
/** Line of the first statement of `body` in `loopIn`. */
const BODY_LINE = 8;

test("a pure function imported from another file of the project makes a map", () => {
  const analysis = analyze({
    "/lib.ts": `export function score(n: number): number {\n  let s = 0;\n  for (let i = 0; i < n; i++) s += Math.sqrt(i);\n  return s;\n}\n`,
    "/main.ts": `import { score } from "./lib";\nexport function main(xs: number[]) {\n  const out: number[] = [];\n  for (const x of xs) {\n    out.push(score(x));\n  }\n  return out;\n}\n`,
  });
  const verdict = verdictAt(analysis, 4);
  assert.equal(verdict.kind, "map");
  assert.match(verdict.text, /score/);
});

test("an imported function that writes module state keeps the loop sequential, and says where", () => {
  const analysis = analyze({
    "/lib.ts": `let calls = 0;\nexport function score(n: number): number {\n  calls++;\n  let s = 0;\n  for (let i = 0; i < n; i++) s += i;\n  return s;\n}\n`,
    "/main.ts": `import { score } from "./lib";\nexport function main(xs: number[]) {\n  const out: number[] = [];\n  for (const x of xs) {\n    out.push(score(x));\n  }\n  return out;\n}\n`,
  });
  const verdict = verdictAt(analysis, 4);
  assert.equal(verdict.kind, "sequential");
  assert.match(verdict.text, /calls/);
});

test("a function from a package is unknown, so the loop stays as it is", () => {
  const analysis = analyze(
    loopIn(
      `  for (const x of xs) {\n    out.push(transform(x));\n  }`,
      `import { transform } from "some-package";`,
    ),
  );
  const report = analysis.loops[0];
  assert.ok(report);
  assert.equal(report.verdict.kind, "sequential");
  assert.match(report.verdict.message, /some-package.*not known/);
});

test("known built-ins are side-effect free: JSON.parse per item is a map", () => {
  const analysis = analyze({
    "/main.ts": `export function main(texts: string[]) {\n  const out: unknown[] = [];\n  for (const t of texts) {\n    out.push(JSON.parse(t));\n  }\n  return out;\n}\n`,
  });
  assert.equal(verdictAt(analysis, 3).kind, "map");
});

test("console output inside a called function keeps its order", () => {
  const helper = `function noisy(n: number): number {\n  console.log(n);\n  return work(n);\n}`;
  const analysis = analyze(
    loopIn(`  for (const x of xs) {\n    out.push(noisy(x));\n  }`, `${WORK}\n${helper}`),
  );
  const report = analysis.loops.find((l) => l.verdict.facts.body.getText().includes("noisy(x)"));
  assert.ok(report);
  assert.equal(report.verdict.kind, "sequential");
  assert.match(report.verdict.message, /console\.log.*order/);
});

for (const [name, body, reason] of [
  [
    "an early exit that depends on a result",
    `  for (const x of xs) {\n    const y = work(x);\n    if (y > 10) break;\n    out.push(y);\n  }`,
    /break.*exits early/,
  ],
  [
    "a value carried to the next iteration",
    `  let last = 0;\n  for (const x of xs) {\n    last = work(x + last);\n    out.push(last);\n  }`,
    /carries 'last'/,
  ],
  [
    "a write to shared state",
    `  const seen = new Set<number>();\n  for (const x of xs) {\n    seen.add(work(x));\n  }`,
    /shared state 'seen'/,
  ],
  [
    "reading the collection while building it",
    `  for (const x of xs) {\n    out.push(work(x) + out.length);\n  }`,
    /reads 'out'/,
  ],
  [
    "a subtraction, which is not associative",
    `  let total = 0;\n  for (const x of xs) {\n    total = total - work(x);\n  }`,
    /carries 'total'/,
  ],
] as const) {
  test(`${name} keeps a loop sequential`, () => {
    const analysis = analyze(loopIn(body));
    const report = analysis.loops.find((l) => l.site.line >= BODY_LINE);
    assert.ok(report);
    assert.equal(report.verdict.kind, "sequential", report.verdict.message);
    assert.match(report.verdict.message, reason);
  });
}

test("writes to this keep a method's loop sequential", () => {
  const analysis = analyze({
    "/main.ts": `${WORK}\nexport class Totals {\n  last = 0;\n  run(xs: number[]) {\n    for (const x of xs) {\n      this.last = work(x);\n    }\n  }\n}\n`,
  });
  const verdict = verdictAt(analysis, 9);
  assert.equal(verdict.kind, "sequential");
  assert.match(verdict.text, /writes to this/);
});

test("a function that reads a module variable the program changes cannot ship", () => {
  const lines = [
    "let offset = 0;",
    "function score(n: number): number {",
    "  let t = 0;",
    "  for (let i = 0; i < n; i++) t += i % 7;",
    "  return t + offset;",
    "}",
    "function scoreAll(n: number): number {",
    "  return score(n) * 2;",
    "}",
    "export function main(xs: number[]) {",
    "  offset = 10;",
    "  const out: number[] = [];",
    "  for (const x of xs) {",
    "    out.push(scoreAll(x));",
    "  }",
    "  return out;",
    "}",
    "",
  ];
  const changed = analyze({ "/main.ts": lines.join("\n") });
  const verdict = verdictAt(changed, 13);
  assert.equal(verdict.kind, "sequential");
  assert.match(verdict.text, /scoreAll cannot ship.*reads 'offset' \(line 5\).*pass 'offset'/);

  // Never changed after its declaration, it is the same in every worker: the loop is a map.
  const unchanged = analyze({
    "/main.ts": lines.filter((line) => line !== "  offset = 10;").join("\n"),
  });
  assert.equal(verdictAt(unchanged, 12).kind, "map");
  // Changed through a method is changed too.
  const pushed = analyze({
    "/main.ts": lines
      .map((line) => line.replace("let offset = 0;", "const offsets: number[] = [0];"))
      .map((line) => line.replace("t + offset", "t + offsets[0]!"))
      .map((line) => line.replace("offset = 10;", "offsets.push(10);"))
      .join("\n"),
  });
  assert.equal(verdictAt(pushed, 13).kind, "sequential");
});

test("a function that captures a local cannot ship", () => {
  const analysis = analyze({
    "/main.ts": `export function main(xs: number[], scale: number) {\n  const scaled = (x: number) => {\n    let t = 0;\n    for (let i = 0; i < x; i++) t += i * scale;\n    return t;\n  };\n  const out: number[] = [];\n  for (const x of xs) {\n    out.push(scaled(x));\n  }\n  return out;\n}\n`,
  });
  const verdict = verdictAt(analysis, 8);
  assert.equal(verdict.kind, "sequential");
  assert.match(verdict.text, /cannot ship.*'scale'/);
});

test("a generator's loop yields in order", () => {
  const analysis = analyze({
    "/main.ts": `${WORK}\nexport function* main(xs: number[]) {\n  for (const x of xs) {\n    yield work(x);\n  }\n}\n`,
  });
  const verdict = verdictAt(analysis, 7);
  assert.equal(verdict.kind, "sequential");
  assert.match(verdict.text, /yields/);
});

test("a body without a call that does work is too cheap", () => {
  const analysis = analyze(
    loopIn(`  for (const x of xs) {\n    out.push(x * 2 + Math.abs(x));\n  }`),
  );
  assert.equal(verdictAt(analysis, BODY_LINE).kind, "cheap");
});

test("Math.max accumulation is a reduce; .map and .forEach callbacks are loops too", () => {
  const reduce = analyze(
    loopIn(
      `  let best = -Infinity;\n  for (const x of xs) {\n    best = Math.max(best, work(x));\n  }`,
    ),
  );
  assert.equal(verdictAt(reduce, BODY_LINE + 1).kind, "reduce");
  const mapped = analyze(
    loopIn(
      `  const ys = xs.map((x) => work(x));\n  xs.forEach((x) => {\n    out.push(work(x));\n  });`,
    ),
  );
  assert.equal(verdictAt(mapped, BODY_LINE).kind, "map");
  assert.equal(verdictAt(mapped, BODY_LINE + 1).kind, "map");
});

test("nested (a shared per-outer value) and evolving (an inner size known only later) differ", () => {
  const nested = analyze(
    loopIn(
      `  for (const a of xs) {\n    const base = work(a);\n    for (const b of xs) {\n      out.push(pair(b, base));\n    }\n  }`,
      `${WORK}\nfunction pair(a: number, b: number): number {\n  return work(a) + b;\n}`,
    ),
  );
  const outer = nested.loops.find((l) => l.verdict.facts.body.getText().includes("const base"));
  assert.equal(outer?.verdict.kind, "nested");
  const evolving = analyze(
    loopIn(
      `  for (const a of xs) {\n    const parts = split(a);\n    for (const p of parts) {\n      out.push(work(p));\n    }\n  }`,
      `${WORK}\nfunction split(n: number): number[] {\n  const parts: number[] = [];\n  for (let i = 0; i < n; i++) parts.push(i);\n  return parts;\n}`,
    ),
  );
  const outerEvolving = evolving.loops.find((l) =>
    l.verdict.facts.body.getText().includes("split(a)"),
  );
  assert.equal(outerEvolving?.verdict.kind, "evolving");
});

test("sequential awaits: independent reads are concurrency, ordered writes are not", () => {
  const reads = analyze({
    "/main.ts": `import { readFile } from "node:fs/promises";\nexport async function main(paths: string[]) {\n  const texts: string[] = [];\n  for (const p of paths) {\n    texts.push(await readFile(p, "utf8"));\n  }\n  return texts;\n}\n`,
  });
  assert.equal(verdictAt(reads, 4).kind, "concurrency");
  const writes = analyze({
    "/main.ts": `import { appendFile } from "node:fs/promises";\nexport async function main(lines: string[]) {\n  for (const line of lines) {\n    await appendFile("log.txt", line);\n  }\n}\n`,
  });
  assert.equal(verdictAt(writes, 3).kind, "sequential");
});

test("callbacks are judged where they stand: a helper that sums with forEach into its own local is pure", () => {
  const helper = `function total(rows: number[][]): number {\n  let sum = 0;\n  rows.forEach((row) => {\n    sum += row.length;\n  });\n  const scratch = new Array<number>(3).fill(0);\n  return sum + scratch.length;\n}`;
  const analysis = analyze(
    loopIn(`  for (const x of xs) {\n    out.push(total([[x]]));\n  }`, helper),
  );
  const report = analysis.loops.find((l) => l.verdict.facts.body.getText().includes("total("));
  assert.equal(report?.verdict.kind, "map", report?.verdict.message);
});

test("a constant stride is a counter; a loop that only builds a task graph is cheap", () => {
  const stride = analyze(
    loopIn(`  for (let i = 0; i < xs.length; i += 2) {\n    out.push(work(i));\n  }`),
  );
  assert.equal(verdictAt(stride, BODY_LINE).kind, "map");
  const graph = analyze({
    "/main.ts": `import { delayed } from "weft";\n${WORK}\nconst lazyWork = delayed(work);\nexport function main(xs: number[]) {\n  const parts = [];\n  for (const x of xs) {\n    parts.push(lazyWork(x));\n  }\n  return parts;\n}\n`,
  });
  assert.equal(verdictAt(graph, 10).kind, "cheap");
});

/** A loop over `xs` in a function whose prelude declares `declarations`. */
function keyedLoop(declarations: string, body: string): FileAnalysis {
  return analyze({
    "/main.ts": `${WORK}\n${declarations}\nexport function main(xs: string[], table: Record<string, number>) {\n${body}\n}\n`,
  });
}

test("results stored under the iteration variable in a record or a Map make a map", () => {
  const record = keyedLoop(
    "",
    "  const out: Record<string, number> = {};\n  for (const k in table) {\n    out[k] = work(table[k] as number);\n  }\n  return out;",
  );
  assert.equal(verdictAt(record, 9).kind, "map");
  const map = keyedLoop(
    "",
    "  const out = new Map<string, number>();\n  for (const x of xs) out.set(x, work(x.length));\n  return out;",
  );
  assert.equal(verdictAt(map, 9).kind, "map");
});

test("keyed stores that could depend on each other, or run code, stay sequential", () => {
  const cases: [string, string, RegExp][] = [
    // A class's setter or `set` method may do anything.
    [
      "class Store { set(k: string, v: number) { console.log(k, v); } }",
      "  const out = new Store();\n  for (const x of xs) out.set(x, work(x.length));",
      /writes shared state 'out'/,
    ],
    [
      "class Bag { [k: string]: number }",
      "  const out = new Bag();\n  for (const x of xs) out[x] = work(x.length);",
      /writes shared state 'out'/,
    ],
    // A Map of the project's own, and an object with a setter, are not plain stores.
    [
      "class Map { set(k: string, v: number) { console.log(k, v); } }",
      "  const out = new Map();\n  for (const x of xs) out.set(x, work(x.length));",
      /writes shared state 'out'/,
    ],
    [
      "",
      "  const out = { set last(v: number) { console.log(v); } } as Record<string, number>;\n  for (const x of xs) out[x] = work(x.length);",
      /writes shared state 'out'/,
    ],
    // Reading what is being built makes each iteration depend on the ones before.
    [
      "",
      "  const out = new Map<string, number>();\n  for (const x of xs) {\n    if (out.has(x)) continue;\n    out.set(x, work(x.length));\n  }",
      /reads 'out'/,
    ],
    // The key is computed, not the iteration variable itself.
    [
      "",
      "  const out: Record<string, number> = {};\n  for (const x of xs) out[x.toUpperCase()] = work(x.length);",
      /writes shared state 'out'/,
    ],
    // A compound assignment reads the old value.
    [
      "",
      "  const out: Record<string, number> = {};\n  for (const x of xs) out[x] += work(x.length);",
      /out/,
    ],
  ];
  for (const [declarations, body, reason] of cases) {
    const analysis = keyedLoop(declarations, body);
    // The body starts on line 8, after WORK, the declarations and the function's header.
    const line = body.split("\n").findIndex((l) => l.includes("for (")) + 8;
    const verdict = verdictAt(analysis, line);
    assert.equal(verdict.kind, "sequential", body);
    assert.match(verdict.text, reason, body);
  }
});

test("a while loop stepping its counter last, against a bound it does not change, is a map", () => {
  const counting = analyze(
    loopIn(
      "  let i = 0;\n  while (i < xs.length) {\n    out.push(work(xs[i] as number));\n    i++;\n  }",
    ),
  );
  assert.equal(verdictAt(counting, BODY_LINE + 1).kind, "map");
  const cases: [string, RegExp][] = [
    // A continue would skip the step.
    [
      "  let i = 0;\n  while (i < xs.length) {\n    if (xs[i] === 0) continue;\n    out.push(work(xs[i] as number));\n    i++;\n  }",
      /condition 'i < xs.length'/,
    ],
    // The bound grows with what the loop collects.
    [
      "  let i = 0;\n  while (i < out.length + 3) {\n    out.push(work(i));\n    i++;\n  }",
      /condition/,
    ],
    // The counter is also written elsewhere in the body.
    [
      "  let i = 0;\n  while (i < xs.length) {\n    out.push(work(i));\n    i = i * 2;\n    i++;\n  }",
      /condition/,
    ],
    // The step is not the last statement.
    ["  let i = 0;\n  while (i < xs.length) {\n    i++;\n    out.push(work(i));\n  }", /condition/],
  ];
  for (const [body, reason] of cases) {
    const verdict = verdictAt(analyze(loopIn(body)), BODY_LINE + 1);
    assert.equal(verdict.kind, "sequential", body);
    assert.match(verdict.text, reason, body);
  }
});
