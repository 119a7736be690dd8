/**
 * The `weft` command line. Each command lives in its own module; this file only dispatches.
 * Commands that pull in large bundles (`check`) are loaded only when asked for, so `weft run`
 * starts fast.
 */
import { clusterCommand } from "./cli/cluster-command";
import { clusterStartCommand } from "./cluster-process/start-command";
import { replayCommand } from "./cli/replay-command";
import { USAGE_BY_COMMAND, WEFT_USAGE } from "./cli/usage";
import { runCommand } from "./run/run-command";
import { version } from "./version";

function help(topic: string | undefined): number {
  if (topic === undefined) {
    process.stdout.write(WEFT_USAGE);
    return 0;
  }
  const usage = USAGE_BY_COMMAND[topic];
  if (usage === undefined) {
    process.stderr.write(`weft help: no command '${topic}'\n\n${WEFT_USAGE}`);
    return 2;
  }
  process.stdout.write(usage);
  return 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help") return help(undefined);
  if (command === "help") {
    // `weft help check` is the same as `weft check --help`; check keeps its own text.
    if (rest[0] === "check") return main(["check", "--help"]);
    return help(rest[0]);
  }
  if (command === "-v" || command === "--version") {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (command === "run") return runCommand(rest);
  if (command === "replay") return replayCommand(rest);
  if (command === "cluster" && rest[0] === "start") return clusterStartCommand(rest.slice(1));
  if (command === "cluster") return clusterCommand(rest);
  if (command === "worker") return (await import("./redis/worker-command")).workerCommand(rest);
  if (command === "check")
    return (await import(new URL("./check.mjs", import.meta.url).href)).main(rest);
  process.stderr.write(`weft: unknown command '${command}'\n\n${WEFT_USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `weft: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
