/**
 * Future<T>: a task submitted to the cluster, running or done. It is thenable (`await f`), and
 * has Dask's methods: result(timeout), exception(), done(), cancelled(), cancel(), status, key,
 * addDoneCallback, release(). Passed as an argument to another task (also nested in arrays and
 * objects) it becomes that task's dependency.
 */
import { ErrorCode, WeftError } from "../errors";
import { KeyRef } from "../graph/key-ref";
import type { FutureState, FutureStatus } from "./future-state";

/** What a future needs from its client. */
export interface FutureOwner {
  cancel(futures: readonly Future<unknown>[]): Promise<void>;
  releaseFuture(future: Future<unknown>): void;
}

export class Future<T> extends KeyRef implements PromiseLike<T> {
  /** Never set; carries T for the type checker. */
  declare readonly __result?: T;
  /** @internal */
  readonly state: FutureState;
  private readonly owner: FutureOwner;
  private released = false;

  /** @internal Futures come from a client (`submit`, `map`, `scatter`, `future(key)`). */
  constructor(state: FutureState, owner: FutureOwner) {
    super(state.key);
    this.state = state;
    this.owner = owner;
  }

  /** "pending", "finished", "error", "cancelled" or "lost" (the cluster went away). */
  get status(): FutureStatus {
    return this.state.status;
  }

  done(): boolean {
    return this.state.done;
  }

  cancelled(): boolean {
    return this.state.status === "cancelled";
  }

  /** Waits for the result; rejects with the task's error, or E_TIMEOUT after `timeout` ms. */
  result(timeout?: number): Promise<T> {
    const state = this.state;
    if (state.status === "finished") return Promise.resolve(state.value as T);
    if (state.done) return Promise.reject(state.failure());
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      if (timeout !== undefined) {
        timer = setTimeout(() => {
          reject(
            new WeftError(
              ErrorCode.Timeout,
              `${this.key} did not finish within ${timeout} ms (it keeps running; wait longer or cancel it).`,
            ),
          );
        }, timeout);
      }
      state.whenDone(() => {
        if (timer !== undefined) clearTimeout(timer);
        if (state.status === "finished") resolve(state.value as T);
        else reject(state.failure());
      });
    });
  }

  /** The task's error once it ended, or undefined if it succeeded. */
  async exception(): Promise<Error | undefined> {
    try {
      await this.result();
      return undefined;
    } catch (error) {
      return error as Error;
    }
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.result().then(onFulfilled, onRejected);
  }

  /** Stops the task: running, its worker is interrupted and replaced. Dependents are cancelled. */
  cancel(): Promise<void> {
    return this.owner.cancel([this as Future<unknown>]);
  }

  /** Calls `callback(this)` once the task ended (right away if it has). */
  addDoneCallback(callback: (future: Future<T>) => void): void {
    this.state.whenDone(() => {
      queueMicrotask(() => callback(this));
    });
  }

  /** Lets go of the result; when no future holds the key, the cluster frees it. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.owner.releaseFuture(this as Future<unknown>);
  }

  override toString(): string {
    return `Future(${this.key}, ${this.status})`;
  }
}

export function isFuture(value: unknown): value is Future<unknown> {
  return value instanceof Future;
}
