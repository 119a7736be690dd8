/**
 * `weft run <file> [args...]`: runs a program with TypeScript support and no build step. The
 * same loader is installed here and in every worker; the program's top-level functions become
 * shippable by name, and `import ... from "weft"` resolves to this bundled runtime. Progress and
 * the summary go to stderr (run-reporter.ts); the program's own output is left alone.
 *
 * Endings: the program's own exit code; 1 with the error (a task's remote stack) when the
 * program fails; 2 for a bad command line; 130 on Ctrl-C, after cancelling running tasks and
 * stopping the workers.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { installLoader } from "../cli/install-loader";
import { reportUsageError, UsageError } from "../cli/usage-error";
import { RUN_USAGE } from "../cli/usage";
import { functionRegistry } from "../shipping/registry";
import { followProgramRuns } from "./cluster-events";
import { onInterrupt } from "./interrupt";
import { parseRunArgs, type RunOptions } from "./run-options";
import { RunReporter } from "./run-reporter";
import { requireWeftFromCommonJs, type RuntimeModule } from "./runtime-module";

export { RUN_USAGE };

const EXIT_FAILED = 1;
/** An events file that cannot be written is a usage problem: the user named the path. */
const EXIT_USAGE_OR_IO = 2;

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** Shows the progress of the program's runs on the cluster at `address`. */
async function followCluster(
  address: string,
  path: string,
  reporter: RunReporter,
  shutdown: () => Promise<void>,
): Promise<void> {
  try {
    const follower = await followProgramRuns(address, path, reporter.apply);
    // The program is done. Its runs end on the cluster once it lets go of their results:
    // disconnect now, rather than at exit, then give the last remote events a moment, once.
    process.once("beforeExit", () => {
      void shutdown()
        .catch(() => undefined)
        .then(() => follower.settle());
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`weft run: not following the cluster's progress: ${message}\n`);
  }
}

export async function runCommand(args: readonly string[]): Promise<number> {
  let options: RunOptions;
  try {
    options = parseRunArgs(args);
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError("run", error, RUN_USAGE);
    throw error;
  }
  if (options.help) {
    process.stdout.write(RUN_USAGE);
    return 0;
  }
  const { file } = options;
  if (file === undefined) {
    return reportUsageError("run", new UsageError("which program? Name a file to run"), RUN_USAGE);
  }
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    return reportUsageError("run", new UsageError(`no such file: ${file}`), RUN_USAGE);
  }
  // The library reads these when the program makes its cluster or client, in this process and
  // in any process the program starts.
  if (options.workers !== undefined) process.env["WEFT_WORKERS"] = String(options.workers);
  if (options.scheduler !== undefined) process.env["WEFT_SCHEDULER"] = options.scheduler;

  const entryUrl = pathToFileURL(path).href;

  let reporter: RunReporter;
  try {
    reporter = new RunReporter({
      program: path,
      progress: options.progress,
      ...(options.events === undefined ? {} : { eventsPath: resolve(options.events) }),
    });
  } catch (error) {
    process.stderr.write(`weft run: ${(error as Error).message}\n`);
    return EXIT_USAGE_OR_IO;
  }

  const { runtimeUrl } = installLoader();
  functionRegistry().entryUrl = entryUrl;

  // The program's `import "weft"` gets this same module instance, so its events reach us.
  const esm = (await import(runtimeUrl)) as RuntimeModule;
  esm.subscribeEvents(reporter.apply);
  const runtimes = [esm];
  // A CommonJS program gets the CommonJS build: a second instance, with its own cluster.
  requireWeftFromCommonJs(join(dirname(__filename), "index.cjs"), (cjs) => {
    cjs.subscribeEvents(reporter.apply);
    runtimes.push(cjs);
  });
  const shutdown = async (): Promise<void> => {
    await Promise.all(runtimes.map((runtime) => runtime.shutdown()));
  };
  const interruption = onInterrupt({ reporter, shutdown });
  const scheduler = options.scheduler ?? process.env["WEFT_SCHEDULER"];
  if (scheduler !== undefined && scheduler !== "") {
    await followCluster(scheduler, path, reporter, shutdown);
  }
  const failAndExit = (error: unknown): void => {
    // Cancelling on Ctrl-C rejects the program's computes; the interruption ends the run.
    if (interruption.interrupted) return;
    // Cancel what is still running first, so the summary and the events file say so.
    void shutdown().catch(() => undefined);
    reporter.finish();
    process.stderr.write(`weft run: ${file} failed\n${describeError(error)}\n`);
    process.exit(EXIT_FAILED);
  };
  process.on("exit", () => reporter.finish());
  // An error the program leaves uncaught would otherwise be printed under the progress lines.
  process.on("uncaughtException", failAndExit);

  process.argv = [process.argv[0] as string, path, ...options.programArgs];
  reporter.start();
  try {
    await import(entryUrl);
  } catch (error) {
    failAndExit(error);
    // Interrupted: the interruption exits once the workers have stopped.
    return new Promise<number>(() => undefined);
  }
  // Keep an exit code the program set for itself.
  return typeof process.exitCode === "number" ? process.exitCode : 0;
}
