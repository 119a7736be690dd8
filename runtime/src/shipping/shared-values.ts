/**
 * Broadcast values (`scatter(value, { broadcast: true })`) travel to each worker once and stay
 * in its memory; a task's arguments carry a small marker in their place, which the worker
 * swaps for its copy before the task runs. The marker is plain data, so it survives structured
 * clone; its one field's name is Weft's own.
 */
import { objectKind } from "./cloneable";

const FIELD = "weft:shared";

export interface SharedMarker {
  readonly [FIELD]: string;
}

export function sharedMarker(key: string): SharedMarker {
  return { [FIELD]: key };
}

function markerKey(value: object): string | undefined {
  const key = (value as Partial<SharedMarker>)[FIELD];
  return typeof key === "string" ? key : undefined;
}

/**
 * Swaps markers inside `value` (arrays, plain objects, Maps, Sets) for `lookup(key)`, in place,
 * and returns the value (the marker's value when `value` is itself a marker).
 */
export function fillShared(
  value: unknown,
  lookup: (key: string) => unknown,
  seen = new Set<object>(),
): unknown {
  if (typeof value !== "object" || value === null) return value;
  const key = markerKey(value);
  if (key !== undefined) return lookup(key);
  if (seen.has(value)) return value;
  seen.add(value);
  switch (objectKind(value)) {
    case "array": {
      const array = value as unknown[];
      for (let i = 0; i < array.length; i++) {
        const item = array[i];
        if (typeof item === "object" && item !== null) array[i] = fillShared(item, lookup, seen);
      }
      return array;
    }
    case "object": {
      const record = value as Record<string, unknown>;
      for (const field of Object.keys(record)) {
        const item = record[field];
        if (typeof item === "object" && item !== null)
          record[field] = fillShared(item, lookup, seen);
      }
      return record;
    }
    case "map": {
      const map = value as Map<unknown, unknown>;
      for (const [k, item] of map) {
        if (typeof item === "object" && item !== null) map.set(k, fillShared(item, lookup, seen));
      }
      return map;
    }
    case "set": {
      const set = value as Set<unknown>;
      for (const item of [...set]) {
        if (typeof item !== "object" || item === null || markerKey(item) === undefined) continue;
        set.delete(item);
        set.add(lookup(markerKey(item) as string));
      }
      return set;
    }
    default:
      return value;
  }
}
