/**
 * A module function's fingerprint covers the module and the project files it imports, found as
 * TypeScript and the loader find them, so a Redis worker with another copy of any of them refuses
 * the task.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { moduleFingerprint } from "../../runtime/src/redis/code-fingerprint";

/** A fresh project with these files; fingerprints are cached per path, so each test has its own. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "weft-fingerprint-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const program = [
  'import { a } from "./lib.js";', // written .js, the file is lib.ts
  'export { b } from "./util";', // a folder's index
  'import "./side-effect";',
  'const later = () => import("../shared/late.mjs");',
  'import { readFileSync } from "node:fs";', // packages are not followed
  'import type { Missing } from "./missing";', // absent: left out on both sides
  "export function task() { return a + 1; }",
].join("\n");

const files = {
  "src/main.ts": program,
  "src/lib.ts": 'import { main } from "./main";\nexport const a = 1;', // a cycle back
  "src/util/index.ts": "export const b = 2;",
  "src/side-effect.ts": "globalThis.x = 1;",
  "shared/late.mjs": "export const late = 3;",
};

test("the fingerprint covers the module and every project file it imports, transitively", () => {
  const root = project(files);
  const fingerprint = moduleFingerprint(join(root, "src/main.ts"));
  assert.equal(fingerprint?.files, 5);
});

test("the same project elsewhere has the same fingerprint; a change to an import changes it", () => {
  const here = moduleFingerprint(join(project(files), "src/main.ts"));
  const there = moduleFingerprint(join(project(files), "src/main.ts"));
  assert.equal(there?.sha, here?.sha);
  const changed = { ...files, "src/util/index.ts": "export const b = 3;" };
  const other = moduleFingerprint(join(project(changed), "src/main.ts"));
  assert.notEqual(other?.sha, here?.sha);
});

test("a missing module has no fingerprint", () => {
  assert.equal(moduleFingerprint(join(project({}), "nowhere.ts")), undefined);
});
