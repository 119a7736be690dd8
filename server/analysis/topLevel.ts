/**
 * The top-level statements of a file, as the units an edit re-analyses. No loop spans two of them,
 * and a loop's verdict depends on the rest of its file only through names: the functions it calls,
 * the variables it writes or reads, each reached by a name declared at the top level. So a
 * statement whose text is unchanged keeps its verdicts unless a name it uses is declared or
 * changed by a statement that changed, or declared by one whose verdicts changed for that reason
 * in turn.
 */
import { ts } from "ts-morph";
import { changedRoot } from "./moduleState";

export interface TopLevelStatement {
  /** Where its text starts, leading comments and blank lines included. */
  readonly pos: number;
  readonly end: number;
  /** 0-based line of `pos`. */
  readonly line: number;
  readonly fullText: string;
  /** The names it declares at the top level. */
  readonly declares: readonly string[];
  /** Every identifier in it: a superset of the names it uses. */
  readonly uses: ReadonlySet<string>;
  /** The names whose values it changes (assigns, writes through, mutates with a method). */
  readonly changes: ReadonlySet<string>;
}

/**
 * The top-level statements of `file`. The names of a statement follow from its text alone, so
 * those of a statement whose text was `seen` before are taken as they are.
 */
export function topLevelStatements(
  file: ts.SourceFile,
  seen?: ReadonlyMap<string, TopLevelStatement>,
): TopLevelStatement[] {
  const text = file.text;
  return file.statements.map((node): TopLevelStatement => {
    const fullText = text.slice(node.pos, node.end);
    const line = file.getLineAndCharacterOfPosition(node.pos).line;
    const known = seen?.get(fullText);
    if (known) {
      const { declares, uses, changes } = known;
      return { pos: node.pos, end: node.end, line, fullText, declares, uses, changes };
    }
    const { uses, changes } = namesIn(node);
    return {
      pos: node.pos,
      end: node.end,
      line,
      fullText,
      declares: declaredNames(node),
      uses,
      changes,
    };
  });
}

/**
 * For each statement of `now`, the index of the statement of `before` with the same text at the
 * same place in the sequence, or -1. An edit changes a run of statements in the middle: the
 * statements before it and after it match.
 */
export function matchStatements(
  before: readonly TopLevelStatement[],
  now: readonly TopLevelStatement[],
): Int32Array {
  const match = new Int32Array(now.length).fill(-1);
  let head = 0;
  while (
    head < before.length &&
    head < now.length &&
    before[head]?.fullText === now[head]?.fullText
  ) {
    match[head] = head;
    head++;
  }
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < now.length - head &&
    before[before.length - 1 - tail]?.fullText === now[now.length - 1 - tail]?.fullText
  ) {
    match[now.length - 1 - tail] = before.length - 1 - tail;
    tail++;
  }
  return match;
}

/**
 * Which statements of `now` must be analysed again: those without a match, and, until nothing
 * changes, those using a name declared by a statement that changed (before or after the edit) or
 * that is analysed again. Cheap to over-approximate: a name is any identifier with that text.
 */
export function statementsToReanalyse(
  before: readonly TopLevelStatement[],
  now: readonly TopLevelStatement[],
  match: Int32Array,
): boolean[] {
  const again = now.map((_, index) => match[index] === -1);
  const names = new Set<string>();
  const matchedBefore = new Set<number>();
  for (const index of match) if (index >= 0) matchedBefore.add(index);
  // A changed statement's declarations, and the module variables it changes: a function that
  // reads one cannot ship when the file changes it (moduleState.ts), so its verdicts may move.
  // Only top-level names count: a function assigning its own locals changes nothing shared.
  const moduleNames = new Set<string>();
  for (const statement of [...before, ...now]) {
    for (const name of statement.declares) moduleNames.add(name);
  }
  const affected = (statement: TopLevelStatement): void => {
    for (const name of statement.declares) names.add(name);
    for (const name of statement.changes) if (moduleNames.has(name)) names.add(name);
  };
  before.forEach((statement, index) => {
    if (!matchedBefore.has(index)) affected(statement);
  });
  now.forEach((statement, index) => {
    if (again[index]) affected(statement);
  });
  for (let grew = names.size > 0; grew;) {
    grew = false;
    now.forEach((statement, index) => {
      if (again[index]) return;
      for (const name of names) {
        if (!statement.uses.has(name)) continue;
        again[index] = true;
        for (const declared of statement.declares) {
          if (!names.has(declared)) {
            names.add(declared);
            grew = true;
          }
        }
        return;
      }
    });
  }
  return again;
}

/**
 * The names a top-level statement declares. It lists at least what `addStatement` in scope.ts
 * binds at the top level, and more (types, namespaces): a name too many only costs a re-analysis.
 */
export function declaredNames(statement: ts.Statement): string[] {
  const names: string[] = [];
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) {
      names.push(name.text);
      return;
    }
    for (const element of name.elements) {
      if (!ts.isOmittedExpression(element)) addBinding(element.name);
    }
  };
  if (
    ts.isFunctionDeclaration(statement) ||
    ts.isClassDeclaration(statement) ||
    ts.isEnumDeclaration(statement) ||
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isModuleDeclaration(statement) ||
    ts.isImportEqualsDeclaration(statement)
  ) {
    if (statement.name && ts.isIdentifier(statement.name)) names.push(statement.name.text);
  } else if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) addBinding(declaration.name);
  } else if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (clause?.name) names.push(clause.name.text);
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) names.push(element.name.text);
    }
  }
  return names;
}

/** The text of every identifier under `node`, and the names whose values it changes. */
function namesIn(node: ts.Node): { uses: Set<string>; changes: Set<string> } {
  const uses = new Set<string>();
  const changes = new Set<string>();
  const visit = (child: ts.Node): void => {
    if (ts.isIdentifier(child)) uses.add(child.text);
    else if (ts.isPrivateIdentifier(child)) uses.add(child.text);
    const changed = changedRoot(child);
    if (changed !== undefined) changes.add(changed);
    ts.forEachChild(child, visit);
  };
  visit(node);
  return { uses, changes };
}
