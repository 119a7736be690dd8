/**
 * Starts `weft cluster start --json` (the built CLI) as its own process for a test file, reads
 * its one JSON line, and stops it with SIGTERM afterwards, checking it exits 0.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { runtimeDist } from "../support/paths";

export interface ClusterProcess {
  readonly address: string;
  readonly pid: number;
  readonly workers: number;
  readonly child: ChildProcess;
  /** stderr so far, for failure messages. */
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export async function startClusterProcess(args: string[] = []): Promise<ClusterProcess> {
  const child = spawn(
    process.execPath,
    [join(runtimeDist, "cli.mjs"), "cluster", "start", "--json", ...args],
    {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        WEFT_CLUSTER_FILE: join(runtimeDist, `.test-cluster-${process.pid}.json`),
      },
    },
  );
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const exited = once(child, "exit").then(() => {
    throw new Error(`weft cluster start exited before it was ready:\n${stderr}`);
  });
  const [line] = (await Promise.race([once(lines, "line"), exited])) as [string];
  const info = JSON.parse(line) as { address: string; pid: number; workers: number };
  return {
    ...info,
    child,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exit = once(child, "exit") as Promise<[number | null]>;
      child.kill("SIGTERM");
      const [code] = await exit;
      return code;
    },
  };
}
