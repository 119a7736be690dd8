/**
 * The hosts an in-process client talks to: the default one around the embedded scheduler (the
 * one `compute` uses, so futures and delayed share one cluster), and one per LocalCluster a
 * program passes as `new Client({ cluster })`.
 */
import { defaultCluster, defaultScheduler } from "../api/default-scheduler";
import type { HostedCluster } from "../cluster/hosted-cluster";
import type { LocalCluster } from "../cluster/local-cluster";
import { Scheduler } from "../scheduler/scheduler";
import { ClusterHost } from "../service/cluster-host";

const byScheduler = new WeakMap<Scheduler, ClusterHost>();
const byCluster = new WeakMap<HostedCluster, ClusterHost>();

export function defaultHost(): ClusterHost {
  const scheduler = defaultScheduler();
  let host = byScheduler.get(scheduler);
  if (host === undefined) {
    host = new ClusterHost(scheduler, defaultCluster());
    byScheduler.set(scheduler, host);
    byCluster.set(host.cluster, host);
  }
  return host;
}

export function hostForCluster(cluster: LocalCluster): ClusterHost {
  let host = byCluster.get(cluster);
  if (host === undefined) {
    host = new ClusterHost(new Scheduler(cluster), cluster);
    byCluster.set(cluster, host);
  }
  return host;
}
