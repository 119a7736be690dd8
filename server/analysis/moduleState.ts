/**
 * Module variables a file changes after it declares them: a top-level `let`/`var` assigned
 * again, or a top-level value written through (`cache.x = …`, `delete cache.x`) or changed by a
 * method known to change it (`list.push(…)`, `map.set(…)`). A task reads such a variable in its
 * worker, which has its own copy of the module with the variable's first value, so a function
 * that reads one cannot ship. Names are matched by text, so a local with the same name counts
 * too: a needless refusal only costs speed.
 */
import { ts } from "ts-morph";
import { MUTATING_METHODS } from "./knownApis";
import { isRawWrite } from "./walk";

const cache = new WeakMap<ts.SourceFile, ReadonlySet<string>>();

/** The top-level variables `file` changes after declaring them. */
export function changedModuleVariables(file: ts.SourceFile): ReadonlySet<string> {
  const cached = cache.get(file);
  if (cached) return cached;
  const declared = new Set<string>();
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      collectBindingNames(declaration.name, declared);
    }
  }
  const changed = new Set<string>();
  if (declared.size > 0) {
    const visit = (node: ts.Node): void => {
      const root = changedRoot(node);
      if (root !== undefined && declared.has(root)) changed.add(root);
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  cache.set(file, changed);
  return changed;
}

/** The name at the root of what `node` changes, if it changes something. */
export function changedRoot(node: ts.Node): string | undefined {
  if (isRawWrite(node)) {
    const target = ts.isBinaryExpression(node)
      ? node.left
      : ts.isDeleteExpression(node)
        ? node.expression
        : (node as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression).operand;
    return rootName(target);
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const method = node.expression.name.text;
    const receiver = node.expression.expression;
    // Object.assign(target, …) changes its first argument; the others their receiver.
    if (method === "assign" && ts.isIdentifier(receiver) && receiver.text === "Object") {
      const first = node.arguments[0];
      return first === undefined ? undefined : rootName(first);
    }
    if (MUTATING_METHODS.has(method)) return rootName(receiver);
  }
  return undefined;
}

function rootName(expression: ts.Node): string | undefined {
  let node = expression;
  for (;;) {
    if (ts.isIdentifier(node)) return node.text;
    if (
      ts.isPropertyAccessExpression(node) ||
      ts.isElementAccessExpression(node) ||
      ts.isParenthesizedExpression(node) ||
      ts.isNonNullExpression(node) ||
      ts.isAsExpression(node)
    ) {
      node = node.expression;
      continue;
    }
    // A destructuring assignment changes every name in its pattern; the first is enough here
    // only when it is the one read, so give up on patterns and let the caller see nothing.
    return undefined;
  }
}

function collectBindingNames(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) {
    into.add(name.text);
    return;
  }
  for (const element of name.elements) {
    if (!ts.isOmittedExpression(element)) collectBindingNames(element.name, into);
  }
}
