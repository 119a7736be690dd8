/**
 * `weft replay`: the summary of a recorded run, the same one `weft run` printed live, on a
 * terminal (the block) and off one (the line); failures with their remote stacks; bad files.
 */
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fixtureFolder, readTranscript, weft, weftInTerminal } from "./cli-support";

let folder: string;

before(() => {
  folder = fixtureFolder();
});

after(() => {
  rmSync(folder, { recursive: true, force: true });
});

test("replay prints the summary block that the run printed on its terminal", async () => {
  const events = join(folder, "terminal.jsonl");
  const session = weftInTerminal(["run", "--events", events, "progress.ts"], folder);
  assert.equal(await session.exited, 0, session.output());
  const { text } = readTranscript(session.output());
  const live = text.slice(text.indexOf("\nweft: ") + 1).trimEnd();
  assert.match(live, /^weft: 10 tasks in /);

  const replay = weft(["replay", events]);
  assert.equal(replay.status, 0, replay.stderr);
  assert.ok(replay.stdout.startsWith(`${live}\n`), `${replay.stdout}\n---\n${live}`);
  assert.match(replay.stdout, new RegExp(`^program ${join(folder, "progress.ts")}$`, "m"));
});

test("replay --oneline prints the line the run printed off a terminal", () => {
  const events = join(folder, "pipe.jsonl");
  const run = weft(["run", "--events", events, "progress.ts"], { cwd: folder });
  assert.equal(run.status, 0, run.stderr);
  const line = run.stderr.split("\n").at(-2);
  assert.match(line ?? "", /^weft: 10 tasks in /);
  const replay = weft(["replay", "--oneline", events]);
  assert.equal(replay.status, 0, replay.stderr);
  assert.equal(replay.stdout, `${line}\n`);
});

test("replay lists failed tasks with their remote stacks", () => {
  const events = join(folder, "failed.jsonl");
  assert.equal(weft(["run", "--events", events, "task-error.ts"], { cwd: folder }).status, 1);
  const replay = weft(["replay", events]);
  assert.equal(replay.status, 0, replay.stderr);
  assert.match(replay.stdout, /^weft: 4 tasks, 2 erred/);
  assert.match(replay.stdout, /^1 failed task:$/m);
  assert.match(replay.stdout, /^--- parse-[0-9a-f]+ ---\nTypeError: 'x3' is not a number/m);
  assert.match(replay.stdout, /at parse \(.*task-error\.ts:6:\d+\)/);
});

test("a file that is not an events file exits 1 and says which line and what to pass", () => {
  const bad = join(folder, "bad.jsonl");
  writeFileSync(
    bad,
    '{"type":"run-start","v":1,"runId":"r","startedAt":0,"workers":1}\nhello\n{}\n',
  );
  const replay = weft(["replay", bad]);
  assert.equal(replay.status, 1);
  assert.match(replay.stderr, /bad\.jsonl:2 is not a Weft event.*weft run --events/);
  const missing = weft(["replay", join(folder, "missing.jsonl")]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot read events file/);
  const empty = join(folder, "empty.jsonl");
  writeFileSync(empty, "");
  const none = weft(["replay", empty]);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /holds no run/);
});
