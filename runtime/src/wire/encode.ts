/**
 * Futures (KeyRefs) inside arguments and values cannot cross a thread or a socket as objects:
 * they travel as `{ "weft:ref": key }` and become KeyRefs (or futures) again on the other side.
 */
import { substituteRefs } from "../graph/args";
import { KeyRef } from "../graph/key-ref";
import { objectKind } from "../shipping/cloneable";

export const WIRE_REF = "weft:ref";

export interface WireRef {
  readonly [WIRE_REF]: string;
}

function isWireRef(value: object): value is WireRef {
  return (
    typeof (value as Partial<WireRef>)[WIRE_REF] === "string" && Object.keys(value).length === 1
  );
}

/** `value` with every KeyRef replaced by a wire ref. */
export function encodeRefs(value: unknown): unknown {
  return substituteRefs(value, (key) => ({ [WIRE_REF]: key }));
}

/** `value` with every wire ref replaced by `make(key)`; `found` hears each key. */
export function decodeRefs(
  value: unknown,
  make: (key: string) => unknown = (key) => new KeyRef(key),
): unknown {
  if (typeof value !== "object" || value === null) return value;
  switch (objectKind(value)) {
    case "array":
      return (value as unknown[]).map((item) => decodeRefs(item, make));
    case "object": {
      if (isWireRef(value)) return make(value[WIRE_REF]);
      const copy: Record<string, unknown> = {};
      for (const [field, child] of Object.entries(value)) copy[field] = decodeRefs(child, make);
      return copy;
    }
    case "map": {
      const copy = new Map<unknown, unknown>();
      for (const [k, v] of value as Map<unknown, unknown>)
        copy.set(decodeRefs(k, make), decodeRefs(v, make));
      return copy;
    }
    case "set": {
      const copy = new Set<unknown>();
      for (const item of value as Set<unknown>) copy.add(decodeRefs(item, make));
      return copy;
    }
    default:
      return value;
  }
}

/** The keys of the wire refs inside `value`. */
export function wireRefKeys(value: unknown, into: string[] = []): string[] {
  if (typeof value !== "object" || value === null) return into;
  switch (objectKind(value)) {
    case "array":
      for (const item of value as unknown[]) wireRefKeys(item, into);
      return into;
    case "object":
      if (isWireRef(value)) into.push(value[WIRE_REF]);
      else for (const child of Object.values(value)) wireRefKeys(child, into);
      return into;
    case "map":
      for (const [k, v] of value as Map<unknown, unknown>) {
        wireRefKeys(k, into);
        wireRefKeys(v, into);
      }
      return into;
    case "set":
      for (const item of value as Set<unknown>) wireRefKeys(item, into);
      return into;
    default:
      return into;
  }
}
