import assert from "node:assert/strict";
import { test } from "node:test";
import { Project } from "ts-morph";
import { findLoops } from "../../server/analysis/loops";

test("finds every kind of loop with its line and nesting depth", () => {
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile(
    "loops.ts",
    [
      "for (let i = 0; i < 3; i++) {",
      "  for (const x of [1, 2]) console.log(x);",
      "}",
      "for (const k in {}) {}",
      "while (false) {}",
      "do {} while (false);",
      "[1].forEach((x) => x);",
      "[1].map(function (x) { return x; });",
      "[1].map(String);",
    ].join("\n"),
  );
  const loops = findLoops(file);
  assert.deepEqual(
    loops.map((l) => [l.kind, l.line, l.depth]),
    [
      ["for", 1, 0],
      ["for-of", 2, 1],
      ["for-in", 4, 0],
      ["while", 5, 0],
      ["do-while", 6, 0],
      ["forEach", 7, 0],
      ["map", 8, 0],
    ],
  );
});
