/**
 * The seeds' delayed examples run with `weft run` (built bundles), and print what a sequential
 * run of the same functions prints (`--sequential` calls them directly, one after another).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { examplesDir, runtimeDist } from "../support/paths";
import { FUTURES_EXAMPLES } from "./futures-examples";

function weftRun(...args: string[]): string {
  const run = spawnSync(process.execPath, [join(runtimeDist, "cli.mjs"), "run", ...args], {
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

const EXPECTED: Record<string, RegExp> = {
  "seed-004-delayed.ts": /^z = 3\ntotal = 65536\n$/,
  "seed-003-pipeline.ts":
    /^raw graph: stored count=\d+ mean=[\d.]+ max=[\d.]+\ndelayed: {3}stored count=\d+/,
  "nested-cross-validation.ts": /^(outer fold \d: penalty [\d.]+, test MSE [\d.]+\n){4}$/,
  ...FUTURES_EXAMPLES,
};

for (const [file, shape] of Object.entries(EXPECTED)) {
  test(`examples/${file} prints what the sequential run prints`, () => {
    const parallel = weftRun(join(examplesDir, file));
    assert.match(parallel, shape);
    assert.equal(parallel, weftRun(join(examplesDir, file), "--sequential"));
  });
}

test("seed 004 draws its tree summation as an SVG coloured by state", () => {
  const dir = mkdtempSync(join(tmpdir(), "weft-visualize-"));
  try {
    const svg = join(dir, "tree.svg");
    weftRun(join(examplesDir, "seed-004-delayed.ts"), "--visualize", svg);
    const text = readFileSync(svg, "utf8");
    assert.match(text, /<svg/);
    assert.equal((text.match(/<g id="node/g) ?? []).length, 511, "256 persisted sums, 255 adds");
    const fills = new Set(text.match(/fill="#[0-9a-f]{6}"/gi));
    assert.ok(fills.has('fill="#74c476"'), "coloured as computed (memory)");
    assert.ok(!fills.has('fill="#ffffff"'), "no node left in an unknown state");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
