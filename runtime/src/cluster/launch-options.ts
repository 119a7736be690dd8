/**
 * What `weft run` tells the library about the program it launched: the loader that workers
 * install too. Stored on globalThis under a registered symbol because the CLI and the library
 * are separate bundles.
 */
export interface LaunchOptions {
  readonly loader: { readonly hooksUrl: string; readonly data: unknown };
}

const LAUNCH = Symbol.for("weft.launch");

export function setLaunchOptions(options: LaunchOptions): void {
  (globalThis as { [LAUNCH]?: LaunchOptions })[LAUNCH] = options;
}

export function launchOptions(): LaunchOptions | undefined {
  return (globalThis as { [LAUNCH]?: LaunchOptions })[LAUNCH];
}
