/**
 * The library as `weft run` reaches it: the same module instance the program imports, so the
 * CLI hears the program's event stream and can stop its cluster. The CLI is its own bundle and
 * must not hold a second copy of the scheduler.
 */
import Module from "node:module";
import type { WeftEvent } from "../protocol/events";

/** The part of the `weft` library's exports that the run command uses. */
export interface RuntimeModule {
  subscribeEvents(listener: (event: WeftEvent) => void): () => void;
  shutdown(): Promise<void>;
}

interface ResolvingModule {
  _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string;
}

/**
 * Makes `require("weft")` in the program's CommonJS files load the bundled CommonJS library, as
 * the loader does for `import`; `onFirstLoad` hears of that instance once, when it is first
 * required, so a program that never requires it pays nothing.
 */
export function requireWeftFromCommonJs(
  libraryPath: string,
  onFirstLoad: (library: RuntimeModule) => void,
): void {
  const resolving = Module as unknown as ResolvingModule;
  const original = resolving._resolveFilename.bind(resolving);
  let loaded = false;
  resolving._resolveFilename = (request, parent, ...rest) => {
    if (request !== "weft" && !request.startsWith("weft/")) {
      return original(request, parent, ...rest);
    }
    if (!loaded) {
      loaded = true;
      onFirstLoad(Module.createRequire(libraryPath)(libraryPath) as RuntimeModule);
    }
    return libraryPath;
  };
}
