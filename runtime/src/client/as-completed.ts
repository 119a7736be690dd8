/**
 * `asCompleted(futures)`: the futures in the order they finish, as an async iterator. More can
 * be added while iterating (`add`), which is how an evolving workflow grows; `batches()` yields
 * everything finished so far at once. With `{ withResults: true }` it yields `[future, result]`
 * and throws a failed task's error.
 */
import { Future } from "./future";

export interface AsCompletedOptions {
  readonly withResults?: boolean;
}

/**
 * What the iterator yields. TypeScript types a `for await` value as if it were awaited, so a
 * plain Future<T> reads as T there (and `await future` gives T, as at run time); with
 * `{ withResults: true }` the `[future, result]` pairs keep the future's type.
 */
type Item<T, W extends boolean> = W extends true ? [Future<T>, T] : Future<T>;

export class AsCompleted<T = unknown, W extends boolean = false> implements AsyncIterableIterator<
  Item<T, W>
> {
  private readonly finished: Future<T>[] = [];
  private readonly pending = new Set<Future<T>>();
  private wake: (() => void) | undefined;
  private readonly withResults: boolean;

  constructor(futures: Iterable<Future<T>> = [], options: AsCompletedOptions = {}) {
    this.withResults = options.withResults === true;
    for (const future of futures) this.add(future);
  }

  /** Adds a future; it is yielded once it finishes (right away if it has). */
  add(future: Future<T>): void {
    if (!(future instanceof Future)) {
      throw new TypeError("asCompleted.add(future): pass a Future from submit or map.");
    }
    this.pending.add(future);
    future.state.whenDone(() => {
      if (!this.pending.delete(future)) return;
      this.finished.push(future);
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    });
  }

  /** Adds several futures. */
  update(futures: Iterable<Future<T>>): void {
    for (const future of futures) this.add(future);
  }

  /** How many are left to yield. */
  count(): number {
    return this.pending.size + this.finished.length;
  }

  isEmpty(): boolean {
    return this.count() === 0;
  }

  // Futures are thenables: a promise resolved with one would resolve to its result instead.
  // So nothing here resolves a promise with a bare future; they travel inside arrays.

  /** Waits until something finished; false when nothing is left. */
  private async anyFinished(): Promise<boolean> {
    while (this.finished.length === 0) {
      if (this.pending.size === 0) return false;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    return true;
  }

  private async items(futures: Future<T>[]): Promise<Item<T, W>[]> {
    if (!this.withResults) return futures as unknown as Item<T, W>[];
    const results = await Promise.all(futures.map((future) => future.result()));
    return futures.map((future, i) => [future, results[i]] as Item<T, W>);
  }

  async next(): Promise<IteratorResult<Item<T, W>>> {
    if (!(await this.anyFinished())) return { done: true, value: undefined };
    const [item] = await this.items([this.finished.shift() as Future<T>]);
    return { done: false, value: item as Item<T, W> };
  }

  /** Everything finished so far, in one list per wait. */
  async *batches(): AsyncGenerator<Item<T, W>[]> {
    while (await this.anyFinished()) {
      yield await this.items(this.finished.splice(0));
    }
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Item<T, W>> {
    return this;
  }
}

export function asCompleted<T>(
  futures: Iterable<Future<T>>,
  options: AsCompletedOptions & { readonly withResults: true },
): AsCompleted<T, true>;
export function asCompleted<T>(
  futures?: Iterable<Future<T>>,
  options?: AsCompletedOptions,
): AsCompleted<T, false>;
export function asCompleted<T>(
  futures: Iterable<Future<T>> = [],
  options: AsCompletedOptions = {},
): AsCompleted<T, boolean> {
  return new AsCompleted<T, boolean>(futures, options);
}
