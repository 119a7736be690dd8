/**
 * `Delayed.compute()` and `.persist()` need the scheduler, which sits above the graph layer. The
 * layer above installs itself here, so the graph imports nothing from above.
 */
import type { Delayed } from "./delayed";

export interface ComputeHook {
  compute(objects: readonly unknown[]): Promise<unknown[]>;
  persist(objects: readonly Delayed<unknown>[]): Promise<Delayed<unknown>[]>;
}

let installed: ComputeHook | undefined;

export function installComputeHook(hook: ComputeHook): void {
  installed = hook;
}

export function computeHook(): ComputeHook {
  if (installed === undefined) throw new Error("weft: the scheduler is not loaded");
  return installed;
}
