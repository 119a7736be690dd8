/**
 * The top-level structure of a JavaScript module (after TypeScript is stripped): which
 * statements are imports, which declare what, and which names hold functions that can ship.
 */
import { parse } from "acorn";
import { boundNames, freeVariablesOf } from "../shipping/free-variables";

interface AstNode {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly [field: string]: unknown;
}

export interface TopLevelStatement {
  readonly start: number;
  readonly end: number;
  readonly kind: "import" | "declaration" | "other";
  /** Names the statement declares (declarations only). */
  readonly declares: readonly string[];
  /** Names it declares whose value is a function (shippable by name). */
  readonly functions: readonly string[];
  /** Names it uses that it does not declare itself. */
  readonly uses: readonly string[];
  /** For a TypeScript enum's body (`(function (E) {...})(E || (E = {}))`), the enum's name. */
  readonly initializes?: string;
}

const FUNCTION_VALUES = new Set(["FunctionExpression", "ArrowFunctionExpression"]);

function declarationOf(statement: AstNode): AstNode | undefined {
  if (
    statement.type === "ExportNamedDeclaration" ||
    statement.type === "ExportDefaultDeclaration"
  ) {
    const inner = statement["declaration"] as AstNode | null;
    if (inner === null) return undefined;
    if (
      inner.type === "FunctionDeclaration" ||
      inner.type === "ClassDeclaration" ||
      inner.type === "VariableDeclaration"
    ) {
      return (
        (inner["id"] === null ? undefined : inner) ??
        (inner.type === "VariableDeclaration" ? inner : undefined)
      );
    }
    return undefined;
  }
  if (
    statement.type === "FunctionDeclaration" ||
    statement.type === "ClassDeclaration" ||
    statement.type === "VariableDeclaration"
  ) {
    return statement;
  }
  return undefined;
}

/** The name `E` when the statement is a compiled enum or namespace body: `(function (E) {…})(E || (E = {}))`. */
function enumBodyName(statement: AstNode): string | undefined {
  if (statement.type !== "ExpressionStatement") return undefined;
  const call = statement["expression"] as AstNode;
  if (call.type !== "CallExpression" || (call["callee"] as AstNode).type !== "FunctionExpression") {
    return undefined;
  }
  const [argument] = call["arguments"] as AstNode[];
  if (argument?.type !== "LogicalExpression") return undefined;
  const left = argument["left"] as AstNode;
  return left.type === "Identifier" ? (left["name"] as string) : undefined;
}

function describe(statement: AstNode): TopLevelStatement {
  const { start, end } = statement;
  const initializes = enumBodyName(statement);
  if (initializes !== undefined) {
    const uses = freeVariablesOf(statement);
    return { start, end, kind: "other", declares: [], functions: [], uses, initializes };
  }
  if (statement.type === "ImportDeclaration" || statement.type === "ExportAllDeclaration") {
    return { start, end, kind: "import", declares: [], functions: [], uses: [] };
  }
  const declaration = declarationOf(statement);
  if (declaration === undefined) {
    return { start, end, kind: "other", declares: [], functions: [], uses: [] };
  }
  const declares: string[] = [];
  const functions: string[] = [];
  if (declaration.type === "VariableDeclaration") {
    for (const declarator of declaration["declarations"] as AstNode[]) {
      const names = boundNames(declarator["id"]);
      declares.push(...names);
      const init = declarator["init"] as AstNode | null;
      if (init !== null && FUNCTION_VALUES.has(init.type)) functions.push(...names);
    }
  } else {
    const names = boundNames(declaration["id"]);
    declares.push(...names);
    if (declaration.type === "FunctionDeclaration") functions.push(...names);
  }
  const uses = freeVariablesOf(declaration).filter((name) => !declares.includes(name));
  return { start, end, kind: "declaration", declares, functions, uses };
}

export function topLevelStatements(source: string): TopLevelStatement[] {
  const program = parse(source, {
    ecmaVersion: "latest",
    sourceType: "module",
    allowHashBang: true,
    allowAwaitOutsideFunction: true,
  }) as unknown as { body: AstNode[] };
  return program.body.map(describe);
}
