/**
 * `compute`, `persist` and `get` on a cluster process: when `WEFT_SCHEDULER` names one, the
 * graphs of a program's Delayeds go there instead of to the embedded scheduler, over one
 * connection (one run) per program. It offers the part of the Scheduler those functions use.
 */
import { basename } from "node:path";
import type { GraphUpdate } from "../scheduler/scheduler";
import type { OutcomeWatcher, TaskOutcome } from "../scheduler/task-record";
import type { TaskState } from "../protocol/events";
import type { WeftError } from "../errors";
import { socketTo } from "./connect";
import { RemoteLink } from "./remote-link";

export class RemoteGraphScheduler {
  private readonly link: RemoteLink;
  private readonly watchers = new Map<string, OutcomeWatcher[]>();
  /** How many holders (computes, persisted Delayeds) of this process hold each key. */
  private readonly holds = new Map<string, number>();
  private readonly ended = new Map<string, TaskState>();

  constructor(readonly address: string) {
    const { transport, token, describe } = socketTo(address);
    const script = process.argv[1];
    this.link = new RemoteLink(
      transport,
      {
        outcome: (key, outcome) => this.outcome(key, outcome),
        lost: (error) => this.lost(error),
      },
      { token, ...(script === undefined ? {} : { program: basename(script) }) },
      describe,
    );
    transport.setKeepAlive(false);
  }

  updateGraph(update: GraphUpdate, watch?: OutcomeWatcher): void {
    for (const key of update.wanted) {
      this.holds.set(key, (this.holds.get(key) ?? 0) + 1);
      if (watch !== undefined) {
        const list = this.watchers.get(key);
        if (list === undefined) this.watchers.set(key, [watch]);
        else list.push(watch);
      }
    }
    this.link.keepAlive(this.watchers.size > 0);
    this.link.update([...update.tasks.values()], update.wanted, update.priority, undefined);
  }

  release(_holder: string, keys: readonly string[]): void {
    const gone: string[] = [];
    for (const key of keys) {
      const count = (this.holds.get(key) ?? 0) - 1;
      if (count > 0) this.holds.set(key, count);
      else if (this.holds.delete(key)) gone.push(key);
    }
    this.link.release(gone);
  }

  /** The cluster keeps keys this process already sent; sending a task again is harmless. */
  has(): boolean {
    return false;
  }

  /** How a key this process wanted ended, for `visualize`. */
  stateOf(key: string): TaskState | undefined {
    return this.ended.get(key);
  }

  close(): Promise<void> {
    return this.link.close();
  }

  private outcome(key: string, outcome: TaskOutcome): void {
    this.ended.set(key, outcome.status);
    const list = this.watchers.get(key);
    if (list === undefined) return;
    this.watchers.delete(key);
    for (const watch of list) watch(key, outcome);
    if (this.watchers.size === 0) this.link.keepAlive(false);
  }

  private lost(error: WeftError): void {
    const remote = {
      name: error.name,
      message: error.message,
      stack: error.stack ?? "",
      code: error.code,
    };
    for (const key of [...this.watchers.keys()]) {
      this.outcome(key, { status: "erred", blame: key, error: remote });
    }
  }
}
