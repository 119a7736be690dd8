/**
 * Real processes for the distributed suite: Debian's redis-server on 127.0.0.1 at a free port
 * (no persistence, in a temp folder), `weft worker` processes from the built CLI, and programs
 * run with `weft run`. Everything started here is stopped by `stopAll` (each test file calls it
 * in `after`), and killed on exit if a test file ends any other way.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot, runtimeDist } from "../support/paths";

const children = new Set<ChildProcess>();
const folders = new Set<string>();

process.on("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

export function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.add(folder);
  return folder;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** One request to Redis over a plain socket: true when it answers PONG. */
async function pings(port: number): Promise<boolean> {
  const socket = new Socket();
  try {
    socket.connect(port, "127.0.0.1");
    await once(socket, "connect");
    socket.write("PING\r\n");
    const [data] = (await once(socket, "data")) as [Buffer];
    return data.toString().startsWith("+PONG");
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Stops Redis (its data is gone: no persistence) and starts it again at the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(serverPath: string): Promise<RedisServer> {
  const port = await freePort();
  const dir = tempFolder("weft-redis-");
  let child: ChildProcess;
  const launch = async (): Promise<void> => {
    child = track(
      spawn(
        serverPath,
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        { cwd: dir, stdio: "ignore" },
      ),
    );
    await until(`redis-server on port ${port}`, () => pings(port));
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart() {
      await stop();
      await launch();
    },
    stop,
  };
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  /** Resolves with the exit code when the process ends by itself. */
  readonly exited: Promise<number | null>;
}

export interface WorkerOptions {
  readonly threads?: number;
  readonly queue?: string;
  readonly root?: string;
  /** Short locks so a killed worker's task moves on quickly. */
  readonly fastStalls?: boolean;
  /** The CLI to run (default: the built one). */
  readonly cli?: readonly string[];
}

export async function startWorker(
  url: string,
  options: WorkerOptions = {},
): Promise<WorkerProcess> {
  const cli = options.cli ?? [join(runtimeDist, "cli.mjs")];
  const args = [
    ...cli,
    "worker",
    "--redis",
    url,
    "--workers",
    String(options.threads ?? 1),
    "--root",
    options.root ?? repoRoot,
    ...(options.queue === undefined ? [] : ["--queue", options.queue]),
    ...(options.fastStalls === true
      ? ["--lock-duration", "1000", "--stalled-interval", "500"]
      : []),
  ];
  const child = track(spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] }));
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(child, "exit").then(([code]) => code as number | null);
  await Promise.race([
    until("the worker to be ready", () => stderr.includes(": ready,"), 30_000),
    exited.then((code) => {
      throw new Error(`weft worker exited (${String(code)}) before it was ready:\n${stderr}`);
    }),
  ]);
  return {
    child,
    pid: child.pid as number,
    stderr: () => stderr,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      return exited;
    },
  };
}

export interface ProgramRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `weft run <file>` with the built CLI; `during` runs while the program does. */
export async function weftRun(
  file: string,
  env: Record<string, string>,
  during?: (child: ChildProcess) => Promise<void>,
  args: readonly string[] = [],
  where: { readonly cli?: string; readonly cwd?: string } = {},
): Promise<ProgramRun> {
  const cli = where.cli ?? join(runtimeDist, "cli.mjs");
  const child = track(
    spawn(process.execPath, [cli, "run", "--no-progress", ...args, file], {
      cwd: where.cwd ?? repoRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(child, "exit");
  // A guard, not an assertion: a program that never ends fails the test here.
  const guard = setTimeout(() => child.kill("SIGKILL"), 120_000);
  try {
    if (during !== undefined) await during(child);
    const [status] = (await exited) as [number | null];
    return { status, stdout, stderr };
  } finally {
    clearTimeout(guard);
  }
}

/** Stops every process this file started (workers first, then Redis). */
export async function stopAll(): Promise<void> {
  const running = [...children].filter(
    (child) => child.exitCode === null && child.signalCode === null,
  );
  await Promise.all(
    running.map(async (child) => {
      const exited = once(child, "exit");
      child.kill("SIGKILL");
      await exited;
    }),
  );
}

export { until };
