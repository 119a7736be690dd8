/**
 * The types that let `delayed` keep a function's signature: each parameter also accepts a
 * Delayed of its type (also nested in arrays and objects), and a Delayed knows its result type.
 */
import type { Delayed } from "./delayed";

/** A value of type T, a Delayed<T>, or a container of those. */
export type DelayedArg<T> =
  | T
  | Delayed<T>
  | (T extends (...args: never[]) => unknown
      ? never
      : T extends ReadonlyMap<infer K, infer V>
        ? Map<DelayedArg<K>, DelayedArg<V>>
        : T extends ReadonlySet<infer U>
          ? Set<DelayedArg<U>>
          : T extends object
            ? { [K in keyof T]: DelayedArg<T[K]> }
            : never);

export type DelayedArgs<A extends readonly unknown[]> = { [I in keyof A]: DelayedArg<A[I]> };

/** What `compute` gives back for an argument: Delayeds replaced by their results, deeply. */
export type Computed<X> =
  X extends Delayed<infer T>
    ? T
    : X extends ((...args: never[]) => unknown) | ArrayBufferView | ArrayBuffer | Date | RegExp
      ? X
      : X extends Map<infer K, infer V>
        ? Map<Computed<K>, Computed<V>>
        : X extends Set<infer U>
          ? Set<Computed<U>>
          : X extends object
            ? { -readonly [K in keyof X]: Computed<X[K]> }
            : X;

/** A Delayed tuple that can also be destructured into one Delayed per element (`nout`). */
export type DelayedTuple<T extends readonly unknown[]> = Delayed<T> & {
  readonly [I in keyof T]: Delayed<T[I]>;
};

/** The names of T's methods, for `.call`. */
export type MethodName<T> = {
  [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never;
}[keyof T] &
  string;

export interface DelayedOptions {
  /** Same function and arguments give the same key, so shared work runs once. Default false. */
  readonly pure?: boolean;
  /** The number of outputs, to destructure the result: `const [a, b] = f(x)`. */
  readonly nout?: number;
  /** The key's prefix (its group in the dashboard). Default: the function's name. */
  readonly name?: string;
}
