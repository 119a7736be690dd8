/**
 * What `weft cluster stop|status` need from a running cluster process: one request each, over
 * the same client protocol, and the address `start` recorded.
 */
import { requestCluster } from "../client/watch-cluster";
import type { ClusterStatus } from "../wire/messages";

export { clusterFilePath, recordedCluster, type RecordedCluster } from "./cluster-file";
export type { ClusterStatus } from "../wire/messages";

/** Workers, runs under way and tasks per state. Rejects with E_CONNECTION_LOST (nobody there) or E_UNAUTHORIZED. */
export async function clusterStatus(address: string): Promise<ClusterStatus> {
  return (await requestCluster(address, "status")) as ClusterStatus;
}

/** Asks the cluster to shut down cleanly (as SIGTERM does); resolves once it agreed. */
export async function shutdownCluster(address: string): Promise<void> {
  await requestCluster(address, "shutdown");
}
