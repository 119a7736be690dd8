/**
 * Walks a task's arguments once, at the call that makes the task: collects the KeyRefs inside
 * arrays, plain objects, Maps and Sets (they become dependencies) and refuses what structured
 * clone cannot carry, naming the task and the argument's position. Later, `substituteRefs`
 * swaps each KeyRef for its result.
 */
import { ErrorCode, WeftError } from "../errors";
import { findNotCloneable, objectKind } from "../shipping/cloneable";
import { isTransfer } from "../shipping/transfer";
import { KeyRef } from "./key-ref";

function notCloneable(key: string, position: string, what: string): WeftError {
  return new WeftError(
    ErrorCode.NotCloneable,
    `task ${key}: ${position} is ${what}, which cannot be copied to a worker thread. Pass plain ` +
      `data (numbers, strings, arrays, plain objects, Maps, Sets, typed arrays), or compute it ` +
      `inside the task.`,
  );
}

function walk(
  value: unknown,
  key: string,
  position: string,
  found: (ref: KeyRef) => void,
  seen: Set<object>,
): void {
  if (typeof value !== "object" || value === null) {
    if (typeof value === "function" || typeof value === "symbol") {
      const problem = findNotCloneable(value);
      throw notCloneable(key, position, problem?.what ?? typeof value);
    }
    return;
  }
  if (value instanceof KeyRef) {
    found(value);
    return;
  }
  if (isTransfer(value) || seen.has(value)) return;
  seen.add(value);
  switch (objectKind(value)) {
    case "leaf":
      return;
    case "refused": {
      const problem = findNotCloneable(value);
      throw notCloneable(key, position, problem?.what ?? "not cloneable");
    }
    case "array": {
      const array = value as unknown[];
      for (let i = 0; i < array.length; i++) walk(array[i], key, `${position}[${i}]`, found, seen);
      return;
    }
    case "object":
      for (const [field, child] of Object.entries(value)) {
        walk(child, key, `${position}.${field}`, found, seen);
      }
      return;
    case "map":
      for (const [mapKey, child] of value as Map<unknown, unknown>) {
        walk(mapKey, key, `${position} (a Map key)`, found, seen);
        walk(child, key, `${position}.get(${String(mapKey)})`, found, seen);
      }
      return;
    case "set":
      for (const child of value as Set<unknown>)
        walk(child, key, `${position} (a Set member)`, found, seen);
      return;
  }
}

/**
 * Checks `args` of task `key` and calls `found` for each KeyRef. Positions are 1-based, as a
 * reader counts arguments: "argument 2[0].weights".
 */
export function scanArgs(
  args: readonly unknown[],
  key: string,
  found: (ref: KeyRef) => void,
): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (typeof arg !== "object" || arg === null) {
      if (typeof arg === "function" || typeof arg === "symbol") {
        walk(arg, key, `argument ${i + 1}`, found, new Set());
      }
      continue;
    }
    walk(arg, key, `argument ${i + 1}`, found, new Set());
  }
}

/** A copy of `value` with each KeyRef replaced by `lookup(key)`; unchanged parts are shared. */
export function substituteRefs(value: unknown, lookup: (key: string) => unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof KeyRef) return lookup(value.key);
  if (isTransfer(value)) return value;
  switch (objectKind(value)) {
    case "array":
      return (value as unknown[]).map((item) => substituteRefs(item, lookup));
    case "object": {
      const copy: Record<string, unknown> = {};
      for (const [field, child] of Object.entries(value))
        copy[field] = substituteRefs(child, lookup);
      return copy;
    }
    case "map": {
      const copy = new Map<unknown, unknown>();
      for (const [k, v] of value as Map<unknown, unknown>) {
        copy.set(substituteRefs(k, lookup), substituteRefs(v, lookup));
      }
      return copy;
    }
    case "set": {
      const copy = new Set<unknown>();
      for (const item of value as Set<unknown>) copy.add(substituteRefs(item, lookup));
      return copy;
    }
    default:
      return value;
  }
}

/**
 * Appends items to `list` once each: a scan while the list is short (most tasks have a few
 * dependencies), a Set once it is long, so a task with thousands stays linear.
 */
export function appendOnce<T>(list: T[]): (item: T) => void {
  let seen: Set<T> | undefined;
  return (item) => {
    if (seen === undefined) {
      if (list.includes(item)) return;
      list.push(item);
      if (list.length > 16) seen = new Set(list);
    } else if (!seen.has(item)) {
      seen.add(item);
      list.push(item);
    }
  };
}
