/**
 * Finds the free variables of a function's source: the names it uses that neither it nor its
 * parameters declare. Those must be globals for the function to run on a worker by source.
 *
 * Block scoping is approximated by function scoping (a `let` in one block counts for the whole
 * function); that can only hide a capture, which the worker then reports at run time.
 */
import { parse } from "acorn";
import { compilableExpressionForWorker } from "./compile-source";

interface AstNode {
  readonly type: string;
  readonly [field: string]: unknown;
}

export interface ParsedFunction {
  readonly form: "expression" | "method";
  readonly freeVariables: readonly string[];
}

function isNode(value: unknown): value is AstNode {
  return typeof value === "object" && value !== null && typeof (value as AstNode).type === "string";
}

const FUNCTION_TYPES = new Set([
  "FunctionExpression",
  "FunctionDeclaration",
  "ArrowFunctionExpression",
]);

/** Names a pattern binds (`a`, `{ b, c: [d] }`, `...e`, `f = 1`). */
function patternNames(pattern: unknown, out: Set<string>): void {
  if (!isNode(pattern)) return;
  switch (pattern.type) {
    case "Identifier":
      out.add(pattern["name"] as string);
      return;
    case "ObjectPattern":
      for (const property of pattern["properties"] as AstNode[]) {
        patternNames(
          property.type === "RestElement" ? property["argument"] : property["value"],
          out,
        );
      }
      return;
    case "ArrayPattern":
      for (const element of pattern["elements"] as unknown[]) patternNames(element, out);
      return;
    case "RestElement":
      patternNames(pattern["argument"], out);
      return;
    case "AssignmentPattern":
      patternNames(pattern["left"], out);
      return;
  }
}

/** Declarations inside a function body, not descending into nested functions. */
function declaredNames(node: unknown, out: Set<string>): void {
  if (!isNode(node)) {
    if (Array.isArray(node)) for (const child of node) declaredNames(child, out);
    return;
  }
  switch (node.type) {
    case "VariableDeclaration":
      for (const declarator of node["declarations"] as AstNode[]) {
        patternNames(declarator["id"], out);
        declaredNames(declarator["init"], out);
      }
      return;
    case "FunctionDeclaration":
      patternNames(node["id"], out);
      return;
    case "ClassDeclaration":
      patternNames(node["id"], out);
      return;
    case "CatchClause":
      patternNames(node["param"], out);
      declaredNames(node["body"], out);
      return;
  }
  if (FUNCTION_TYPES.has(node.type) || node.type === "ClassExpression") return;
  for (const [field, child] of Object.entries(node)) {
    if (field !== "type" && typeof child === "object") declaredNames(child, out);
  }
}

class FreeVariableFinder {
  readonly free = new Set<string>();

  visit(node: unknown, scopes: readonly Set<string>[]): void {
    if (Array.isArray(node)) {
      for (const child of node) this.visit(child, scopes);
      return;
    }
    if (!isNode(node)) return;
    switch (node.type) {
      case "Identifier": {
        const name = node["name"] as string;
        if (!scopes.some((scope) => scope.has(name))) this.free.add(name);
        return;
      }
      case "FunctionExpression":
      case "FunctionDeclaration":
      case "ArrowFunctionExpression": {
        const scope = new Set<string>(["arguments"]);
        if (node.type === "FunctionExpression") patternNames(node["id"], scope);
        for (const param of node["params"] as unknown[]) patternNames(param, scope);
        declaredNames(node["body"], scope);
        const inner = [...scopes, scope];
        this.visit(node["params"], inner);
        this.visit(node["body"], inner);
        return;
      }
      case "ClassDeclaration":
      case "ClassExpression": {
        const scope = new Set<string>();
        patternNames(node["id"], scope);
        this.visit(node["superClass"], scopes);
        this.visit(node["body"], [...scopes, scope]);
        return;
      }
      case "MemberExpression":
        this.visit(node["object"], scopes);
        if (node["computed"] === true) this.visit(node["property"], scopes);
        return;
      case "Property":
      case "MethodDefinition":
      case "PropertyDefinition":
        if (node["computed"] === true) this.visit(node["key"], scopes);
        this.visit(node["value"], scopes);
        return;
      case "LabeledStatement":
        this.visit(node["body"], scopes);
        return;
      case "BreakStatement":
      case "ContinueStatement":
      case "MetaProperty":
        return;
      case "BlockStatement":
      case "Program": {
        const scope = new Set<string>();
        declaredNames(node["body"], scope);
        this.visit(node["body"], [...scopes, scope]);
        return;
      }
      case "CatchClause": {
        const scope = new Set<string>();
        patternNames(node["param"], scope);
        this.visit(node["param"], [...scopes, scope]);
        this.visit(node["body"], [...scopes, scope]);
        return;
      }
    }
    for (const [field, child] of Object.entries(node)) {
      if (field !== "type" && typeof child === "object") this.visit(child, scopes);
    }
  }
}

const PARSE_OPTIONS = { ecmaVersion: "latest", sourceType: "script" } as const;

/** Parses a function's source; undefined when it is not JavaScript (a native function). */
export function parseFunction(source: string): ParsedFunction | undefined {
  for (const form of ["expression", "method"] as const) {
    let program: AstNode;
    try {
      program = parse(
        compilableExpressionForWorker(source, form),
        PARSE_OPTIONS,
      ) as unknown as AstNode;
    } catch {
      continue;
    }
    const finder = new FreeVariableFinder();
    finder.visit(program, []);
    return { form, freeVariables: [...finder.free] };
  }
  return undefined;
}

/** The free variables of any AST node (a top-level statement of a module, for task views). */
export function freeVariablesOf(node: unknown): string[] {
  const finder = new FreeVariableFinder();
  finder.visit(node, []);
  return [...finder.free];
}

/** Names a declaration or pattern binds. */
export function boundNames(pattern: unknown): string[] {
  const names = new Set<string>();
  patternNames(pattern, names);
  return [...names];
}
