/**
 * `weft cluster start|stop|status`: a standalone local cluster in its own process. `start` is
 * the cluster process's own command (cluster-process/); `stop` and `status` talk to a running
 * cluster through the client protocol.
 */
import { CLUSTER_USAGE } from "./usage";
import { reportUsageError, UsageError } from "./usage-error";

export async function clusterCommand(args: readonly string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined || action === "-h" || action === "--help") {
    (action === undefined ? process.stderr : process.stdout).write(CLUSTER_USAGE);
    return action === undefined ? 2 : 0;
  }
  switch (action) {
    default:
      void rest;
      return reportUsageError(
        "cluster",
        new UsageError(`unknown action '${action}'; use start, stop or status`),
        CLUSTER_USAGE,
      );
  }
}
