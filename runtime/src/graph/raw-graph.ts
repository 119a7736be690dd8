/**
 * Raw graphs, as in Dask's dict graphs: `{ "load-1": task(load, "a.txt"), "clean-1":
 * task(clean, ref("load-1")) }`. A value that is not a task is data (refs inside it resolve too).
 */
import { ErrorCode, WeftError } from "../errors";
import type { FnRef } from "../shipping/fn-ref";
import { resolveFunction, type AnyFunction } from "../shipping/resolve-function";
import { appendOnce, scanArgs } from "./args";
import type { KeyRef } from "./key-ref";
import type { TaskSpec } from "./task-spec";
import { checkCycles, checkMissingKeys, missingKeyError } from "./validate";

const RAW_TASK = Symbol.for("weft.rawTask");

export interface RawTask<R = unknown> {
  readonly [RAW_TASK]: true;
  readonly fn: AnyFunction;
  readonly args: readonly unknown[];
  /** Never set; carries the result type. */
  readonly __result?: R;
}

/** A value of type T, or a ref to another key, also nested in arrays and objects. */
export type RawArg<T> =
  | T
  | KeyRef
  | (T extends (...args: never[]) => unknown
      ? never
      : T extends object
        ? { [K in keyof T]: RawArg<T[K]> }
        : never);

/** A task of a raw graph: `task(fn, ...args)`; arguments may hold `ref(key)`. */
export function task<A extends readonly unknown[], R>(
  fn: (...args: A) => R,
  ...args: { [I in keyof A]: RawArg<A[I]> }
): RawTask<Awaited<R>> {
  if (typeof fn !== "function") {
    throw new WeftError(
      ErrorCode.BadArgument,
      "task(fn, ...args): the first argument must be a function.",
    );
  }
  return { [RAW_TASK]: true, fn: fn as AnyFunction, args };
}

export function isRawTask(value: unknown): value is RawTask {
  return typeof value === "object" && value !== null && RAW_TASK in value;
}

export type RawGraph = Readonly<Record<string, unknown>>;

/** The specs of a raw graph, checked for missing keys (against `known` too) and cycles. */
export function rawGraphTasks(
  graph: RawGraph,
  wanted: readonly string[],
  known: (key: string) => boolean = () => false,
): Map<string, TaskSpec> {
  if (typeof graph !== "object" || graph === null) {
    throw new WeftError(
      ErrorCode.BadArgument,
      "get(graph, keys): graph must be an object of key → task(...) or value.",
    );
  }
  const tasks = new Map<string, TaskSpec>();
  for (const [key, entry] of Object.entries(graph)) {
    const dependencies: string[] = [];
    const fn: FnRef = isRawTask(entry)
      ? resolveFunction(entry.fn)
      : { kind: "inline", op: "literal" };
    const args = isRawTask(entry) ? entry.args : [entry];
    const append = appendOnce(dependencies);
    scanArgs(args, key, (found) => append(found.key));
    tasks.set(key, { key, fn, args, dependencies, hasRefs: dependencies.length > 0 });
  }
  for (const key of wanted) if (!tasks.has(key) && !known(key)) throw missingKeyError(key);
  checkMissingKeys(tasks, known);
  checkCycles(tasks);
  return tasks;
}
