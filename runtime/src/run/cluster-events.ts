/**
 * With `weft run --scheduler`, the program's tasks run in another process: this follows that
 * cluster's event stream, as a monitor, for the runs the program opens there (a cluster names
 * each client's run after its program's file). The connection never keeps the process alive;
 * when the program is done, `settle` waits a moment for the runs' ends to arrive.
 */
import { basename } from "node:path";
import { watchCluster } from "../client/watch-cluster";
import type { WeftEvent } from "../protocol/events";

/** How long a finished program waits for its remote runs' last events. */
const SETTLE_MS = 1000;

export interface ClusterFollower {
  /** Resolves once every followed run has ended, or after a short wait. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function followProgramRuns(
  address: string,
  programPath: string,
  onEvent: (event: WeftEvent) => void,
): Promise<ClusterFollower> {
  const program = basename(programPath);
  const open = new Set<string>();
  let allEnded: (() => void) | undefined;
  const watch = await watchCluster(address, follow, { keepProcessAlive: false });
  return {
    settle() {
      if (open.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, SETTLE_MS);
        allEnded = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
    close: () => watch.close(),
  };

  function follow(event: WeftEvent): void {
    if (event.type === "run-start") {
      if (event.program !== program) return;
      open.add(event.runId);
    } else if (!open.has(event.runId)) {
      return;
    }
    onEvent(event);
    if (event.type === "run-end") {
      open.delete(event.runId);
      if (open.size === 0) allEnded?.();
    }
  }
}
