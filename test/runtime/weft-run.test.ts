/**
 * `weft run` from the built bundles, in folders with no node_modules: TypeScript with no build
 * step, `import ... from "weft"`, every function-shipping path, side effects once, stacks at .ts
 * lines, exit codes. The runtime itself is copied out of the repository first, as an installed
 * extension has it.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { repoRoot, runtimeDist } from "../support/paths";

let installed: string;
let program: string;

before(() => {
  installed = mkdtempSync(join(tmpdir(), "weft-installed-"));
  cpSync(runtimeDist, join(installed, "dist"), { recursive: true });
  cpSync(join(repoRoot, "runtime/package.json"), join(installed, "package.json"));
  program = mkdtempSync(join(tmpdir(), "weft-program-"));
  cpSync(join(repoRoot, "test/fixtures/runtime/weft-run"), program, { recursive: true });
});

after(() => {
  rmSync(installed, { recursive: true, force: true });
  rmSync(program, { recursive: true, force: true });
});

function weftRun(file: string, args: string[] = [], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(installed, "dist/cli.mjs"), "run", file, ...args], {
    cwd: program,
    encoding: "utf8",
    env: { ...process.env, ...env },
    // A guard, not an assertion: a program that does not exit by itself fails here.
    timeout: 60_000,
  });
}

test("a TypeScript program ships functions by task view, by module and by source", () => {
  const log = join(program, "side-effects.log");
  writeFileSync(log, "");
  const run = weftRun("shipping.ts", ["--flag", "value"], { SIDE_EFFECT_LOG: log });
  // Not a terminal: stderr holds only the one-line summary of the tasks.
  assert.match(run.stderr, /^weft: \d+ tasks? in [^\n]+\n$/);
  assert.equal(run.status, 0);
  const output = JSON.parse(run.stdout) as { results: unknown[]; args: string[] };
  assert.deepEqual(output.args, ["--flag", "value"]);
  const [sha, scaled, fingerprint, hundredfold, difference, withUnit] = output.results;
  assert.equal(sha, createHash("sha1").update("abcabcabc").digest("hex").slice(0, 8));
  assert.equal(scaled, 21);
  assert.equal(fingerprint, createHash("sha256").update("weft:x").digest("hex").slice(0, 12));
  assert.equal(hundredfold, 200);
  assert.equal(difference, 6);
  assert.equal(withUnit, "5 m");
  assert.equal(readFileSync(log, "utf8"), "top-level statement ran\n", "side effect exactly once");
});

test("a task error exits 1 with the remote stack pointing at the .ts line", () => {
  const run = weftRun("fails.ts");
  assert.equal(run.status, 1);
  assert.match(
    run.stderr,
    /TaskError: Task check-[0-9a-f]+ failed: RangeError: reading 42 is out of range/,
  );
  assert.match(run.stderr, /remote stack/);
  assert.match(run.stderr, /at check \(.*fails\.ts:8:\d+\)/, run.stderr);
});

test("a closure over a local variable exits 1 with E_CAPTURED_VARIABLE naming it", () => {
  const run = weftRun("captured.ts");
  assert.equal(run.status, 1);
  assert.match(run.stderr, /uses 'factor' from an enclosing scope/);
});

test("usage errors exit 2", () => {
  assert.equal(weftRun("does-not-exist.ts").status, 2);
  const bare = spawnSync(process.execPath, [join(installed, "dist/cli.mjs"), "run"], {
    encoding: "utf8",
  });
  assert.equal(bare.status, 2);
  assert.match(bare.stderr, /Usage: weft run/);
});

test("the installed library also works from CommonJS, with no node_modules", () => {
  const script = join(program, "library.cjs");
  writeFileSync(
    script,
    `const { delayed, compute } = require(${JSON.stringify(join(installed, "dist/index.cjs"))});
     const inc = delayed((x) => x + 1);
     compute([inc(1), inc(2)]).then(([r]) => console.log(JSON.stringify(r)));`,
  );
  const run = spawnSync(process.execPath, [script], {
    cwd: program,
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.equal(run.stderr, "");
  assert.equal(run.stdout.trim(), "[2,3]");
});
