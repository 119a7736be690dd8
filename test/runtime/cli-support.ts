/**
 * Running the built `weft` command line for the CLI suites: in a folder with no node_modules,
 * as a plain child process or under a real pseudo-terminal (util-linux `script`), and reading a
 * terminal's bytes back as the program's output plus the progress blocks that were drawn and
 * erased.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot, runtimeDist } from "../support/paths";

export const cli = join(runtimeDist, "cli.mjs");

/** A fresh folder holding the CLI fixtures, outside the repository (no package.json above). */
export function fixtureFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), "weft-cli-"));
  cpSync(join(repoRoot, "test/fixtures/runtime/cli"), folder, { recursive: true });
  return folder;
}

export function weft(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cli, ...args], {
    cwd: options.cwd,
    encoding: "utf8",
    env: { ...process.env, ...options.env },
    // A guard, not an assertion: a run that does not end by itself fails here.
    timeout: 120_000,
  });
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export interface TerminalSession {
  /** Everything written to the terminal so far. */
  output(): string;
  /** Types into the terminal (`"\x03"` is Ctrl-C). */
  type(text: string): void;
  /** The command's exit code (script passes it through). */
  readonly exited: Promise<number | null>;
}

/** Runs `weft <args>` with stdin, stdout and stderr on a new pseudo-terminal. */
export function weftInTerminal(args: readonly string[], cwd: string): TerminalSession {
  const command = [process.execPath, cli, ...args].map(shellQuote).join(" ");
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    cwd,
    env: { ...process.env, TERM: "xterm", NO_COLOR: "1" },
    stdio: ["pipe", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code));
  });
  return { output: () => output, type: (text) => child.stdin.write(text), exited };
}

// TerminalProgress erases its n lines with "cursor up n, carriage return, erase down".
const ESC = String.fromCharCode(0x1b);
const ERASE = new RegExp(`${ESC}\\[(\\d+)A\r${ESC}\\[J`, "g");

export interface TerminalTranscript {
  /** What stays on the screen: the bytes written around the progress, with "\r\n" as "\n". */
  readonly text: string;
  /** Each progress block that was drawn and then erased, as its lines. */
  readonly blocks: readonly (readonly string[])[];
}

/**
 * Splits a terminal's bytes into what the program (and the final summary) wrote and the progress
 * blocks: each erase removes the n lines drawn just before it.
 */
export function readTranscript(raw: string): TerminalTranscript {
  const blocks: string[][] = [];
  let text = "";
  let cursor = 0;
  // The terminal echoes a typed Ctrl-C as "^C"; that is the terminal's, not the program's.
  const screen = raw.replace(/\^C/g, "");
  for (const match of screen.matchAll(ERASE)) {
    const segment = screen.slice(cursor, match.index).replace(/\r\n/g, "\n");
    const lines = Number(match[1]);
    // The block is the segment's last `lines` complete lines.
    const parts = segment.split("\n");
    const tail = parts.pop();
    if (tail !== "")
      throw new Error(`a progress block must end a line; got ${JSON.stringify(tail)}`);
    blocks.push(parts.splice(parts.length - lines, lines));
    text += parts.length > 0 ? `${parts.join("\n")}\n` : "";
    cursor = (match.index ?? 0) + match[0].length;
  }
  text += screen.slice(cursor).replace(/\r\n/g, "\n");
  return { text, blocks };
}

/** Processes whose command line mentions `needle` (a fixture folder), other than `ps` itself. */
export function processesMentioning(needle: string): string[] {
  const ps = spawnSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  return ps.stdout.split("\n").filter((line) => line.includes(needle) && !/\bps -eo\b/.test(line));
}
