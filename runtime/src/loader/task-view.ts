/**
 * The task view of a program's entry file: what a worker loads instead of the file itself. It
 * keeps the imports and the top-level declarations the functions need (transitively) and blanks
 * out every other statement, keeping each line where it was so stacks still point at the right
 * lines. The program's side effects therefore happen once, in the main thread.
 */
import type { TopLevelStatement } from "./top-level";

function blank(text: string): string {
  return text.replace(/[^\n]/g, " ");
}

export function taskViewSource(source: string, statements: readonly TopLevelStatement[]): string {
  const declaring = new Map<string, TopLevelStatement>();
  for (const statement of statements) {
    for (const name of statement.declares) declaring.set(name, statement);
  }
  // A compiled enum is a declaration plus a statement that fills it in; they go together.
  const initializers = new Map<TopLevelStatement, TopLevelStatement[]>();
  for (const statement of statements) {
    const name = statement.initializes;
    const declaration = name === undefined ? undefined : declaring.get(name);
    if (declaration !== undefined) {
      initializers.set(declaration, [...(initializers.get(declaration) ?? []), statement]);
    }
  }
  const kept = new Set<TopLevelStatement>();
  const pending = statements.filter((statement) => statement.functions.length > 0);
  while (pending.length > 0) {
    const statement = pending.pop() as TopLevelStatement;
    if (kept.has(statement)) continue;
    kept.add(statement);
    pending.push(...(initializers.get(statement) ?? []));
    for (const name of statement.uses) {
      const needed = declaring.get(name);
      if (needed !== undefined && !kept.has(needed)) pending.push(needed);
    }
  }
  let out = "";
  let cursor = 0;
  for (const statement of statements) {
    out += source.slice(cursor, statement.start);
    const text = source.slice(statement.start, statement.end);
    out += statement.kind === "import" || kept.has(statement) ? text : blank(text);
    cursor = statement.end;
  }
  return out + source.slice(cursor);
}
