/**
 * The registry of top-level functions. The loader that `weft run` uses appends a registration to
 * every user module (its URL, the names of its top-level functions, and a lookup), so the main
 * thread can map a function object to `{ url, name }` and a worker can find it again by name.
 *
 * It lives on `globalThis` under a registered symbol because the CLI bundle and the library
 * bundle are separate copies of this code that must share one registry.
 */
export interface RegisteredModule {
  readonly url: string;
  readonly names: () => readonly string[];
  readonly lookup: (name: string) => unknown;
}

export interface FunctionRegistry {
  readonly modules: Map<string, RegisteredModule>;
  /** The entry file of `weft run`; workers load its task view instead of the file itself. */
  entryUrl: string | undefined;
  register(url: string, names: () => readonly string[], lookup: (name: string) => unknown): void;
}

const REGISTRY = Symbol.for("weft.registry");

export function functionRegistry(): FunctionRegistry {
  const holder = globalThis as { [REGISTRY]?: FunctionRegistry };
  let registry = holder[REGISTRY];
  if (registry === undefined) {
    const modules = new Map<string, RegisteredModule>();
    registry = {
      modules,
      entryUrl: undefined,
      register(url, names, lookup) {
        modules.set(url, { url, names, lookup });
      },
    };
    holder[REGISTRY] = registry;
  }
  return registry;
}

/** Reads a name from a module's lookup; a `const` not yet initialised reads as undefined. */
export function lookupRegistered(module: RegisteredModule, name: string): unknown {
  try {
    return module.lookup(name);
  } catch {
    return undefined;
  }
}

/** Finds the module and name under which `fn` is a top-level declaration, if any. */
export function findRegistered(
  registry: FunctionRegistry,
  fn: (...args: never[]) => unknown,
): { url: string; name: string } | undefined {
  for (const module of registry.modules.values()) {
    for (const name of module.names()) {
      if (lookupRegistered(module, name) === fn) return { url: module.url, name };
    }
  }
  return undefined;
}
