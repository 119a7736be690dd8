/**
 * A terminal that shows one child process: its stdout and stderr as they come, Ctrl-C sent to it
 * as SIGINT, and its exit code at the end. The process keeps its own streams untouched; only
 * line endings are adapted to the terminal.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as vscode from "vscode";

export interface ProcessSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

export class ProcessTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  private readonly exitEmitter = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  /** Fires with the exit code (128 + signal number when killed by a signal). */
  readonly onDidExit = this.exitEmitter.event;
  private child: ChildProcess | undefined;

  constructor(private readonly spec: ProcessSpec) {}

  open(): void {
    const child = spawn(this.spec.command, [...this.spec.args], {
      cwd: this.spec.cwd,
      env: { ...this.spec.env, FORCE_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    const forward = (chunk: Buffer): void =>
      this.writeEmitter.fire(chunk.toString("utf8").replace(/\r?\n/g, "\r\n"));
    child.stdout.on("data", forward);
    child.stderr.on("data", forward);
    child.on("error", (error) => {
      this.writeEmitter.fire(
        `\r\nweft: could not start ${this.spec.command}: ${error.message}\r\n`,
      );
      this.exitEmitter.fire(127);
    });
    child.on("exit", (code, signal) => {
      const exitCode = code ?? (signal === "SIGINT" ? 130 : signal === "SIGKILL" ? 137 : 143);
      this.writeEmitter.fire(`\r\n\x1b[2m[process exited with code ${exitCode}]\x1b[0m\r\n`);
      this.exitEmitter.fire(exitCode);
    });
  }

  handleInput(data: string): void {
    if (data === "\x03") this.interrupt();
  }

  /** Asks the program to stop, as Ctrl-C in a shell would. */
  interrupt(): void {
    if (this.child && this.child.exitCode === null) this.child.kill("SIGINT");
  }

  /** Ends the program at once. */
  kill(): void {
    if (this.child && this.child.exitCode === null) this.child.kill("SIGKILL");
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  close(): void {
    this.interrupt();
  }
}
