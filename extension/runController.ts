/**
 * "Weft: Run Current File" and "Weft: Stop Run": save the file, start or reuse the local cluster,
 * run the file with `weft run --scheduler <cluster>` in a terminal, follow the run's events for
 * the status bar and a cancellable notification, and open the dashboard on it.
 */
import { basename, dirname } from "node:path";
import * as vscode from "vscode";
import type { WeftEvent } from "../runtime/src/protocol/events";
import { RunTracker } from "../runtime/src/report/runTracker";
import type { ClusterSupervisor } from "./clusterSupervisor";
import { openDashboardOnRun } from "./config";
import type { DashboardViewProvider } from "./dashboardView";
import { isAnalysedDocument } from "./documents";
import { nodeCommand } from "./nodeCommand";
import { output } from "./output";
import { ProcessTerminal } from "./processTerminal";
import type { ClusterStatusBar } from "./statusBar";
import { canRunCode } from "./trust";

interface ActiveRun {
  readonly file: string;
  readonly program: string;
  readonly pty: ProcessTerminal;
  readonly terminal: vscode.Terminal;
  readonly exited: Promise<number>;
  /** When Run Current File was invoked (performance.now()). */
  readonly requestedAt: number;
  runId?: string;
  tracker?: RunTracker;
  firstTaskLogged?: boolean;
  progress?: vscode.Progress<{ message?: string }>;
}

/** How long Stop Run waits for the program to exit after SIGINT before it kills it. */
const STOP_GRACE_MS = 3000;

export class RunController implements vscode.Disposable {
  private active: ActiveRun | undefined;
  private readonly runEndedEmitter = new vscode.EventEmitter<{ file: string; exitCode: number }>();
  /** Fires when a program started by Run Current File has exited. */
  readonly onDidEndRun = this.runEndedEmitter.event;

  constructor(
    private readonly cli: string,
    private readonly supervisor: ClusterSupervisor,
    private readonly dashboard: DashboardViewProvider,
    private readonly statusBar: ClusterStatusBar,
  ) {}

  get isRunning(): boolean {
    return this.active !== undefined;
  }

  async runCurrentFile(uri?: vscode.Uri): Promise<void> {
    const requestedAt = performance.now();
    if (!canRunCode()) return;
    const document = await this.documentToRun(uri);
    if (!document) return;
    if (this.active) {
      void vscode.window.showWarningMessage(
        `Weft is already running ${basename(this.active.file)}. Stop it first (“Weft: Stop Run”).`,
      );
      return;
    }
    if (document.isDirty && !(await document.save())) return;

    let address: string;
    try {
      address = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: "Weft: starting the local cluster" },
        () => this.supervisor.ensureStarted(),
      );
    } catch (error) {
      output().error(`the local cluster did not start: ${String(error)}`);
      void vscode.window.showErrorMessage(
        `Weft could not start the local cluster: ${(error as Error).message}. See “Weft: Show Output”.`,
      );
      return;
    }

    const file = document.uri.fsPath;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? dirname(file);
    const { command, env } = nodeCommand();
    const pty = new ProcessTerminal({
      command,
      args: [this.cli, "run", file, "--scheduler", address],
      cwd: folder,
      env,
    });
    const exited = new Promise<number>((resolve) => pty.onDidExit(resolve));
    const terminal = vscode.window.createTerminal({ name: `Weft: ${basename(file)}`, pty });
    const run: ActiveRun = { file, program: basename(file), pty, terminal, exited, requestedAt };
    this.active = run;
    terminal.show(true);
    if (openDashboardOnRun(document.uri)) void this.dashboard.reveal();
    output().info(`running ${file} on ${address.replace(/\/\/[^@]*@/, "//…@")}`);

    void vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Weft: running ${basename(file)}`,
        cancellable: true,
      },
      async (progress, cancelled) => {
        run.progress = progress;
        cancelled.onCancellationRequested(() => void this.stopRun());
        await exited;
      },
    );
    const exitCode = await exited;
    this.finish(run, exitCode);
  }

  /** Interrupts the running program (as Ctrl-C would); kills it if it does not stop. */
  async stopRun(): Promise<void> {
    const run = this.active;
    if (!run) {
      void vscode.window.showInformationMessage("Weft has no run to stop.");
      return;
    }
    run.pty.interrupt();
    const timer = setTimeout(() => run.pty.kill(), STOP_GRACE_MS);
    await run.exited;
    clearTimeout(timer);
  }

  /** Follows the events of the run this controller started. */
  handleEvent(event: WeftEvent): void {
    const run = this.active;
    if (!run) return;
    if (event.type === "run-start" && run.runId === undefined && event.program === run.program) {
      run.runId = event.runId;
      run.tracker = new RunTracker();
      output().info(`run ${event.runId} of ${event.program ?? "?"} started on the cluster`);
      this.dashboard.post({ type: "select-run", runId: event.runId });
    }
    if (event.runId !== run.runId || !run.tracker) return;
    run.tracker.apply(event);
    if (
      !run.firstTaskLogged &&
      event.type === "batch" &&
      event.groups.some((g) => g.counts.processing + g.counts.memory + g.counts.released > 0)
    ) {
      run.firstTaskLogged = true;
      const ms = performance.now() - run.requestedAt;
      output().info(`first task running ${ms.toFixed(0)} ms after Run Current File`);
    }
    const { summary, groups } = run.tracker.view();
    let done = 0;
    let total = 0;
    for (const { counts } of groups) {
      done += counts.memory + counts.released;
      total += Object.values(counts).reduce((sum, n) => sum + n, 0);
    }
    this.statusBar.show({ state: "running", done, total, erred: summary.erred });
    run.progress?.report({ message: `${done} of ${total} tasks done` });
  }

  private finish(run: ActiveRun, exitCode: number): void {
    if (this.active === run) this.active = undefined;
    this.statusBar.show({ state: "idle", workers: this.supervisor.workers });
    output().info(`${run.file} exited with code ${exitCode}`);
    this.runEndedEmitter.fire({ file: run.file, exitCode });
    if (exitCode === 1) {
      void vscode.window
        .showErrorMessage(
          `Weft: ${basename(run.file)} failed. The remote stack is in the terminal and on the dashboard's Errors page.`,
          "Show Dashboard",
        )
        .then((choice) => choice && this.dashboard.reveal());
    }
  }

  private async documentToRun(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
    const document = uri
      ? await vscode.workspace.openTextDocument(uri)
      : vscode.window.activeTextEditor?.document;
    if (!document || !isAnalysedDocument(document)) {
      void vscode.window.showErrorMessage(
        "Weft: open a TypeScript or JavaScript file (saved on disk) to run it.",
      );
      return undefined;
    }
    return document;
  }

  dispose(): void {
    this.active?.pty.kill();
    this.runEndedEmitter.dispose();
  }
}
