/**
 * Module hooks (node:module `register`) shared by the main thread of `weft run` and every worker:
 * TypeScript without a build step, `import ... from "weft"` resolving to the bundled runtime (no
 * node_modules needed), extensionless and `.js`-for-`.ts` relative imports, the registration of
 * user modules' top-level functions, and the entry file's task view.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { isTaskViewUrl } from "../shipping/task-view-url";
import { isTypeScriptPath, prepareModule, stripTypes } from "./transform";

export interface LoaderData {
  /** file: URL of the bundled `weft` library (runtime/dist/index.mjs). */
  readonly runtimeUrl: string;
}

interface ResolveContext {
  readonly parentURL?: string;
  readonly conditions: readonly string[];
  readonly importAttributes?: Record<string, string>;
}
interface ResolveResult {
  readonly url: string;
  readonly format?: string | null;
  readonly shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;
interface LoadContext {
  readonly format?: string | null;
  readonly conditions: readonly string[];
  readonly importAttributes?: Record<string, string>;
}
interface LoadResult {
  readonly format: string;
  readonly source?: string | ArrayBuffer | Uint8Array | null;
  readonly shortCircuit?: boolean;
}
type NextLoad = (url: string, context?: LoadContext) => Promise<LoadResult>;

let runtimeUrl: string | undefined;
/** The folder of the bundled runtime; its files are never transformed. */
let runtimeFolderUrl: string | undefined;

export function initialize(data: LoaderData | undefined): void {
  runtimeUrl = data?.runtimeUrl;
  runtimeFolderUrl = runtimeUrl === undefined ? undefined : new URL(".", runtimeUrl).href;
}

const TS_CANDIDATES = [".ts", ".mts", ".tsx", "/index.ts"];

export async function resolve(
  specifier: string,
  context: ResolveContext,
  next: NextResolve,
): Promise<ResolveResult> {
  if ((specifier === "weft" || specifier.startsWith("weft/")) && runtimeUrl !== undefined) {
    return { url: runtimeUrl, format: "module", shortCircuit: true };
  }
  try {
    return await next(specifier, context);
  } catch (error) {
    const relative =
      specifier.startsWith("./") || specifier.startsWith("../") || specifier.startsWith("/");
    if (!relative || context.parentURL === undefined) throw error;
    // TypeScript style: `./tasks` or `./tasks.js` for tasks.ts.
    const base = specifier.replace(/\.(m|c)?js$/, "");
    for (const candidate of TS_CANDIDATES) {
      try {
        return await next(base + candidate, context);
      } catch {
        // try the next spelling
      }
    }
    throw error;
  }
}

function isUserModule(url: string): boolean {
  return (
    url.startsWith("file:") &&
    !url.includes("/node_modules/") &&
    (runtimeFolderUrl === undefined || !url.startsWith(runtimeFolderUrl))
  );
}

export async function load(url: string, context: LoadContext, next: NextLoad): Promise<LoadResult> {
  if (!isUserModule(url)) return next(url, context);
  const path = fileURLToPath(url.split("?")[0] as string);
  const taskView = isTaskViewUrl(url);
  if (isTypeScriptPath(path)) {
    if (path.endsWith(".cts")) {
      return {
        format: "commonjs",
        source: stripTypes(await readFile(path, "utf8"), path),
        shortCircuit: true,
      };
    }
    const javascript = stripTypes(await readFile(path, "utf8"), path);
    return { format: "module", source: prepareModule(javascript, taskView), shortCircuit: true };
  }
  const loaded = await next(taskView ? (url.split("?")[0] as string) : url, context);
  if (loaded.format !== "module" || loaded.source == null) return loaded;
  const text =
    typeof loaded.source === "string"
      ? loaded.source
      : Buffer.from(loaded.source as Uint8Array).toString("utf8");
  return { format: "module", source: prepareModule(text, taskView), shortCircuit: true };
}
