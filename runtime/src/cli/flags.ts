/**
 * Reading command-line options the same way in every command: `--flag value`, `--flag=value`,
 * and flags without a value; a missing value or a bad number is a UsageError.
 */
import { UsageError } from "./usage-error";

/** `--flag=value` split at its first `=`; without one, no inline value. */
export function splitInline(arg: string): [string, string | undefined] {
  const eq = arg.indexOf("=");
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

/**
 * Reads `argv` as options only: calls `visit` with each flag and a `value()` that takes the
 * flag's value (after `=`, or the next argument), refusing a missing or empty one.
 */
export function forEachFlag(
  argv: readonly string[],
  visit: (flag: string, value: () => string) => void,
): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith("--") ? splitInline(arg) : [arg, undefined];
    visit(flag, () => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === "") throw new UsageError(`${flag} needs a value`);
      return next;
    });
  }
}

/** `text` as a whole number of at least `min`, for the option `flag`. */
export function wholeNumber(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new UsageError(`${flag} must be a whole number ≥ ${min}, got '${text}'`);
  }
  return value;
}
