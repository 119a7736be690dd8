/**
 * `weft run` off a terminal (stdout and stderr are pipes), from a folder with no node_modules:
 * the program's stdout is untouched, stderr ends with the one-line summary; every kind of file
 * runs; exit codes; options; Ctrl-C (SIGINT to the process group) ends the run with 130.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { RunStartEvent, WeftEvent } from "../../runtime/src/protocol/events";
import { cli, fixtureFolder, processesMentioning, weft } from "./cli-support";

let folder: string;

before(() => {
  folder = fixtureFolder();
});

after(() => {
  rmSync(folder, { recursive: true, force: true });
});

const SUMMARY_LINE =
  /^weft: \d+ tasks?(, \d+ erred)?(, \d+ cancelled)? in [^\n]+, speedup [\d.]+×[^\n]*\n$/;

function readEvents(path: string): WeftEvent[] {
  return readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as WeftEvent);
}

test("stdout is exactly the program's; stderr holds the program's own line and the summary", () => {
  const run = weft(["run", "progress.ts"], { cwd: folder });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(
    run.stdout,
    "first line from the program\na line written in two pieces\n" +
      `joined: ${Array.from({ length: 8 }, (_, i) => `part-${i}`).join(",")}\nlast: part-99`,
  );
  const [own, summary, ...rest] = run.stderr.split(/(?<=\n)/);
  assert.equal(own, "a line on stderr\n");
  assert.match(summary ?? "", SUMMARY_LINE);
  assert.match(summary ?? "", /^weft: 10 tasks in .*slowest spin-/);
  assert.deepEqual(rest, []);
});

test("TypeScript, ES modules, CommonJS and plain .js all run, importing weft with no install", () => {
  for (const [file, expected] of [
    ["square.mjs", "mjs: 1 4 9\n"],
    ["square.cjs", "cjs: 1 4 9\n"],
    ["square.js", "js: 1 4 9\n"],
  ]) {
    const run = weft(["run", file as string], { cwd: folder });
    assert.equal(run.status, 0, `${file}: ${run.stderr}`);
    assert.equal(run.stdout, expected);
    assert.match(run.stderr, /^weft: 3 tasks in /m, `${file} reports its tasks`);
  }
});

test("a task error exits 1 with the remote stack at the .ts line, after the summary", () => {
  const run = weft(["run", "task-error.ts"], { cwd: folder });
  assert.equal(run.status, 1);
  assert.equal(run.stdout, "parsing\n");
  const [summary, ...error] = run.stderr.split("\n");
  assert.match(`${summary}\n`, SUMMARY_LINE);
  assert.match(summary ?? "", /\d+ erred/);
  const stack = error.join("\n");
  assert.match(stack, /^weft run: task-error\.ts failed\nTaskError: Task parse-[0-9a-f]+ failed/);
  assert.match(stack, /TypeError: 'x3' is not a number/);
  assert.match(stack, /--- remote stack/);
  assert.match(stack, /at parse \(.*task-error\.ts:6:\d+\)/);
});

test("an unhandled rejection after the program loaded also exits 1 with the remote stack", () => {
  const run = weft(["run", "unhandled.ts"], { cwd: folder });
  assert.equal(run.status, 1);
  assert.equal(run.stdout, "start\n");
  assert.match(run.stderr, /^weft: 1 task, 1 erred in /);
  assert.match(
    run.stderr,
    /^weft run: unhandled\.ts failed\nTaskError: Task boom-[0-9a-f]+ failed/m,
  );
  assert.match(run.stderr, /at boom \(.*unhandled\.ts:6:\d+\)/);
});

test("an events file that cannot be written exits 2 and says what to do", () => {
  const run = weft(["run", "--events", join(folder, "no-such-dir", "x.jsonl"), "square.mjs"], {
    cwd: folder,
  });
  assert.equal(run.status, 2);
  assert.equal(run.stdout, "", "the program did not run");
  assert.match(
    run.stderr,
    /cannot write events file .*x\.jsonl.*pass a path in a folder you can write to/,
  );
});

test("a program's own exit code is kept, and the summary and events file are complete", () => {
  const events = join(folder, "exit-code.jsonl");
  const run = weft(["run", "--events", events, "exit-code.ts"], { cwd: folder });
  assert.equal(run.status, 3);
  assert.equal(run.stdout, "double: 42\n");
  assert.match(run.stderr, /^weft: 1 task in /);
  const written = readEvents(events);
  assert.equal(written[0]?.type, "run-start");
  assert.equal((written[0] as RunStartEvent).program, join(folder, "exit-code.ts"));
  assert.equal(written.at(-1)?.type, "run-end");
});

test("--workers sets the local cluster's threads; options go before or after the file", () => {
  for (const args of [
    ["--workers", "3", "--events", "w.jsonl", "square.mjs"],
    ["square.mjs", "--workers=3", "--events=w.jsonl"],
  ]) {
    const run = weft(["run", ...args], { cwd: folder });
    assert.equal(run.status, 0, run.stderr);
    const start = readEvents(join(folder, "w.jsonl"))[0] as RunStartEvent;
    assert.equal(start.workers, 3);
  }
});

test("the program's arguments follow the file; after -- even Weft's option names are the program's", () => {
  const echo = join(folder, "echo-args.mjs");
  writeFileSync(echo, "console.log(JSON.stringify(process.argv.slice(2)));\n");
  const run = weft(["run", "echo-args.mjs", "a", "--sequential", "-x", "--", "--workers", "2"], {
    cwd: folder,
  });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), ["a", "--sequential", "-x", "--workers", "2"]);
  assert.equal(run.stderr, "", "no tasks, no summary");
});

test("bad usage exits 2 with the usage text", () => {
  for (const args of [
    ["run"],
    ["run", "--bogus", "square.mjs"],
    ["run", "--workers", "0", "square.mjs"],
    ["run", "--workers", "two", "square.mjs"],
    ["run", "square.mjs", "--events"],
    ["run", "missing.ts"],
    ["replay"],
    ["replay", "--bogus", "x.jsonl"],
    ["cluster"],
    ["cluster", "frobnicate"],
    ["help", "frobnicate"],
  ]) {
    const run = weft(args, { cwd: folder });
    assert.equal(run.status, 2, `weft ${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, /Usage: weft/, `weft ${args.join(" ")}`);
  }
});

test("weft --help and weft <command> --help document every option", () => {
  const top = weft(["--help"]);
  assert.equal(top.status, 0);
  for (const command of ["run", "replay", "cluster", "check", "help"]) {
    assert.match(top.stdout, new RegExp(`^  ${command}\\b`, "m"), command);
  }
  const run = weft(["run", "--help"]);
  assert.equal(run.status, 0);
  for (const option of ["--workers", "--scheduler", "--events", "--no-progress", "--help"]) {
    assert.match(run.stdout, new RegExp(`^ {2}(-\\w, )?${option}\\b`, "m"), option);
  }
  assert.match(run.stdout, /130/, "the exit codes, Ctrl-C's included");
  assert.equal(weft(["help", "run"]).stdout, run.stdout);
  const replay = weft(["replay", "--help"]);
  assert.equal(replay.status, 0);
  assert.match(replay.stdout, /^ {2}--oneline\b/m);
  const cluster = weft(["cluster", "--help"]);
  assert.equal(cluster.status, 0);
  for (const action of ["start", "stop", "status"]) {
    assert.match(cluster.stdout, new RegExp(`^  ${action}\\b`, "m"), action);
  }
});

test("SIGINT to the run's process group cancels the tasks, stops the workers and exits 130", async () => {
  const markers = join(folder, "markers-pipe");
  mkdirSync(markers);
  const child = spawn(
    process.execPath,
    [cli, "run", "--workers", "2", "interruptible.ts", markers],
    {
      cwd: folder,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  while (readdirSync(markers).filter((f) => f.startsWith("started")).length < 2) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.kill(-(child.pid as number), "SIGINT");
  assert.equal(await exited, 130, stderr);
  assert.match(stderr, /^weft: 6 tasks, 6 cancelled in /m);
  assert.doesNotMatch(stderr, /failed/, "a cancelled run is not reported as a failure");
  assert.match(stderr, /^weft run: interrupted; unfinished tasks cancelled, workers stopped$/m);
  assert.deepEqual(processesMentioning(markers), [], "no process of the run is left");
  assert.deepEqual(
    readdirSync(markers).filter((f) => f.startsWith("finished")),
    [],
    "no task finished",
  );
});
