/**
 * `weft cluster stop|status` against a real `weft cluster start` process on 127.0.0.1, and
 * `weft run --scheduler` sending a program's tasks there with the progress followed from the
 * cluster's event stream.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { RunStartEvent, WeftEvent } from "../../runtime/src/protocol/events";
import { cli, fixtureFolder, weft } from "./cli-support";

let folder: string;
let clusterFile: string;
let cluster: ChildProcess | undefined;
let clusterExit: Promise<number | null>;
let address: string;
let pid: number;

function weftHere(args: readonly string[], env: Record<string, string> = {}) {
  // WEFT_SCHEDULER from the environment of the suite must not pick the cluster.
  return weft(args, {
    cwd: folder,
    env: { WEFT_CLUSTER_FILE: clusterFile, WEFT_SCHEDULER: "", ...env },
  });
}

before(async () => {
  folder = fixtureFolder();
  clusterFile = join(folder, "cluster.json");
  cluster = spawn(process.execPath, [cli, "cluster", "start", "--json", "--workers", "1"], {
    cwd: folder,
    env: { ...process.env, WEFT_CLUSTER_FILE: clusterFile },
    stdio: ["ignore", "pipe", "inherit"],
  });
  clusterExit = new Promise((resolve) => cluster?.on("exit", (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    cluster?.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (out.includes("\n")) resolve(out.split("\n")[0] as string);
    });
    cluster?.on("exit", (code) => reject(new Error(`weft cluster start exited ${code}`)));
  });
  ({ address, pid } = JSON.parse(line) as { address: string; pid: number });
});

after(async () => {
  if (cluster !== undefined && cluster.exitCode === null) {
    cluster.kill("SIGTERM");
    await clusterExit;
  }
  rmSync(folder, { recursive: true, force: true });
});

test("status finds the cluster start recorded, or the one at an address; --json for scripts", () => {
  const recorded = weftHere(["cluster", "status"]);
  assert.equal(recorded.status, 0, recorded.stderr);
  assert.match(recorded.stdout, new RegExp(`^weft cluster: up, pid ${pid}$`, "m"));
  assert.match(recorded.stdout, /^ {2}workers +1 \((ready|increasing)\)$/m);
  const json = weftHere(["cluster", "status", "--json", address]);
  assert.equal(json.status, 0, json.stderr);
  const status = JSON.parse(json.stdout) as { pid: number; workers: number; address: string };
  assert.equal(status.pid, pid);
  assert.equal(status.workers, 1);
  const fromEnv = weftHere(["cluster", "status"], { WEFT_SCHEDULER: address });
  assert.equal(fromEnv.status, 0, fromEnv.stderr);
});

test("a wrong token or nobody listening exits 1 without printing the token", () => {
  const token = /^weft:\/\/([^@]+)@/.exec(address)?.[1] as string;
  const wrong = weftHere(["cluster", "status", address.replace(token, "not-the-token")]);
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /no cluster answers at weft:\/\/…@127\.0\.0\.1:\d+ \(E_UNAUTHORIZED/);
  assert.doesNotMatch(wrong.stderr, /not-the-token/);
  const nobody = weftHere(["cluster", "status", "weft://abc@127.0.0.1:1"]);
  assert.equal(nobody.status, 1);
  assert.match(nobody.stderr, /E_CONNECTION_LOST/);
  const bad = weftHere(["cluster", "stop", "--bogus"]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /Usage: weft cluster/);
});

test("weft run --scheduler runs the tasks in the cluster's process and follows their progress", () => {
  const events = join(folder, "remote.jsonl");
  const run = weftHere(["run", "--scheduler", address, "--events", events, "remote-pid.ts"]);
  assert.equal(run.status, 0, run.stderr);
  const [, program, task] = /^program (\d+), task (\d+)\n$/.exec(run.stdout) ?? [];
  assert.equal(Number(task), pid, "the task ran in the cluster's process");
  assert.notEqual(program, task);
  assert.match(run.stderr, /^weft: 1 task in [^\n]+slowest pidOfWorker-/m);
  const written = readFileSync(events, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as WeftEvent);
  assert.equal((written[0] as RunStartEvent).program, "remote-pid.ts");
  assert.equal(written.at(-1)?.type, "run-end");
});

test("weft run --scheduler: a compute program's run ends on the cluster once the program is done", () => {
  const events = join(folder, "remote-compute.jsonl");
  const run = weftHere(["run", "--scheduler", address, "--events", events, "remote-compute.ts"]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, "14\n");
  const written = readFileSync(events, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as WeftEvent);
  // The program never closes its connection: weft run lets go of it when the program is done,
  // so the cluster ends the run and its run-end (with the cluster's own summary) arrives.
  const end = written.at(-1);
  assert.equal(end?.type, "run-end");
  if (end?.type !== "run-end") return;
  assert.equal(end.status, "done");
  assert.equal(end.summary.tasks, 4);
});

test("a --scheduler that is not an address is bad usage", () => {
  const run = weftHere(["run", "--scheduler", "localhost:8786", "remote-pid.ts"]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /not a Weft cluster address/);
  assert.match(run.stderr, /Usage: weft run/);
});

test("Ctrl-C in a --scheduler run exits 130 and the cluster lets go of the program's tasks", async () => {
  const markers = join(folder, "remote-markers");
  mkdirSync(markers);
  const child = spawn(
    process.execPath,
    [cli, "run", "--scheduler", address, "remote-interruptible.ts", markers],
    { cwd: folder, detached: true, stdio: "ignore" },
  );
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  await until(() => readdirSync(markers).some((name) => name.startsWith("started")));
  process.kill(-(child.pid as number), "SIGINT");
  assert.equal(await exited, 130);
  // The cluster sees the program's connection close: its run ends, its tasks are dropped.
  await until(() => {
    const status = JSON.parse(weftHere(["cluster", "status", "--json"]).stdout) as {
      runs: unknown[];
      tasks: Record<string, number>;
    };
    return status.runs.length === 0 && (status.tasks["processing"] ?? 0) === 0;
  });
  assert.deepEqual(
    readdirSync(markers).filter((name) => name.startsWith("finished")),
    [],
  );
});

test("stop shuts the cluster down and waits for its process; then status says none is running", async () => {
  const stop = weftHere(["cluster", "stop"]);
  assert.equal(stop.status, 0, stop.stderr);
  assert.equal(stop.stdout, `weft cluster: stopped (pid ${pid})\n`);
  assert.equal(await clusterExit, 0);
  const status = weftHere(["cluster", "status"]);
  assert.equal(status.status, 1);
  assert.match(status.stderr, /no cluster is running/);
});

/** Waits for a condition (polling); the suite's own timeout bounds it. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 25));
}
