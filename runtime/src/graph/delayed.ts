/**
 * Delayed: a lazy task. Calling a delayed function records a node (function, arguments, and the
 * Delayeds it depends on) instead of running it; `compute` runs the graph the node closes over.
 * Nodes hold their dependencies directly, so building costs one small object per call.
 */
import { ErrorCode, WeftError } from "../errors";
import type { SourceLocation } from "../protocol/events";
import type { FnRef } from "../shipping/fn-ref";
import { fnRefIdentity } from "../shipping/fn-ref";
import { functionName, resolveFunction, type AnyFunction } from "../shipping/resolve-function";
import { appendOnce, scanArgs } from "./args";
import { computeHook } from "./compute-hook";
import type { DelayedArgs, DelayedOptions, DelayedTuple, MethodName } from "./delayed-types";
import { KeyRef } from "./key-ref";
import { makeKey, uniqueToken } from "./key";
import { callerLocation } from "./location";
import { tokenize } from "./tokenize";

/** What a Delayed computes: `fn(...args)`, where args may hold other Delayeds. */
export interface GraphNode {
  readonly fn: FnRef;
  readonly args: readonly unknown[];
  readonly dependencies: readonly KeyRef[];
  readonly hasRefs: boolean;
  readonly location?: SourceLocation;
}

export class Delayed<T> extends KeyRef {
  /** The node to compute; undefined when the result is already held by the scheduler (persist). */
  readonly node: GraphNode | undefined;
  /** The number of outputs, when the result can be destructured. */
  readonly nout: number | undefined;
  /** Never set; carries T for the type checker. */
  declare readonly __result?: T;

  constructor(key: string, node: GraphNode | undefined, nout?: number) {
    super(key);
    this.node = node;
    this.nout = nout;
  }

  /** A Delayed of `result[key]` (JS has no operator overloading; this is Dask's `x[i]`). */
  get<K extends keyof T>(key: K): Delayed<T[K]> {
    return makeNode<T[K]>(
      "getitem",
      { kind: "inline", op: "getitem" },
      [this, key],
      true,
      undefined,
      callerLocation(this.get),
    );
  }

  /** A Delayed of `result[method](...args)`, run on a worker. */
  call<M extends MethodName<T>>(
    method: M,
    ...args: DelayedArgs<T[M] extends (...a: infer A) => unknown ? A : never>
  ): Delayed<T[M] extends (...a: never[]) => infer R ? Awaited<R> : never> {
    return makeNode(
      method,
      { kind: "method", method },
      [this, ...(args as readonly unknown[])],
      false,
      undefined,
      callerLocation(this.call),
    );
  }

  /** Runs the graph and resolves to the result. */
  async compute(): Promise<T> {
    const [result] = await computeHook().compute([this]);
    return result as T;
  }

  /** Starts the work now; the returned Delayed is backed by the result held on the cluster. */
  async persist(): Promise<Delayed<T>> {
    const [kept] = await computeHook().persist([this as Delayed<unknown>]);
    return kept as Delayed<T>;
  }

  *[Symbol.iterator](): Iterator<Delayed<unknown>> {
    if (this.nout === undefined) {
      throw new WeftError(
        ErrorCode.BadArgument,
        `${this.key} has no known number of outputs, so it cannot be destructured. ` +
          `Give it one with delayed(fn, { nout: 2 }), or use .get(i).`,
      );
    }
    for (let i = 0; i < this.nout; i++) yield this.get(i as keyof T);
  }

  override toString(): string {
    return `Delayed(${this.key})`;
  }
}

/** Makes the node and its key: unique unless pure, then a token of function and arguments. */
function makeNode<R>(
  name: string,
  fn: FnRef,
  args: readonly unknown[],
  pure: boolean,
  nout: number | undefined,
  location: SourceLocation | undefined,
): Delayed<R> {
  const dependencies: KeyRef[] = [];
  // The key is needed to name the task in a clone error, so the impure key comes first.
  let key = pure ? `${name}-pending` : makeKey(name, uniqueToken());
  scanArgs(args, key, appendOnce(dependencies));
  if (pure) key = makeKey(name, tokenize(fnRefIdentity(fn), args));
  const node: GraphNode = { fn, args, dependencies, hasRefs: dependencies.length > 0, location };
  return new Delayed<R>(key, node, nout);
}

/** How many calls of one delayed function record their own call site; later ones reuse it. */
const LOCATIONS_PER_FUNCTION = 100;

export type DelayedFunction<A extends readonly unknown[], R> = (
  ...args: DelayedArgs<A>
) => Delayed<R>;

export type DelayedTupleFunction<A extends readonly unknown[], R extends readonly unknown[]> = (
  ...args: DelayedArgs<A>
) => DelayedTuple<R>;

function checkOptions(options: DelayedOptions | undefined): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null) {
    throw new WeftError(
      ErrorCode.BadArgument,
      "delayed(fn, options): options must be an object like { pure, nout, name }.",
    );
  }
  const { nout } = options;
  if (nout !== undefined && (!Number.isInteger(nout) || nout < 0)) {
    throw new WeftError(ErrorCode.BadArgument, `nout must be a whole number, got ${String(nout)}.`);
  }
}

function delayedFunction(fn: AnyFunction, options: DelayedOptions | undefined): AnyFunction {
  checkOptions(options);
  const ref = resolveFunction(fn);
  const name = options?.name ?? functionName(fn);
  const pure = options?.pure ?? false;
  const nout = options?.nout;
  let calls = 0;
  let lastLocation: SourceLocation | undefined;

  const call = (...args: unknown[]): Delayed<unknown> => {
    if (calls < LOCATIONS_PER_FUNCTION) {
      calls++;
      lastLocation = callerLocation(call);
    }
    return makeNode(name, ref, args, pure, nout, lastLocation);
  };
  delayedFunctions.add(call);
  return call;
}

/** The functions `delayed` made, so that delayed(delayed(f)) is delayed(f), as in Dask. */
const delayedFunctions = new WeakSet<AnyFunction>();

function literalName(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value instanceof Map) return "map";
  if (value instanceof Set) return "set";
  return value === null ? "null" : typeof value;
}

/**
 * `delayed(fn, options)` wraps a function so that calling it builds a task; `delayed(value)`
 * wraps a value (its Delayeds, nested in containers, become dependencies).
 */
export function delayed<A extends readonly unknown[], R extends readonly unknown[]>(
  fn: (...args: A) => R | Promise<R>,
  options: DelayedOptions & { readonly nout: number },
): DelayedTupleFunction<A, R>;
export function delayed<A extends readonly unknown[], R>(
  fn: (...args: A) => R,
  options?: DelayedOptions,
): DelayedFunction<A, Awaited<R>>;
export function delayed<T>(value: T, options?: { readonly name?: string }): Delayed<T>;
export function delayed(value: unknown, options?: DelayedOptions): unknown {
  if (typeof value === "function") {
    if (delayedFunctions.has(value as AnyFunction)) return value;
    return delayedFunction(value as AnyFunction, options);
  }
  if (value instanceof Delayed) return value;
  return makeNode(
    options?.name ?? literalName(value),
    { kind: "inline", op: "literal" },
    [value],
    true,
    undefined,
    callerLocation(delayed),
  );
}

export function isDelayed(value: unknown): value is Delayed<unknown> {
  return value instanceof Delayed;
}
