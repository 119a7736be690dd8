/**
 * `weft run <file> [args...]`: runs a program with TypeScript support and no build step. The
 * same loader is installed here and in every worker; the program's top-level functions become
 * shippable by name, and `import ... from "weft"` resolves to this bundled runtime. A task error
 * (or any error) ends the run with exit code 1 and the remote stack.
 */
import { existsSync } from "node:fs";
import { register } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { setLaunchOptions } from "../cluster/launch-options";
import type { LoaderData } from "../loader/hooks";
import { functionRegistry } from "../shipping/registry";

export const RUN_USAGE = `Usage: weft run <file> [args...]

Runs a TypeScript or JavaScript program; its delayed tasks run on a local cluster of worker
threads. The program's arguments follow the file name.
`;

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

export async function runCommand(args: readonly string[]): Promise<number> {
  const [file, ...programArgs] = args;
  if (file === undefined || file === "-h" || file === "--help") {
    (file === undefined ? process.stderr : process.stdout).write(RUN_USAGE);
    return file === undefined ? 2 : 0;
  }
  const path = resolve(file);
  if (!existsSync(path)) {
    process.stderr.write(`weft run: no such file: ${file}\n\n${RUN_USAGE}`);
    return 2;
  }
  // The bundles sit side by side in runtime/dist.
  const here = dirname(__filename);
  const hooksUrl = pathToFileURL(join(here, "loader-hooks.mjs")).href;
  const data: LoaderData = { runtimeUrl: pathToFileURL(join(here, "index.mjs")).href };
  const entryUrl = pathToFileURL(path).href;

  process.setSourceMapsEnabled(true);
  register(hooksUrl, { data });
  functionRegistry().entryUrl = entryUrl;
  setLaunchOptions({ loader: { hooksUrl, data } });
  process.argv = [process.argv[0] as string, path, ...programArgs];
  try {
    await import(entryUrl);
    // Keep an exit code the program set for itself.
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    process.stderr.write(`weft run: ${file} failed\n${describeError(error)}\n`);
    return 1;
  }
}
