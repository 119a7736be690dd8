/**
 * Keys are `<name>-<token>`, as in Dask: the name before the last dash is the task's group.
 * Impure calls get a unique token; pure calls get `tokenize` of the function and arguments.
 */
import { randomBytes } from "node:crypto";

const processSalt = randomBytes(4).toString("hex");
let counter = 0;

/** Names may not contain characters that confuse file names or DOT; dashes stay (group split). */
export function keyName(name: string): string {
  const cleaned = name.replace(/[^\w.$-]/g, "_");
  return cleaned === "" ? "lambda" : cleaned;
}

export function makeKey(name: string, token: string): string {
  return `${keyName(name)}-${token}`;
}

/** A token unique within this process and, through the random salt, across processes. */
export function uniqueToken(): string {
  counter++;
  return `${processSalt}${counter.toString(16).padStart(8, "0")}`;
}
