/**
 * Installs the loader `weft run` uses in this process and hands it to the worker threads it
 * starts: TypeScript without a build step, `weft` without node_modules, and programs' task views.
 * Shared by the commands that run user code (`run`, `cluster start`, `worker`).
 */
import { register } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { setLaunchOptions } from "../cluster/launch-options";
import type { LoaderData } from "../loader/hooks";

/** Returns the URL of the runtime's ESM bundle, the module programs get for `import "weft"`. */
export function installLoader(): { runtimeUrl: string } {
  // The bundles sit side by side in runtime/dist.
  const here = dirname(__filename);
  const hooksUrl = pathToFileURL(join(here, "loader-hooks.mjs")).href;
  const runtimeUrl = pathToFileURL(join(here, "index.mjs")).href;
  const data: LoaderData = { runtimeUrl };
  process.setSourceMapsEnabled(true);
  register(hooksUrl, { data });
  setLaunchOptions({ loader: { hooksUrl, data } });
  return { runtimeUrl };
}
