/**
 * How the extension starts Node programs (the cluster, `weft run`). Inside desktop VS Code the
 * extension host's executable is Electron, which behaves as Node with ELECTRON_RUN_AS_NODE.
 */
export function nodeCommand(): { command: string; env: NodeJS.ProcessEnv } {
  return { command: process.execPath, env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" } };
}
