/**
 * The names a function shipped by source may use freely: the globals every worker thread has.
 * `__name` is the helper esbuild-based TypeScript runners insert to keep function names; workers
 * define it too.
 */
let cached: ReadonlySet<string> | undefined;

export function workerGlobals(): ReadonlySet<string> {
  if (cached !== undefined) return cached;
  const names = new Set<string>(["undefined", "NaN", "Infinity", "arguments", "__name"]);
  for (
    let scope: object | null = globalThis;
    scope !== null;
    scope = Object.getPrototypeOf(scope)
  ) {
    for (const name of Object.getOwnPropertyNames(scope)) names.add(name);
  }
  // Module-scope names of CommonJS, which a function compiled in a worker does not have.
  for (const local of ["require", "module", "exports", "__filename", "__dirname"]) {
    names.delete(local);
  }
  cached = names;
  return names;
}
