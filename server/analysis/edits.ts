/**
 * Text edits as offsets into one file. The LSP layer turns them into ranges.
 */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** Applies non-overlapping edits to a text (for tests and `weft check --fix`-style uses). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const edit of sorted) {
    if (edit.end > limit) throw new Error("overlapping edits");
    out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
    limit = edit.start;
  }
  return out;
}

/** Applies edits given relative to `base` inside a slice of text that starts at `base`. */
export function applyEditsToSlice(text: string, base: number, edits: readonly TextEdit[]): string {
  return applyEdits(
    text,
    edits.map((edit) => ({ ...edit, start: edit.start - base, end: edit.end - base })),
  );
}
