/**
 * The worker-thread entry that piscina loads. A message is either a batch of tasks from the
 * local cluster (see worker/batch-protocol.ts) or a single module task `{ url, exportName, args }`.
 * Under `weft run` the worker first installs the same loader as the main thread, so it can import
 * TypeScript files and the entry's task view.
 */
import { register } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import { functionRegistry } from "./shipping/registry";
import type { WorkerBatch, WorkerSetup } from "./worker/batch-protocol";
import { runBatch } from "./worker/run-batch";

export interface ModuleTask {
  readonly url: string;
  readonly exportName: string;
  readonly args: readonly unknown[];
}

// Modules register their top-level functions as they load; the registry must exist first.
functionRegistry();
// Tells the library (a separate bundle) that it runs inside a Weft worker thread.
(globalThis as { [key: symbol]: unknown })[Symbol.for("weft.inWorker")] = true;
const setup = (workerData as { weft?: WorkerSetup } | undefined)?.weft;
if (setup?.loader !== undefined) {
  process.setSourceMapsEnabled(true);
  register(setup.loader.hooksUrl, { data: setup.loader.data });
}

// The cluster counts a worker as ready once its entry has loaded.
parentPort?.postMessage({ weft: "ready" });

export default async function runTask(task: ModuleTask | WorkerBatch): Promise<unknown> {
  if ("kind" in task && task.kind === "weft-batch") return runBatch(task);
  const { url, exportName, args } = task as ModuleTask;
  const mod = (await import(url)) as Record<string, unknown>;
  const fn = mod[exportName];
  if (typeof fn !== "function") {
    throw new TypeError(`${url} has no exported function named ${exportName}`);
  }
  return (fn as (...args: readonly unknown[]) => unknown)(...args);
}
