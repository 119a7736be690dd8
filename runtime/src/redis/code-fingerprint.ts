/**
 * Code must be present on every worker, as with Dask. A task whose function lives in a module
 * names that module by its path under the project root (the same on every machine) together
 * with a hash of the file, so a worker holding another version of the file refuses the task
 * instead of computing something else.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { isAbsolute, relative, sep } from "node:path";
import { ErrorCode, WeftError } from "../errors";

const hashes = new Map<string, string | undefined>();

/** The sha1 of a file's bytes, cached for the life of the process; undefined if it is missing. */
export function fileHash(path: string): string | undefined {
  if (hashes.has(path)) return hashes.get(path);
  let hash: string | undefined;
  try {
    hash = createHash("sha1").update(readFileSync(path)).digest("hex");
  } catch {
    hash = undefined;
  }
  hashes.set(path, hash);
  return hash;
}

/** `path` relative to `root`, with forward slashes; E_BAD_ARGUMENT if it is outside the root. */
export function projectPath(root: string, path: string): string {
  const inside = relative(root, path);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) {
    throw new WeftError(
      ErrorCode.BadArgument,
      `${path} is outside the project root ${root}, so workers cannot find it. Run the program ` +
        `from the project's folder, or set WEFT_PROJECT_ROOT (or the redis client's root option) ` +
        `to a folder that holds it, and start workers with --root pointing at the same project.`,
    );
  }
  return inside.split(sep).join("/");
}
