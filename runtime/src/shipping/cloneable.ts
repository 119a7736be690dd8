/**
 * What structured clone can carry to a worker and back without losing meaning. Functions,
 * symbols, promises and class instances (whose prototype would be dropped) are refused up front,
 * with the path to the offending value, instead of failing inside postMessage.
 */
const CLONEABLE_BUILTINS: readonly (abstract new (...args: never[]) => unknown)[] = [
  Date,
  RegExp,
  ArrayBuffer,
  SharedArrayBuffer,
  DataView,
  Error,
  Boolean,
  Number,
  String,
  Blob,
];

function describe(value: unknown): string {
  if (typeof value === "function") return `a function (${value.name || "anonymous"})`;
  if (typeof value === "symbol") return "a symbol";
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  if (value instanceof Promise) return "a Promise (await it first, or pass the Delayed itself)";
  return `an instance of ${ctor ?? "a class"} (its prototype would be lost)`;
}

/** Whether an object is a container the walkers descend into, or a cloneable leaf. */
export type ObjectKind = "array" | "object" | "map" | "set" | "leaf" | "refused";

export function objectKind(value: object): ObjectKind {
  if (Array.isArray(value)) return "array";
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return "object";
  if (value instanceof Map) return "map";
  if (value instanceof Set) return "set";
  if (ArrayBuffer.isView(value)) return "leaf";
  for (const builtin of CLONEABLE_BUILTINS) if (value instanceof builtin) return "leaf";
  return "refused";
}

/**
 * The first value under `value` that cannot be cloned, as a path and a description; undefined
 * when all of it can.
 */
export function findNotCloneable(
  value: unknown,
  path = "",
  seen = new Set<object>(),
): { path: string; what: string } | undefined {
  if (typeof value === "function" || typeof value === "symbol") {
    return { path, what: describe(value) };
  }
  if (typeof value !== "object" || value === null || seen.has(value)) return undefined;
  seen.add(value);
  switch (objectKind(value)) {
    case "leaf":
      return undefined;
    case "refused":
      return { path, what: describe(value) };
    case "array": {
      const array = value as unknown[];
      for (let i = 0; i < array.length; i++) {
        const found = findNotCloneable(array[i], `${path}[${i}]`, seen);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    case "object":
      for (const [field, child] of Object.entries(value)) {
        const found = findNotCloneable(child, `${path}.${field}`, seen);
        if (found !== undefined) return found;
      }
      return undefined;
    case "map":
      for (const [mapKey, child] of value as Map<unknown, unknown>) {
        const found =
          findNotCloneable(mapKey, `${path}<key>`, seen) ??
          findNotCloneable(child, `${path}.get(${String(mapKey)})`, seen);
        if (found !== undefined) return found;
      }
      return undefined;
    case "set":
      for (const child of value as Set<unknown>) {
        const found = findNotCloneable(child, `${path}<member>`, seen);
        if (found !== undefined) return found;
      }
      return undefined;
  }
}
