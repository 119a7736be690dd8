/**
 * The command line of `weft run`. Weft's options may come before or after the file; after the
 * file, anything Weft does not know belongs to the program, and everything after `--` does.
 */
import { splitInline } from "../cli/flags";
import { UsageError } from "../cli/usage-error";
import { parseAddress } from "../wire/address";

export interface RunOptions {
  readonly help: boolean;
  readonly file: string | undefined;
  readonly programArgs: readonly string[];
  readonly workers?: number;
  readonly scheduler?: string;
  readonly events?: string;
  readonly progress: boolean;
}

const VALUE_OPTIONS = new Set(["--workers", "--scheduler", "--events"]);

function parseWorkers(text: string): number {
  const workers = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(workers) || workers < 1) {
    throw new UsageError(`--workers takes a whole number of threads, 1 or more; got '${text}'`);
  }
  return workers;
}

export function parseRunArgs(args: readonly string[]): RunOptions {
  let help = false;
  let file: string | undefined;
  const programArgs: string[] = [];
  let progress = true;
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--") {
      if (file === undefined) {
        file = args[i + 1];
        i++;
      }
      programArgs.push(...args.slice(i + 1));
      break;
    }
    const [name, inline] = arg.startsWith("--") ? splitInline(arg) : [arg, undefined];
    if (VALUE_OPTIONS.has(name)) {
      const value = inline ?? args[++i];
      if (value === undefined || value === "") {
        throw new UsageError(`${name} needs a value`);
      }
      values.set(name, value);
    } else if (name === "--no-progress" && inline === undefined) {
      progress = false;
    } else if ((arg === "-h" || arg === "--help") && file === undefined) {
      help = true;
    } else if (file === undefined) {
      if (arg.startsWith("-")) throw new UsageError(`unknown option '${arg}'`);
      file = arg;
    } else {
      programArgs.push(arg);
    }
  }
  const workers = values.get("--workers");
  const scheduler = values.get("--scheduler");
  if (scheduler !== undefined) {
    try {
      parseAddress(scheduler);
    } catch (error) {
      throw new UsageError(`--scheduler: ${(error as Error).message}`);
    }
  }
  const events = values.get("--events");
  return {
    help,
    file,
    programArgs,
    progress,
    ...(workers === undefined ? {} : { workers: parseWorkers(workers) }),
    ...(scheduler === undefined ? {} : { scheduler }),
    ...(events === undefined ? {} : { events }),
  };
}
