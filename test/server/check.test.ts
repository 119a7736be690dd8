/**
 * `weft check`, the built command line (runtime/dist/cli.mjs → check.mjs), as CI runs it.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { repoRoot, runtimeDist } from "../support/paths";

const scratch = mkdtempSync(join(tmpdir(), "weft-check-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

function weft(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(runtimeDist, "cli.mjs"), ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface CheckedLoop {
  file: string;
  line: number;
  verdict: string;
  code: string;
  reasons: string[];
  partOfLine?: number;
}

test("--json lists every loop with its file, line, verdict and reasons; suggestions alone exit 0", () => {
  const result = weft("check", "test/fixtures/rewrites", "--json");
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { files: string[]; loops: CheckedLoop[] };
  for (const verdict of ["map", "reduce", "nested", "evolving", "concurrency", "sequential"]) {
    assert.ok(report.files.includes(`test/fixtures/rewrites/${verdict}/input.ts`), verdict);
  }
  const at = (file: string, line: number): CheckedLoop | undefined =>
    report.loops.find((l) => l.file === `test/fixtures/rewrites/${file}` && l.line === line);
  assert.equal(at("map/input.ts", 13)?.verdict, "map");
  assert.equal(at("map/input.ts", 4)?.verdict, "sequential", "score's own loop carries hash");
  assert.equal(at("nested/input.ts", 22)?.verdict, "nested");
  assert.equal(
    at("nested/input.ts", 24)?.partOfLine,
    22,
    "the inner loop is part of the outer rewrite",
  );
  assert.equal(at("evolving/input.ts", 21)?.verdict, "evolving");
  assert.equal(at("reduce/input.ts", 12)?.verdict, "reduce");
  assert.equal(at("concurrency/input.ts", 12)?.verdict, "concurrency");
  assert.equal(at("cheap/input.ts", 4)?.verdict, "cheap");
  const sequential = at("sequential/input.ts", 12);
  assert.equal(sequential?.verdict, "sequential");
  assert.ok(sequential.reasons.some((r) => /carries 'state'/.test(r)));
  assert.ok(sequential.reasons.some((r) => /console\.log/.test(r)));
  for (const loop of report.loops) {
    assert.ok(
      loop.reasons.length > 0 || loop.verdict === "cheap",
      `${loop.file}:${loop.line} has reasons`,
    );
  }
});

test("a warning fails the check (exit 1) and is printed with its file, line and code", () => {
  const file = join(scratch, "eager.ts");
  writeFileSync(
    file,
    'import { delayed } from "weft";\nconst inc = (x: number) => x + 1;\nexport const a = delayed(inc(1));\n',
  );
  const result = weft("check", scratch);
  assert.equal(result.code, 1);
  assert.match(
    result.stdout,
    /eager\.ts:3:\d+ {2}warning {2}delayed\(inc\(…\)\) calls inc now.*\[delayed-eager-call\]/,
  );
});

test("bad arguments say what to do (exit 2)", () => {
  const missing = weft("check", "no/such/folder");
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no such file or folder: no\/such\/folder/);
  const none = weft("check");
  assert.equal(none.code, 2);
  assert.match(none.stderr, /give at least one file or folder/);
});
