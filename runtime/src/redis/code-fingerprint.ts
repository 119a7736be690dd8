/**
 * Code must be present on every worker, as with Dask. A task whose function lives in a module
 * names that module by its path under the project root (the same on every machine) together
 * with a hash of the module and of the project files it imports (relative imports, followed
 * transitively), so a worker holding another version of any of them refuses the task instead
 * of computing something else. Packages (bare imports) are not hashed.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { ErrorCode, WeftError } from "../errors";

const hashes = new Map<string, string | undefined>();

/** The sha1 of a file's bytes, cached for the life of the process; undefined if it is missing. */
function fileHash(path: string): string | undefined {
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

/** What a module's code comes to: one hash over it and the project files it imports. */
export interface ModuleFingerprint {
  readonly sha: string;
  /** How many files the hash covers, the module included. */
  readonly files: number;
}

const fingerprints = new Map<string, ModuleFingerprint | undefined>();

/** The module at `path` and its relative imports, hashed; undefined if the module is missing. */
export function moduleFingerprint(path: string): ModuleFingerprint | undefined {
  if (fingerprints.has(path)) return fingerprints.get(path);
  let fingerprint: ModuleFingerprint | undefined;
  if (fileHash(path) !== undefined) {
    const files = importClosure(path);
    const hash = createHash("sha1");
    // Paths relative to the module: the same on every machine that holds the project.
    const base = dirname(path);
    for (const file of [...files].sort()) {
      hash.update(`${relative(base, file).split(sep).join("/")}\0${fileHash(file) ?? ""}\n`);
    }
    fingerprint = { sha: hash.digest("hex"), files: files.size };
  }
  fingerprints.set(path, fingerprint);
  return fingerprint;
}

const IMPORT_SPECIFIER =
  /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\bimport\s+['"]([^'"]+)['"]/g;

/** The module and every file its relative imports reach, as absolute paths. */
function importClosure(entry: string): Set<string> {
  const seen = new Set<string>([entry]);
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const match of text.matchAll(IMPORT_SPECIFIER)) {
      const specifier = match[1] ?? match[2] ?? match[3] ?? "";
      if (!specifier.startsWith("./") && !specifier.startsWith("../")) continue;
      const target = resolveRelative(dirname(file), specifier);
      if (target === undefined || seen.has(target)) continue;
      seen.add(target);
      pending.push(target);
    }
  }
  return seen;
}

const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
/** TypeScript's way: `./lib.js` in source may name `./lib.ts`. */
const WRITTEN_AS: Record<string, readonly string[]> = {
  ".js": [".ts", ".tsx"],
  ".jsx": [".tsx"],
  ".mjs": [".mts"],
  ".cjs": [".cts"],
};

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(from, specifier.split("?")[0] as string);
  const extension = SOURCE_EXTENSIONS.find((ext) => base.endsWith(ext));
  const candidates = [
    base,
    ...(extension === undefined
      ? []
      : (WRITTEN_AS[extension] ?? []).map((ext) => base.slice(0, -extension.length) + ext)),
    ...SOURCE_EXTENSIONS.map((ext) => base + ext),
    ...SOURCE_EXTENSIONS.map((ext) => join(base, `index${ext}`)),
  ];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}
