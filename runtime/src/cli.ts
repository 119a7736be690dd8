/**
 * The `weft` command line. Each command lives in its own module; this file only dispatches.
 */
import { runCommand } from "./run/run-command";
import { version } from "./version";

const USAGE = `Usage: weft <command> [options]

Commands:
  run <file> [args...]   run a program, its tasks on a Weft cluster
  help [command]         show help for a command

Options:
  -h, --help             show this help
  -v, --version          print Weft's version
`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command] = argv;
  if (command === undefined || command === "-h" || command === "--help" || command === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command === "-v" || command === "--version") {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (command === "run") return runCommand(argv.slice(1));
  if (command === "check")
    return (await import(new URL("./check.mjs", import.meta.url).href)).main(argv.slice(1));
  process.stderr.write(`weft: unknown command '${command}'\n\n${USAGE}`);
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
