/**
 * Every program in examples/ runs with `weft run` and prints what the sequential run of the
 * same functions prints (`--sequential`); its events file replays to the summary it printed.
 * (An example written as plain sequential code, for the editor's rewrite, runs no tasks.)
 * The examples are found by listing the folder, so a new example is covered when it lands.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { examplesDir } from "../support/paths";
import { weft } from "./cli-support";

const scratch = mkdtempSync(join(tmpdir(), "weft-examples-"));

after(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const examples = readdirSync(examplesDir).filter((name) => /\.(ts|mts|js|mjs|cjs)$/.test(name));

test("examples/ holds programs to run", () => {
  assert.ok(examples.length >= 3, examples.join(", "));
});

for (const example of examples) {
  test(`weft run examples/${example} prints what its sequential run prints`, () => {
    const events = join(scratch, `${example}.jsonl`);
    const parallel = weft(["run", "--events", events, join(examplesDir, example)]);
    assert.equal(parallel.status, 0, parallel.stderr);
    const sequential = weft(["run", join(examplesDir, example), "--sequential"]);
    assert.equal(sequential.status, 0, sequential.stderr);
    assert.ok(parallel.stdout.length > 0, "the example prints its results");
    assert.equal(parallel.stdout, sequential.stdout);

    // An example that runs tasks ends with the summary line, and its events file replays to it.
    const summary = parallel.stderr.split("\n").at(-2) ?? "";
    if (!/^weft: [\d,]+ tasks? in /.test(summary)) {
      assert.equal(parallel.stderr, "", "a program without tasks gets no summary");
      return;
    }
    const replay = weft(["replay", "--oneline", events]);
    assert.equal(replay.stdout, `${summary}\n`);
  });
}
