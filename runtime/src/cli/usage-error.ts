/** A bad command line: the CLI prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const EXIT_USAGE = 2;

/** Writes `weft <command>: <message>` and the usage to stderr; returns the exit code. */
export function reportUsageError(command: string, error: UsageError, usage: string): number {
  process.stderr.write(`weft ${command}: ${error.message}\n\n${usage}`);
  return EXIT_USAGE;
}
