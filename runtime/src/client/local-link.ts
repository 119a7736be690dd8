/**
 * The in-process link: the client calls the scheduler of a ClusterHost in this thread directly,
 * with no copies and no messages, which is what makes submit → result as quick as a raw
 * worker round trip.
 */
import type { TaskSpec } from "../graph/task-spec";
import type { ClusterHost } from "../service/cluster-host";
import { toRemote } from "../service/session";
import type { LinkHandlers, SchedulerLink } from "./link";

export class LocalLink implements SchedulerLink {
  private readonly session: string;
  private readonly holder: string;
  private readonly watch: LinkHandlers["outcome"];

  constructor(
    private readonly host: ClusterHost,
    handlers: LinkHandlers,
  ) {
    this.session = host.newSessionId();
    this.holder = `client-${this.session}`;
    this.watch = handlers.outcome;
  }

  get localCluster() {
    return this.host.cluster;
  }

  workers() {
    const { count, status } = this.host.cluster.workers;
    return { count, status };
  }

  update(
    tasks: readonly TaskSpec[],
    wanted: readonly string[],
    priority: number | undefined,
  ): void {
    const map = new Map<string, TaskSpec>();
    for (const task of tasks) map.set(task.key, task);
    try {
      this.host.scheduler.updateGraph(
        {
          tasks: map,
          wanted,
          holder: this.holder,
          ...(priority === undefined ? {} : { priority }),
        },
        this.watch,
      );
    } catch (error) {
      const remote = toRemote(error);
      for (const key of wanted) this.watch(key, { status: "erred", blame: key, error: remote });
    }
  }

  release(keys: readonly string[]): void {
    this.host.scheduler.release(this.holder, keys);
  }

  cancel(keys: readonly string[]): void {
    this.host.scheduler.cancel(keys);
  }

  request(op: string, args: unknown[]): Promise<unknown> {
    return this.host.request(this.session, op, args);
  }

  keepAlive(): void {
    // The worker threads keep the process alive while they run; nothing to do here.
  }

  close(): Promise<void> {
    const { scheduler } = this.host;
    scheduler.release(this.holder, scheduler.keysHeldBy(this.holder));
    this.host.coordination.dropSession(this.session);
    return Promise.resolve();
  }
}
