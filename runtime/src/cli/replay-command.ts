/**
 * `weft replay <events.jsonl>`: the summary of a recorded run, made by the same tracker and
 * formatting that `weft run` uses live, so both print the same summary; then the failures with
 * their remote stacks.
 */
import { isWeftError } from "../errors";
import type { RunView } from "../report/runTracker";
import { RunTracker } from "../report/runTracker";
import { readEventsFile } from "../report/eventsFile";
import { summaryBlock, summaryLine } from "../report/summaryText";
import { REPLAY_USAGE } from "./usage";
import { reportUsageError, UsageError } from "./usage-error";

/** Failures printed in full; a run with thousands of them names the rest in one line. */
const MAX_FAILURES_SHOWN = 10;

function parseReplayArgs(args: readonly string[]): { file?: string; oneline: boolean } {
  let file: string | undefined;
  let oneline = false;
  for (const arg of args) {
    if (arg === "--oneline") oneline = true;
    else if (arg.startsWith("-")) throw new UsageError(`unknown option '${arg}'`);
    else if (file === undefined) file = arg;
    else throw new UsageError(`one events file at a time; got '${file}' and '${arg}'`);
  }
  return file === undefined ? { oneline } : { file, oneline };
}

function failureLines(view: RunView): string[] {
  if (view.failures.length === 0) return [];
  const lines = [
    "",
    `${view.failures.length} failed task${view.failures.length === 1 ? "" : "s"}:`,
  ];
  for (const failure of view.failures.slice(0, MAX_FAILURES_SHOWN)) {
    lines.push(`--- ${failure.key} ---`, failure.stack || `${failure.name}: ${failure.message}`);
  }
  const more = view.failures.length - MAX_FAILURES_SHOWN;
  if (more > 0) lines.push(`… and ${more} more`);
  return lines;
}

export function replayCommand(args: readonly string[]): number {
  if (args.includes("-h") || args.includes("--help")) {
    process.stdout.write(REPLAY_USAGE);
    return 0;
  }
  let parsed: { file?: string; oneline: boolean };
  try {
    parsed = parseReplayArgs(args);
    if (parsed.file === undefined) throw new UsageError("name the events file to replay");
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError("replay", error, REPLAY_USAGE);
    throw error;
  }
  let tracker: RunTracker;
  try {
    tracker = new RunTracker();
    for (const event of readEventsFile(parsed.file)) tracker.apply(event);
  } catch (error) {
    if (!isWeftError(error)) throw error;
    process.stderr.write(`weft replay: ${error.message}\n`);
    return 1;
  }
  const view = tracker.view();
  if (view.runs === 0) {
    process.stderr.write(
      `weft replay: ${parsed.file} holds no run; pass a file written by \`weft run --events\`\n`,
    );
    return 1;
  }
  if (parsed.oneline) {
    process.stdout.write(`${summaryLine(view.summary)}\n`);
    return 0;
  }
  const lines = [
    ...summaryBlock(view.summary),
    ...(view.program === undefined ? [] : ["", `program ${view.program}`]),
    ...failureLines(view),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}
