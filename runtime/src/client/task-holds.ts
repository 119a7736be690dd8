/**
 * Futures a task obtains through `getClient()` belong to that task: when it ends, those that no
 * other running task of this worker also obtained are released, so its children's results do
 * not stay on the cluster until the worker's garbage collector happens to run (a warm cluster
 * would keep them for good). A task that wants a result to outlive it returns the value.
 */
import { currentTask, onTaskEnd } from "../worker/task-context";

export class TaskHolds {
  /** How many running tasks hold each key. */
  private readonly counts = new Map<string, number>();
  /** The keys each running task holds, by "batch:index". */
  private readonly byTask = new Map<string, Set<string>>();

  constructor(private readonly release: (key: string) => void) {}

  /** Records that the running task, if any, holds `key`. */
  note(key: string): void {
    const task = currentTask();
    if (task === undefined) return;
    const id = `${task.batch}:${task.index}`;
    let keys = this.byTask.get(id);
    if (keys === undefined) {
      keys = new Set();
      this.byTask.set(id, keys);
      onTaskEnd(task, () => this.end(id));
    }
    if (keys.has(key)) return;
    keys.add(key);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  private end(id: string): void {
    const keys = this.byTask.get(id);
    this.byTask.delete(id);
    for (const key of keys ?? []) {
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) {
        this.counts.set(key, left);
        continue;
      }
      this.counts.delete(key);
      this.release(key);
    }
  }
}
