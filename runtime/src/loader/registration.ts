/**
 * The statement the loader puts at the top of each user module so its top-level functions can
 * be found by name (see shipping/registry.ts). It goes on the first line, without a newline, so
 * line numbers stay those of the file; the lookup closure reads each binding only when asked.
 */
export function registrationStatement(functions: readonly string[]): string {
  const names = JSON.stringify(functions);
  const cases = functions.map((name) => `case ${JSON.stringify(name)}: return ${name};`).join(" ");
  return (
    `globalThis[Symbol.for("weft.registry")]?.register(import.meta.url, () => ${names}, ` +
    `(name) => { switch (name) { ${cases} default: return undefined; } });`
  );
}

/** `source` with `statement` on its first line (after a `#!` line, if any). */
export function prependOnFirstLine(source: string, statement: string): string {
  if (source.startsWith("#!")) {
    const newline = source.indexOf("\n");
    if (newline < 0) return `${source}\n${statement}`;
    return `${source.slice(0, newline + 1)}${statement}${source.slice(newline + 1)}`;
  }
  return `${statement}${source}`;
}
