/**
 * A stable token for a value: the same function and arguments always give the same token, in
 * any process, so pure calls share a key and shared work runs once. Object keys are sorted;
 * Map and Set keep insertion order (their order is part of their meaning).
 */
import { createHash } from "node:crypto";
import { isTransfer } from "../shipping/transfer";
import { KeyRef } from "./key-ref";

function write(parts: string[], value: unknown, seen: Set<object>): void {
  switch (typeof value) {
    case "string":
      parts.push(`s${value.length}:${value}`);
      return;
    case "number":
      parts.push(`n${Object.is(value, -0) ? "-0" : String(value)}`);
      return;
    case "bigint":
      parts.push(`b${value}`);
      return;
    case "boolean":
      parts.push(value ? "T" : "F");
      return;
    case "undefined":
      parts.push("u");
      return;
    case "function":
    case "symbol":
      parts.push(`?${String(value)}`);
      return;
  }
  if (value === null) {
    parts.push("0");
    return;
  }
  const object = value as object;
  if (object instanceof KeyRef) {
    parts.push(`k${object.key.length}:${object.key}`);
    return;
  }
  if (isTransfer(object)) {
    write(parts, object.value, seen);
    return;
  }
  if (seen.has(object)) {
    parts.push("cycle");
    return;
  }
  seen.add(object);
  if (Array.isArray(object)) {
    parts.push(`[${object.length}`);
    for (const item of object) write(parts, item, seen);
    parts.push("]");
  } else if (object instanceof Map) {
    parts.push(`M${object.size}`);
    for (const [k, v] of object) {
      write(parts, k, seen);
      write(parts, v, seen);
    }
  } else if (object instanceof Set) {
    parts.push(`S${object.size}`);
    for (const item of object) write(parts, item, seen);
  } else if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) {
    const bytes = ArrayBuffer.isView(object)
      ? Buffer.from(object.buffer, object.byteOffset, object.byteLength)
      : Buffer.from(object);
    parts.push(`B${object.constructor.name}:${bytes.toString("base64")}`);
  } else if (object instanceof Date) {
    parts.push(`D${object.getTime()}`);
  } else {
    const fields = Object.keys(object).sort();
    parts.push(`{${object.constructor?.name ?? ""}${fields.length}`);
    for (const field of fields) {
      parts.push(`f${field.length}:${field}`);
      write(parts, (object as Record<string, unknown>)[field], seen);
    }
    parts.push("}");
  }
  seen.delete(object);
}

/** A hex token for any number of values, stable across runs and processes. */
export function tokenize(...values: readonly unknown[]): string {
  const parts: string[] = [];
  for (const value of values) write(parts, value, new Set());
  return createHash("sha1").update(parts.join("\u0000")).digest("hex").slice(0, 32);
}
