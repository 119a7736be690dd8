/**
 * Resolves a function reference to a function inside a worker, once: modules are imported once
 * and looked up by name (through the loader's registry for non-exported top-level functions),
 * sources are compiled once per hash.
 */
import { ErrorCode, WeftError } from "../errors";
import type { WorkerFnRef } from "../shipping/fn-ref";
import { compilableExpressionForWorker } from "../shipping/compile-source";
import { functionRegistry, lookupRegistered } from "../shipping/registry";

export type TaskFunction = (...args: unknown[]) => unknown;

const cache = new Map<string, TaskFunction>();

function cacheKey(ref: WorkerFnRef): string {
  switch (ref.kind) {
    case "module":
      return `m:${ref.url}#${ref.name}`;
    case "source":
      return `s:${ref.hash}`;
    case "method":
      return `c:${ref.method}`;
  }
}

/** esbuild-based TypeScript runners wrap functions in `__name(fn, "name")`; keep its meaning. */
function nameHelper<F>(fn: F, name: string): F {
  Object.defineProperty(fn, "name", { value: name, configurable: true });
  return fn;
}

function compileSource(ref: Extract<WorkerFnRef, { kind: "source" }>): TaskFunction {
  const expression = compilableExpressionForWorker(ref.source, ref.form);
  // Compiled in the worker's global scope: only globals are visible, as the main thread checked.
  const value = new Function("__name", `"use strict"; return ${expression};`)(
    nameHelper,
  ) as unknown;
  const fn = ref.form === "method" ? Object.values(value as object)[0] : value;
  if (typeof fn !== "function") throw new TypeError(`source of ${ref.name} is not a function`);
  return fn as TaskFunction;
}

async function importFunction(
  ref: Extract<WorkerFnRef, { kind: "module" }>,
): Promise<TaskFunction> {
  const module = (await import(ref.url)) as Record<string, unknown>;
  const registered = functionRegistry().modules.get(ref.url);
  const fn = registered !== undefined ? lookupRegistered(registered, ref.name) : undefined;
  const found = typeof fn === "function" ? fn : module[ref.name];
  if (typeof found !== "function") {
    throw new WeftError(
      ErrorCode.BadArgument,
      `${ref.url} has no top-level or exported function named ${ref.name}`,
    );
  }
  return found as TaskFunction;
}

function methodCaller(method: string): TaskFunction {
  return (target: unknown, ...args: unknown[]) => {
    const fn = (target as Record<string, unknown> | null | undefined)?.[method];
    if (typeof fn !== "function") {
      throw new TypeError(`${String(target)} has no method '${method}'`);
    }
    return (fn as TaskFunction).apply(target, args);
  };
}

/** The cached function for `ref`, or undefined if a module must be imported first. */
export function cachedFunction(ref: WorkerFnRef): TaskFunction | undefined {
  const key = cacheKey(ref);
  let fn = cache.get(key);
  if (fn === undefined && ref.kind !== "module") {
    fn = ref.kind === "source" ? compileSource(ref) : methodCaller(ref.method);
    cache.set(key, fn);
  }
  return fn;
}

export async function loadFunction(ref: WorkerFnRef): Promise<TaskFunction> {
  const cached = cachedFunction(ref);
  if (cached !== undefined) return cached;
  const fn = await importFunction(ref as Extract<WorkerFnRef, { kind: "module" }>);
  cache.set(cacheKey(ref), fn);
  return fn;
}
