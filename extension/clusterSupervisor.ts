/**
 * The local cluster as its own process: started on first use (`weft cluster start --json`),
 * kept warm across runs, restarted if it dies (a few times a minute at most), stopped on
 * deactivate. Its event stream is watched and handed to whoever listens (dashboard, status bar).
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as vscode from "vscode";
import { watchCluster, type ClusterWatch } from "../runtime/src/client/watch-cluster";
import type { WeftEvent } from "../runtime/src/protocol/events";
import { clusterSettings } from "./config";
import { output } from "./output";
import { nodeCommand } from "./nodeCommand";

export type SupervisorState = "stopped" | "starting" | "running";

interface RunningCluster {
  readonly child: ChildProcess;
  readonly address: string;
  readonly workers: number;
  readonly watch: ClusterWatch;
}

/** Unexpected exits tolerated within a minute before the supervisor stops restarting. */
const MAX_RESTARTS_PER_MINUTE = 3;
const START_TIMEOUT_MS = 30_000;

export class ClusterSupervisor implements vscode.Disposable {
  private cluster: RunningCluster | undefined;
  private starting: Promise<RunningCluster> | undefined;
  private stopping = false;
  private readonly crashes: number[] = [];
  private readonly stateEmitter = new vscode.EventEmitter<SupervisorState>();
  private readonly eventEmitter = new vscode.EventEmitter<WeftEvent>();
  /** Fires when the cluster starts, stops or is starting. */
  readonly onDidChangeState = this.stateEmitter.event;
  /** Every event of every run on the cluster. */
  readonly onEvent = this.eventEmitter.event;

  constructor(private readonly cli: string) {}

  get state(): SupervisorState {
    if (this.cluster) return "running";
    return this.starting ? "starting" : "stopped";
  }

  get workers(): number {
    return this.cluster?.workers ?? 0;
  }

  /** The running cluster's address, starting it first if needed. */
  async ensureStarted(): Promise<string> {
    if (this.cluster) return this.cluster.address;
    this.starting ??= this.start().finally(() => {
      this.starting = undefined;
    });
    return (await this.starting).address;
  }

  async stop(): Promise<void> {
    const cluster = this.cluster ?? (await this.starting?.catch(() => undefined));
    if (!cluster) return;
    this.stopping = true;
    this.cluster = undefined;
    try {
      await cluster.watch.close().catch(() => undefined);
      await terminate(cluster.child);
    } finally {
      this.stopping = false;
      this.stateEmitter.fire("stopped");
      output().info("local cluster stopped");
    }
  }

  async restart(): Promise<string> {
    await this.stop();
    return this.ensureStarted();
  }

  dispose(): void {
    void this.stop();
    this.stateEmitter.dispose();
    this.eventEmitter.dispose();
  }

  private async start(): Promise<RunningCluster> {
    this.stateEmitter.fire("starting");
    const settings = clusterSettings();
    const args = [this.cli, "cluster", "start", "--json", "--workers", String(settings.workers)];
    if (settings.memoryLimit !== undefined) args.push("--memory-limit", settings.memoryLimit);
    const { command, env } = nodeCommand();
    output().info(`starting the local cluster: weft ${args.slice(1).join(" ")}`);
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    child.stderr.on("data", (chunk: Buffer) =>
      output().info(`[cluster] ${chunk.toString().trimEnd()}`),
    );
    try {
      const ready = await readReadyLine(child);
      const watch = await watchCluster(ready.address, (event) => {
        if (event.type !== "batch") output().info(`cluster event: ${event.type} ${event.runId}`);
        this.eventEmitter.fire(event);
      });
      const cluster: RunningCluster = {
        child,
        address: ready.address,
        workers: ready.workers,
        watch,
      };
      this.cluster = cluster;
      child.once("exit", (code, signal) => this.exited(cluster, code, signal));
      output().info(`local cluster ready: ${ready.workers} workers, pid ${ready.pid}`);
      this.stateEmitter.fire("running");
      return cluster;
    } catch (error) {
      child.kill("SIGKILL");
      this.stateEmitter.fire("stopped");
      throw error;
    }
  }

  private exited(cluster: RunningCluster, code: number | null, signal: string | null): void {
    if (this.stopping || this.cluster !== cluster) return;
    this.cluster = undefined;
    void cluster.watch.close().catch(() => undefined);
    this.stateEmitter.fire("stopped");
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length > 0 && (this.crashes[0] ?? now) < now - 60_000) this.crashes.shift();
    const how = signal ?? `exit code ${code ?? "?"}`;
    if (this.crashes.length > MAX_RESTARTS_PER_MINUTE) {
      output().error(`the local cluster died (${how}) too often; not restarting it`);
      void vscode.window.showErrorMessage(
        `The Weft cluster stopped unexpectedly ${this.crashes.length} times in a minute. ` +
          "See the Weft output, then start it again with “Weft: Start Local Cluster”.",
      );
      return;
    }
    output().warn(`the local cluster died (${how}); restarting it`);
    this.ensureStarted().catch((error: unknown) =>
      output().error(`restart failed: ${String(error)}`),
    );
  }
}

interface ReadyLine {
  readonly address: string;
  readonly pid: number;
  readonly workers: number;
}

/** Waits for `weft cluster start --json`'s one line on stdout. */
function readReadyLine(child: ChildProcess): Promise<ReadyLine> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(
      () => reject(new Error(`the cluster did not start within ${START_TIMEOUT_MS / 1000} s`)),
      START_TIMEOUT_MS,
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf("\n");
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(buffered.slice(0, newline)) as ReadyLine);
      } catch {
        reject(
          new Error(`unexpected output from weft cluster start: ${buffered.slice(0, newline)}`),
        );
      }
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`weft cluster start exited with code ${code ?? "?"} before it was ready`));
    });
  });
}

/** SIGTERM, then SIGKILL if the process has not gone after a few seconds. */
export function terminate(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
