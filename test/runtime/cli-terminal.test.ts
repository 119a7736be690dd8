/**
 * `weft run` on a real terminal (a pseudo-terminal made by util-linux `script`): the program's
 * bytes all arrive, in order and unchanged; progress blocks of a few lines are drawn below them
 * and erased; the summary is printed at the end. Ctrl-C typed into the terminal cancels the
 * running tasks, stops the workers and exits 130.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  fixtureFolder,
  processesMentioning,
  readTranscript,
  weft,
  weftInTerminal,
} from "./cli-support";

let folder: string;

before(() => {
  folder = fixtureFolder();
});

after(() => {
  rmSync(folder, { recursive: true, force: true });
});

const PROGRAM_OUTPUT = [
  "first line from the program",
  "a line written in two pieces",
  "a line on stderr",
  `joined: ${Array.from({ length: 8 }, (_, i) => `part-${i}`).join(",")}`,
  "last: part-99",
].join("\n");

test("on a terminal the program's output is whole and in order, progress is drawn and erased, then the summary", async () => {
  const session = weftInTerminal(["run", "--workers", "2", "progress.ts"], folder);
  assert.equal(await session.exited, 0, session.output());
  const { text, blocks } = readTranscript(session.output());

  // The program's own bytes, then (its last line was left unfinished) the summary on a new line.
  assert.ok(text.startsWith(`${PROGRAM_OUTPUT}\n`), JSON.stringify(text));
  const summary = text.slice(PROGRAM_OUTPUT.length + 1).split("\n");
  assert.match(summary[0] ?? "", /^weft: 10 tasks in [\d.]+ m?s — parallel speedup [\d.]+× /);
  assert.ok(
    summary.some((line) => /^ {2}worker \d+ +busy /.test(line)),
    summary.join("\n"),
  );
  assert.ok(
    summary.some((line) => /^ {2}slowest +spin-[0-9a-f]+ /.test(line)),
    summary.join("\n"),
  );

  // Progress was shown while the tasks ran: a bar per group and the status line, a few lines.
  assert.ok(blocks.length > 0, "at least one progress block was drawn");
  for (const block of blocks) {
    assert.ok(block.length >= 1 && block.length <= 7, `a few lines at most: ${block.join("|")}`);
    assert.match(block.at(-1) ?? "", /elapsed · \d+\/2 workers busy$/);
    for (const line of block.slice(0, -1)) {
      assert.match(line, /^(spin|join) +[█▓░]* \d+\/\d+( ▶\d+)?( ✖\d+)?$/);
    }
  }
  assert.ok(
    blocks.some((block) => block.some((line) => /^spin .* \d+\/8/.test(line))),
    "the spin group's bar counts its 8 tasks",
  );
});

test("--no-progress on a terminal draws nothing and prints the one-line summary", async () => {
  const session = weftInTerminal(["run", "--no-progress", "progress.ts"], folder);
  assert.equal(await session.exited, 0, session.output());
  const { text, blocks } = readTranscript(session.output());
  assert.equal(blocks.length, 0);
  assert.match(text, new RegExp(`^${escape(PROGRAM_OUTPUT)}\\nweft: 10 tasks in [^\\n]+\\n$`));
});

test("Ctrl-C on a terminal cancels the running tasks, stops the workers and exits 130", async () => {
  const markers = join(folder, "markers-terminal");
  rmSync(markers, { recursive: true, force: true });
  mkdirSync(markers);
  const events = join(folder, "interrupted.jsonl");
  const session = weftInTerminal(
    ["run", "--workers", "2", "--events", events, "interruptible.ts", markers],
    folder,
  );
  // Wait until both workers are inside a 3-second task, then type Ctrl-C.
  await until(() => started(markers) >= 2);
  session.type("\x03");
  assert.equal(await session.exited, 130, session.output());

  const { text } = readTranscript(session.output());
  assert.match(text, /^submitting\n/);
  assert.match(text, /weft: 6 tasks, 6 cancelled in /);
  assert.doesNotMatch(text, /all finished/);
  assert.deepEqual(processesMentioning(markers), [], "no process of the run is left");
  // Nothing is left that could finish a task.
  assert.deepEqual(finished(markers), []);
  // The events file ends with the cancelled run.
  const replay = weft(["replay", "--oneline", events]);
  assert.equal(replay.status, 0, replay.stderr);
  assert.match(replay.stdout, /^weft: 6 tasks, 6 cancelled in /);
});

function started(markers: string): number {
  return existsSync(markers)
    ? readdirSync(markers).filter((f) => f.startsWith("started")).length
    : 0;
}

function finished(markers: string): string[] {
  return readdirSync(markers).filter((f) => f.startsWith("finished"));
}

/** Waits for a condition (polling); the suite's own timeout bounds it. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
