/**
 * How a task's function travels to a worker thread. Worker threads share no closures with the
 * program, so every function is named by something a worker can resolve on its own.
 */

/** A top-level function of a module: the worker imports `url` once and looks `name` up. */
export interface ModuleFnRef {
  readonly kind: "module";
  readonly url: string;
  readonly name: string;
}

/** A self-contained function sent as source, compiled once per worker and cached by `hash`. */
export interface SourceFnRef {
  readonly kind: "source";
  readonly hash: string;
  readonly name: string;
  readonly source: string;
  /** `method` when the source is method shorthand (`f(x) { ... }`), compiled inside an object. */
  readonly form: "expression" | "method";
}

/** A method call on the task's first argument (`Delayed.call`), run on a worker. */
export interface MethodFnRef {
  readonly kind: "method";
  readonly method: string;
}

/** Work the scheduler does itself in the main thread, without a worker round trip. */
export interface InlineFnRef {
  readonly kind: "inline";
  /**
   * `literal`: the value of `delayed(value)` or `scatter(value)`; `getitem`: `args[0][args[1]]`;
   * `broadcast`: the value of `scatter(value, { broadcast: true })`, which an executor that can
   * keeps once in each worker instead of copying it with every task.
   */
  readonly op: "literal" | "getitem" | "broadcast";
}

export type WorkerFnRef = ModuleFnRef | SourceFnRef | MethodFnRef;
export type FnRef = WorkerFnRef | InlineFnRef;

/** Whether a task is the value of `scatter(value, { broadcast: true })`. */
export function isBroadcast(ref: FnRef): boolean {
  return ref.kind === "inline" && ref.op === "broadcast";
}

/** A stable identity for a function reference, used by `tokenize` and the worker's cache. */
export function fnRefIdentity(ref: FnRef): string {
  switch (ref.kind) {
    case "module":
      return `module:${ref.url}#${ref.name}`;
    case "source":
      return `source:${ref.hash}`;
    case "method":
      return `method:${ref.method}`;
    case "inline":
      return `inline:${ref.op}`;
  }
}
