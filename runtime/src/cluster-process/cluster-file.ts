/**
 * Where `weft cluster start` records the address of the cluster it runs (readable only by this
 * user, since the address carries the token), so `weft cluster stop|status` with no address
 * find it. `WEFT_CLUSTER_FILE` overrides the place.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

export interface RecordedCluster {
  readonly address: string;
  readonly pid: number;
  readonly workers: number;
}

export function clusterFilePath(): string {
  return process.env["WEFT_CLUSTER_FILE"] ?? join(tmpdir(), `weft-cluster-${userInfo().uid}.json`);
}

export function recordCluster(cluster: RecordedCluster): void {
  writeFileSync(clusterFilePath(), `${JSON.stringify(cluster)}\n`, { mode: 0o600 });
}

/** The cluster `start` recorded, if its process still runs. */
export function recordedCluster(): RecordedCluster | undefined {
  const path = clusterFilePath();
  if (!existsSync(path)) return undefined;
  try {
    const recorded = JSON.parse(readFileSync(path, "utf8")) as RecordedCluster;
    process.kill(recorded.pid, 0);
    return recorded;
  } catch {
    return undefined;
  }
}

/** Forgets the record, if it is this process's. */
export function forgetCluster(pid: number): void {
  const path = clusterFilePath();
  try {
    const recorded = JSON.parse(readFileSync(path, "utf8")) as RecordedCluster;
    if (recorded.pid === pid) rmSync(path, { force: true });
  } catch {
    // Nothing recorded, or someone else's record: leave it.
  }
}
