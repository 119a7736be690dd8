/**
 * The types that let `submit` and `map` check the user's arguments against the function: each
 * parameter also accepts a Future of its type (also nested in arrays and objects), and
 * `gather` gives back the results in the same shape.
 */
import type { Future } from "./future";

export type FutureArg<T> =
  | T
  | Future<T>
  | (T extends (...args: never[]) => unknown
      ? never
      : T extends ReadonlyMap<infer K, infer V>
        ? Map<FutureArg<K>, FutureArg<V>>
        : T extends ReadonlySet<infer U>
          ? Set<FutureArg<U>>
          : T extends object
            ? { [K in keyof T]: FutureArg<T[K]> }
            : never);

export type FutureArgs<A extends readonly unknown[]> = { [I in keyof A]: FutureArg<A[I]> };

/** One iterable per parameter, for `map`. */
export type FutureIterables<A extends readonly unknown[]> = {
  [I in keyof A]: Iterable<FutureArg<A[I]>>;
};

/** What `gather` gives back: Futures replaced by their results, deeply. */
export type Gathered<X> =
  X extends Future<infer T>
    ? T
    : X extends ((...args: never[]) => unknown) | ArrayBufferView | ArrayBuffer | Date | RegExp
      ? X
      : X extends Map<infer K, infer V>
        ? Map<Gathered<K>, Gathered<V>>
        : X extends Set<infer U>
          ? Set<Gathered<U>>
          : X extends object
            ? { -readonly [K in keyof X]: Gathered<X[K]> }
            : X;

/** Options for the tasks a view of the client submits (`client.with(options)`). */
export interface TaskOptions {
  /** The key (submit), or the keys or a name prefix (map). Default `<function name>-<token>`. */
  readonly key?: string | readonly string[];
  /** Same function and arguments give the same key and run once. Default true. */
  readonly pure?: boolean;
  /** Higher runs first among ready tasks. Default 0. */
  readonly priority?: number;
  /** Times a failed task runs again (an exception, a dead worker, a timeout). Default 0. */
  readonly retries?: number;
  /** ms a task may run before it is stopped with E_TIMEOUT. */
  readonly timeout?: number;
}

export const TASK_OPTION_NAMES: readonly string[] = [
  "key",
  "pure",
  "priority",
  "retries",
  "timeout",
];
