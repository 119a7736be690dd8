/**
 * `weft cluster start` as its own process: the one JSON line, the token, one run per client
 * connection, monitors that see every run, clients that die or lose the cluster, Unix sockets,
 * status and shutdown requests, and a clean exit on SIGTERM.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { connect } from "node:net";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import {
  Client,
  clusterStatus,
  Event,
  moduleFunction,
  parseAddress,
  shutdownCluster,
  watchCluster,
  WeftError,
  type WeftEvent,
} from "weft";
import type { ClientMessage, ServerMessage } from "../../runtime/src/wire/messages";
import { socketTransport } from "../../runtime/src/wire/transport";
import { runtimeDist } from "../support/paths";
import { startClusterProcess, type ClusterProcess } from "./cluster-process-harness";

const fixture = pathToFileURL(join(__dirname, "fixtures", "futures-tasks.mjs")).href;
const slowWrite = moduleFunction<(started: string, marker: string, ms: number) => Promise<string>>(
  fixture,
  "slowWrite",
);
const inc = (x: number): number => x + 1;

let cluster: ClusterProcess;
let scratch: string;

before(async () => {
  cluster = await startClusterProcess(["--workers", "2"]);
  scratch = mkdtempSync(join(tmpdir(), "weft-cluster-process-"));
});

after(async () => {
  assert.equal(await cluster.stop(), 0, `SIGTERM ends it cleanly\n${cluster.stderr()}`);
  rmSync(scratch, { recursive: true, force: true });
});

function code(expected: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof WeftError, `expected a WeftError, got ${String(error)}`);
    assert.equal(error.code, expected, error.message);
    return true;
  };
}

test("start --json prints one line: a loopback address with a token, the pid and workers", () => {
  assert.equal(cluster.workers, 2);
  assert.equal(cluster.pid, cluster.child.pid);
  const address = parseAddress(cluster.address);
  assert.equal(address.kind, "tcp");
  assert.ok(address.kind === "tcp" && address.host === "127.0.0.1");
  assert.ok(address.token.length >= 24, "a long random token");
});

test("a wrong or missing token is refused with E_UNAUTHORIZED", async () => {
  const parsed = parseAddress(cluster.address);
  assert.ok(parsed.kind === "tcp");
  for (const token of ["not-the-token", ""]) {
    const intruder = new Client({ address: `weft://${token}@127.0.0.1:${parsed.port}` });
    const early = intruder.submit(inc, 1);
    await assert.rejects(intruder.connected(), code("E_UNAUTHORIZED"));
    await assert.rejects(early.result(), code("E_UNAUTHORIZED"));
    assert.throws(() => intruder.submit(inc, 2), code("E_UNAUTHORIZED"));
    await intruder.close();
  }
  assert.throws(() => new Client({ address: "http://127.0.0.1:1" }), code("E_BAD_ARGUMENT"));
});

test("a client speaking another protocol version is refused with E_VERSION_MISMATCH", async () => {
  const parsed = parseAddress(cluster.address);
  assert.ok(parsed.kind === "tcp");
  const socket = connect({ host: parsed.host, port: parsed.port });
  const transport = socketTransport<ServerMessage, ClientMessage>(socket);
  const answer = new Promise<ServerMessage>((resolve) => transport.onMessage(resolve));
  transport.send({ t: "hello", token: parsed.token, version: 999 });
  const message = await answer;
  assert.equal(message.t, "refused");
  assert.ok(message.t === "refused" && message.code === "E_VERSION_MISMATCH");
  assert.match(message.message, /same Weft version/);
  transport.close();
});

test("each client connection is one run; a monitor sees runs that start later", async () => {
  const events: WeftEvent[] = [];
  const watch = await watchCluster(cluster.address, (event) => events.push(event));
  const client = new Client({ address: cluster.address, name: "monitored-program" });
  assert.equal(await client.submit(inc, 41), 42);
  await client.close();
  const start = (): WeftEvent | undefined =>
    events.find((e) => e.type === "run-start" && e.program === "monitored-program");
  const runEnded = async (): Promise<void> => {
    for (;;) {
      const runId = start()?.runId;
      if (runId !== undefined && events.some((e) => e.type === "run-end" && e.runId === runId)) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await runEnded();
  const run = start();
  assert.ok(run?.type === "run-start");
  assert.equal(run.workers, 2);
  const batches = events.filter((e) => e.type === "batch" && e.runId === run.runId);
  assert.ok(batches.length > 0, "the run's batches carry its runId");
  const transitions = batches.flatMap((e) => (e.type === "batch" ? e.transitions : []));
  assert.ok(transitions.some((t) => t.to === "memory" && t.key.startsWith("inc-")));
  await watch.close();
});

test("a client that dies: its running task is stopped, the cluster serves the others", async () => {
  const started = `doomed-${process.pid}`;
  const marker = join(scratch, "doomed-marker");
  const program = join(scratch, "doomed.mjs");
  writeFileSync(
    program,
    `import { Client, moduleFunction } from ${JSON.stringify(pathToFileURL(join(runtimeDist, "index.mjs")).href)};
     const client = new Client({ name: "doomed" });
     const slowWrite = moduleFunction(${JSON.stringify(fixture)}, "slowWrite");
     await client.with({ pure: false }).submit(slowWrite, ${JSON.stringify(started)}, ${JSON.stringify(marker)}, 1500);`,
  );
  const events: WeftEvent[] = [];
  const watch = await watchCluster(cluster.address, (event) => events.push(event));
  const child = spawn(process.execPath, [program], {
    env: { ...process.env, WEFT_SCHEDULER: cluster.address },
    stdio: "ignore",
  });
  const client = new Client({ address: cluster.address });
  assert.equal(await new Event(started, client).wait(30_000), true, "the child's task started");
  const exited = once(child, "exit");
  child.kill("SIGKILL");
  await exited;
  const doomedRun = events.find((e) => e.type === "run-start" && e.program === "doomed");
  assert.ok(doomedRun !== undefined);
  for (;;) {
    if (events.some((e) => e.type === "run-end" && e.runId === doomedRun.runId)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.deepEqual(await client.gather(client.map(inc, [1, 2, 3])), [2, 3, 4]);
  // Longer than the task would have needed: it was stopped when its client went away.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  assert.equal(existsSync(marker), false);
  await client.close();
  await watch.close();
});

test("a cluster that goes away mid-run fails pending work with E_CONNECTION_LOST", async () => {
  const doomed = await startClusterProcess(["--workers", "1"]);
  const client = new Client({ address: doomed.address });
  const started = `lost-${process.pid}`;
  const pending = client.submit(slowWrite, started, join(scratch, "lost-marker"), 60_000);
  assert.equal(await new Event(started, client).wait(30_000), true);
  doomed.child.kill("SIGKILL");
  await assert.rejects(pending.result(), (error: unknown) => {
    code("E_CONNECTION_LOST")(error);
    assert.match((error as Error).message, /cluster is still running/);
    return true;
  });
  assert.equal(pending.status, "lost");
  assert.throws(() => client.submit(inc, 1), code("E_CONNECTION_LOST"));
  await client.close();
});

test("a Unix socket cluster: status, and shutdown on request", async () => {
  const socket = join(scratch, "cluster.sock");
  const unix = await startClusterProcess(["--workers", "1", "--socket", socket]);
  assert.match(unix.address, /^weft\+unix:\/\/[^@]+@\//);
  assert.equal(statSync(socket).mode & 0o777, 0o600, "only this user may connect");
  const client = new Client({ address: unix.address, name: "over-a-socket" });
  assert.equal(await client.submit(inc, 1), 2);
  const status = await clusterStatus(unix.address);
  assert.equal(status.pid, unix.pid);
  assert.equal(status.workers, 1);
  assert.ok(status.runs.some((run) => run.program === "over-a-socket"));
  await client.close();
  const exit = once(unix.child, "exit") as Promise<[number | null]>;
  await shutdownCluster(unix.address);
  const [exitCode] = await exit;
  assert.equal(exitCode, 0);
  assert.equal(existsSync(socket), false, "the socket file is removed");
  await assert.rejects(clusterStatus(unix.address), code("E_CONNECTION_LOST"));
});

test("bad command lines exit 2 with the usage", () => {
  const cli = join(runtimeDist, "cli.mjs");
  for (const args of [
    ["--workers", "zero"],
    ["--port", "99999"],
    ["--bogus"],
    ["--memory-limit", "lots"],
  ]) {
    const run = spawnSync(process.execPath, [cli, "cluster", "start", ...args], {
      encoding: "utf8",
    });
    assert.equal(run.status, 2, args.join(" "));
    assert.match(run.stderr, /Usage: weft cluster start/);
  }
});
