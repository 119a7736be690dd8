/**
 * Turns a function object into a reference a worker can resolve (see fn-ref.ts), in the order the
 * design gives: a top-level function registered by the loader ships by module; anything else ships
 * by source if it is self-contained, and otherwise fails now with E_CAPTURED_VARIABLE.
 */
import { createHash } from "node:crypto";
import { ErrorCode, WeftError } from "../errors";
import { capturedVariableError } from "./captured-variable";
import type { ModuleFnRef, SourceFnRef } from "./fn-ref";
import { parseFunction } from "./free-variables";
import { workerGlobals } from "./globals";
import { findRegistered, functionRegistry } from "./registry";
import { taskViewUrl } from "./task-view-url";

export type AnyFunction = (...args: never[]) => unknown;

const resolved = new WeakMap<AnyFunction, ModuleFnRef | SourceFnRef>();

/** The function's name for keys and messages: its own name, or `lambda` like Dask. */
export function functionName(fn: AnyFunction): string {
  const name = fn.name.replace(/^bound /, "").trim();
  return name === "" ? "lambda" : name;
}

function byModule(fn: AnyFunction): ModuleFnRef | undefined {
  const registry = functionRegistry();
  if (registry.modules.size === 0) return undefined;
  const found = findRegistered(registry, fn);
  if (found === undefined) return undefined;
  const url = found.url === registry.entryUrl ? taskViewUrl(found.url) : found.url;
  return { kind: "module", url, name: found.name };
}

function bySource(fn: AnyFunction): SourceFnRef {
  const name = functionName(fn);
  const source = Function.prototype.toString.call(fn);
  const parsed = parseFunction(source);
  if (parsed === undefined || source.includes("[native code]")) {
    throw new WeftError(
      ErrorCode.BadArgument,
      `function ${name} is built in or bound, so its source cannot be shipped to a worker. ` +
        `Wrap it in a function of your own, e.g. (x) => ${name}(x).`,
    );
  }
  const globals = workerGlobals();
  const captured = parsed.freeVariables.find((variable) => !globals.has(variable));
  if (captured !== undefined) throw capturedVariableError(name, captured);
  const hash = createHash("sha1").update(source).digest("hex").slice(0, 20);
  return { kind: "source", hash, name, source, form: parsed.form };
}

/** The reference a worker uses to find `fn`; cached per function object. */
export function resolveFunction(fn: AnyFunction): ModuleFnRef | SourceFnRef {
  const known = resolved.get(fn);
  if (known !== undefined) return known;
  const ref = byModule(fn) ?? bySource(fn);
  resolved.set(fn, ref);
  return ref;
}

/**
 * A function exported from a module, named explicitly, for programs not run by `weft run`:
 * `delayed(moduleFunction<typeof digest>(new URL("./tasks.mjs", import.meta.url), "digest"))`.
 * The returned stand-in only runs as a task.
 */
export function moduleRef<F extends AnyFunction>(url: string | URL, exportName: string): F {
  const stub = (): never => {
    throw new WeftError(
      ErrorCode.BadArgument,
      `${exportName} from ${String(url)} runs only as a task; call it through delayed(...).`,
    );
  };
  Object.defineProperty(stub, "name", { value: exportName });
  resolved.set(stub, { kind: "module", url: String(url), name: exportName });
  return stub as unknown as F;
}
