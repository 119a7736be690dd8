/**
 * Splits a remote stack into text and source links: every `file:line[:column]` of a .ts/.js
 * file (a path or a file: URL, as V8 prints them) becomes a link that opens that line.
 */
import type { SourceLocation } from "../../runtime/src/protocol/events";

export type StackPart =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "link"; readonly text: string; readonly location: SourceLocation };

const FRAME =
  /((?:file:\/\/)?(?:[A-Za-z]:)?[\\/][^\s()'"]*?\.(?:[cm]?[jt]sx?|vue|svelte)):(\d+)(?::(\d+))?/g;

export function splitStack(stack: string): StackPart[] {
  const parts: StackPart[] = [];
  let last = 0;
  for (const match of stack.matchAll(FRAME)) {
    const index = match.index;
    if (index > last) parts.push({ kind: "text", text: stack.slice(last, index) });
    const [text, file, line, column] = match;
    parts.push({
      kind: "link",
      text,
      location: { file: file as string, line: Number(line), column: Number(column ?? 1) },
    });
    last = index + text.length;
  }
  if (last < stack.length) parts.push({ kind: "text", text: stack.slice(last) });
  return parts;
}
