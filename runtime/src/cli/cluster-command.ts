/**
 * `weft cluster stop|status [address]`: talk to a standalone cluster through the client
 * protocol (`weft cluster start`, the cluster process's own command, is dispatched before this).
 * With no address: WEFT_SCHEDULER, else the cluster `start` recorded.
 */
import { readFileSync } from "node:fs";
import { clusterStatus, recordedCluster, shutdownCluster } from "../cluster-process/control";
import { isWeftError } from "../errors";
import type { ClusterStatus } from "../wire/messages";
import { CLUSTER_USAGE } from "./usage";
import { reportUsageError, UsageError } from "./usage-error";

const EXIT_NO_CLUSTER = 1;
/** How long `stop` waits for the cluster's process to be gone after it agreed to shut down. */
const STOP_WAIT_MS = 10_000;

interface ClusterArgs {
  readonly action: "stop" | "status";
  readonly address?: string;
  readonly json: boolean;
}

function parseClusterArgs(args: readonly string[]): ClusterArgs {
  const [action, ...rest] = args;
  if (action !== "stop" && action !== "status") {
    throw new UsageError(`unknown action '${String(action)}'; use start, stop or status`);
  }
  let address: string | undefined;
  let json = false;
  for (const arg of rest) {
    if (arg === "--json" && action === "status") json = true;
    else if (arg.startsWith("-")) throw new UsageError(`unknown option '${arg}' for ${action}`);
    else if (address === undefined) address = arg;
    else throw new UsageError(`one cluster address at a time; got '${address}' and '${arg}'`);
  }
  return address === undefined ? { action, json } : { action, address, json };
}

/** The cluster to talk to, and the process id when it was recorded by `start`. */
function target(explicit: string | undefined): { address: string; pid?: number } | undefined {
  if (explicit !== undefined) return { address: explicit };
  const fromEnv = process.env["WEFT_SCHEDULER"];
  if (fromEnv !== undefined && fromEnv !== "") return { address: fromEnv };
  const recorded = recordedCluster();
  return recorded === undefined ? undefined : { address: recorded.address, pid: recorded.pid };
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  // An exited process its parent has not reaped yet (a zombie) has stopped all the same.
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number): Promise<boolean> {
  const deadline = Date.now() + STOP_WAIT_MS;
  while (!processGone(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

/** The address without its secret token, for messages and status output. */
function withoutToken(address: string): string {
  return address.replace(/^(weft(?:\+unix)?:\/\/)[^@]*@/, "$1…@");
}

function statusLines(status: ClusterStatus): string[] {
  const tasks = Object.entries(status.tasks)
    .filter(([, count]) => count > 0)
    .map(([state, count]) => `${count} ${state}`);
  const lines = [
    `weft cluster: up, pid ${status.pid}`,
    `  address  ${status.address}`,
    `  workers  ${status.workers} (${status.workersStatus})`,
    `  runs     ${status.runs.length === 0 ? "none" : status.runs.length}`,
  ];
  for (const run of status.runs)
    lines.push(`           ${run.program ?? "(unnamed)"} ${run.runId}`);
  lines.push(`  tasks    ${tasks.length === 0 ? "none" : tasks.join(", ")}`);
  return lines;
}

export async function clusterCommand(args: readonly string[]): Promise<number> {
  const [action] = args;
  if (action === undefined || action === "-h" || action === "--help") {
    (action === undefined ? process.stderr : process.stdout).write(CLUSTER_USAGE);
    return action === undefined ? 2 : 0;
  }
  if (args.includes("-h") || args.includes("--help")) {
    process.stdout.write(CLUSTER_USAGE);
    return 0;
  }
  let parsed: ClusterArgs;
  try {
    parsed = parseClusterArgs(args);
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError("cluster", error, CLUSTER_USAGE);
    throw error;
  }
  const cluster = target(parsed.address);
  if (cluster === undefined) {
    process.stderr.write(
      `weft cluster ${parsed.action}: no cluster is running (none recorded by ` +
        "`weft cluster start`, and WEFT_SCHEDULER is not set); pass its address\n",
    );
    return EXIT_NO_CLUSTER;
  }
  try {
    if (parsed.action === "status") {
      const status = await clusterStatus(cluster.address);
      process.stdout.write(
        parsed.json ? `${JSON.stringify(status)}\n` : `${statusLines(status).join("\n")}\n`,
      );
      return 0;
    }
    // The pid, to wait until the process is gone: recorded, or else asked for.
    const pid = cluster.pid ?? (await clusterStatus(cluster.address)).pid;
    await shutdownCluster(cluster.address);
    if (!(await waitUntilGone(pid))) {
      process.stderr.write(
        `weft cluster stop: the cluster (pid ${pid}) agreed to stop but is still running; ` +
          `end it with \`kill ${pid}\`\n`,
      );
      return EXIT_NO_CLUSTER;
    }
    process.stdout.write(`weft cluster: stopped (pid ${pid})\n`);
    return 0;
  } catch (error) {
    if (!isWeftError(error)) throw error;
    const where = withoutToken(cluster.address);
    process.stderr.write(
      `weft cluster ${parsed.action}: no cluster answers at ${where} (${error.code}: ${error.message})\n`,
    );
    return EXIT_NO_CLUSTER;
  }
}
