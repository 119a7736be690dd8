/**
 * How many tasks go in one message to a worker. Trivial tasks go in large batches so the cost of
 * a message is shared; long tasks go one at a time so both workers stay busy to the end. The
 * estimate is a moving average of the time tasks take in the worker.
 */
export interface BatchSizerOptions {
  /** Aim for messages that take about this long to run, in ms. */
  readonly targetMessageMs?: number;
  readonly maxBatch?: number;
}

export class BatchSizer {
  private averageTaskMs: number | undefined;
  private readonly targetMessageMs: number;
  private readonly maxBatch: number;

  constructor(options: BatchSizerOptions = {}) {
    this.targetMessageMs = options.targetMessageMs ?? 2;
    this.maxBatch = options.maxBatch ?? 1024;
  }

  /** Tasks per message now. One until a first task has been timed. */
  size(): number {
    if (this.averageTaskMs === undefined) return 1;
    const size = Math.floor(this.targetMessageMs / Math.max(this.averageTaskMs, 1e-4));
    return Math.max(1, Math.min(this.maxBatch, size));
  }

  /** Whether tasks take long enough that a message ahead in a worker's queue would idle another. */
  get slow(): boolean {
    return this.averageTaskMs !== undefined && this.averageTaskMs > 1;
  }

  /** Records that `tasks` tasks took `ms` of worker time together. */
  observe(tasks: number, ms: number): void {
    if (tasks === 0) return;
    const perTask = ms / tasks;
    this.averageTaskMs =
      this.averageTaskMs === undefined ? perTask : this.averageTaskMs * 0.7 + perTask * 0.3;
  }
}
