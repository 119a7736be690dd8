/**
 * A list of parked requests that wait for something (a free lock, an item, a set event), each
 * with an optional timeout, and the session that parked it so a departed client's waits end.
 */
export interface Waiter<T> {
  readonly session: string;
  /** What the waiter asked with (a semaphore lease id). */
  readonly tag: string;
  resolve(value: T): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class WaitList<T> {
  private readonly waiters: Waiter<T>[] = [];

  get size(): number {
    return this.waiters.length;
  }

  /** Parks a request; on timeout it resolves with `onTimeout`. */
  park(session: string, timeoutMs: number | undefined, onTimeout: T, tag = ""): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = { session, tag, resolve, reject, timer: undefined };
      if (timeoutMs !== undefined && Number.isFinite(timeoutMs)) {
        waiter.timer = setTimeout(
          () => {
            this.remove(waiter);
            resolve(onTimeout);
          },
          Math.max(0, timeoutMs),
        );
      }
      this.waiters.push(waiter);
    });
  }

  /** The first parked request, taken off the list. */
  shift(): Waiter<T> | undefined {
    const waiter = this.waiters.shift();
    if (waiter?.timer !== undefined) clearTimeout(waiter.timer);
    return waiter;
  }

  /** Ends the waits of a session that went away. */
  dropSession(session: string, error: Error): void {
    for (const waiter of this.waiters.filter((w) => w.session === session)) {
      this.remove(waiter);
      waiter.reject(error);
    }
  }

  private remove(waiter: Waiter<T>): void {
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
    if (waiter.timer !== undefined) clearTimeout(waiter.timer);
  }
}
