import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { repoRoot, runtimeDist } from "../support/paths";

const cli = join(runtimeDist, "cli.mjs");

function weft(...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });
}

test("weft --version prints the runtime package's version", () => {
  const { version } = JSON.parse(readFileSync(join(repoRoot, "runtime/package.json"), "utf8")) as {
    version: string;
  };
  const result = weft("--version");
  assert.equal(result.status, 0);
  assert.equal(result.stdout.trim(), version);
});

test("weft --help lists the commands; an unknown command exits 2 with the usage", () => {
  const help = weft("--help");
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: weft <command>/);
  const bad = weft("frobnicate");
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown command 'frobnicate'/);
  assert.match(bad.stderr, /Usage: weft/);
});
