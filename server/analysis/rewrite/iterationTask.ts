/**
 * The map rewrite for bodies that cannot be split call by call: guards (`if (…) continue`), a
 * task's result used in an expression, several statements of work. The whole body moves into one
 * module-level function that runs as one task per iteration and returns what the iteration
 * collected, in order; the loop only makes the tasks, and after `compute` the collected values are
 * appended as the loop appended them. Every statement of the body still runs, in the same order,
 * in its iteration; `continue` becomes a return of what was collected so far.
 *
 * The function travels to a worker by reference and gets its inputs as arguments, so the body may
 * use only its own locals, the loop's variables, values of the function around it that are safe
 * to copy (numbers, strings, booleans and arrays of them), module-level functions, imports,
 * module-level constants of literal value and well-known built-ins. Anything else keeps the rewrite
 * from being offered.
 */
import { Node, SyntaxKind, ts, type Identifier, type SourceFile, type Type } from "ts-morph";
import type { LoopReport } from "../analyzeFile";
import type { TextEdit } from "../edits";
import { KNOWN_GLOBAL_FUNCTIONS, KNOWN_NAMESPACES, PURE_CONSTRUCTORS } from "../knownApis";
import { isInsideNode } from "../loopFacts";
import { isReference, type PurityAnalysis } from "../purity";
import { bindingIdentifiers, isFunctionLike, type Binding } from "../scope";
import { forEachWanted } from "../walk";
import { changedModuleVariables } from "../moduleState";
import { freshName, indentOf, RewriteFailure, textWithEdits } from "./context";

/** Globals a worker thread has exactly as the main thread does. */
const WORKER_GLOBALS: ReadonlySet<string> = new Set([
  ...KNOWN_GLOBAL_FUNCTIONS.keys(),
  ...KNOWN_NAMESPACES.keys(),
  ...PURE_CONSTRUCTORS,
  "undefined",
  "NaN",
  "Infinity",
]);

export interface IterationTaskNames {
  readonly delayed: string;
  readonly compute: string;
  /** The local name of the `Delayed` type, in TypeScript files (where everything is typed). */
  readonly Delayed?: string;
  readonly typescript: boolean;
}

interface Parameter {
  readonly name: string;
  readonly declaration: Identifier;
}

/** The body's free names, sorted into the function's parameters; throws when one cannot move. */
function parametersOf(report: LoopReport, purity: PurityAnalysis): Parameter[] {
  const { facts, collection } = report.verdict;
  const loop = facts.loop;
  const body = facts.body;
  const arrayBinding = collection ? purity.resolver.resolve(collection.array) : undefined;
  const iteration = new Map<string, Parameter>();
  const captured = new Map<string, Parameter>();
  const initializer =
    Node.isForOfStatement(loop) || Node.isForStatement(loop) ? loop.getInitializer() : undefined;
  if (initializer && Node.isVariableDeclarationList(initializer)) {
    for (const declaration of initializer.getDeclarations()) {
      for (const id of bindingIdentifiers(declaration.getNameNode())) {
        iteration.set(id.getText(), { name: id.getText(), declaration: id });
      }
    }
  }
  const check = (node: Node): void => {
    if (node.getKind() === SyntaxKind.ThisKeyword || node.getKind() === SyntaxKind.SuperKeyword) {
      throw new RewriteFailure("the body uses this or super");
    }
    if (Node.isMetaProperty(node)) throw new RewriteFailure("the body uses new.target");
    if (!Node.isIdentifier(node) || !isReference(node)) return;
    const binding = purity.resolver.resolve(node);
    const name = node.getText();
    if (binding.kind === "global") {
      if (!WORKER_GLOBALS.has(name)) throw new RewriteFailure(`the body uses the global ${name}`);
      return;
    }
    if (isInsideNode(binding.decl, body)) return;
    if (node === collection?.array) return;
    if (binding === arrayBinding) throw new RewriteFailure(`the body reads '${name}'`);
    const own = iteration.get(name);
    if (own && binding.decl === own.declaration) return;
    if (binding.kind === "import") return;
    if (binding.kind === "function" && binding.topLevel) return;
    if (binding.kind === "variable" && binding.topLevel) {
      if (isLiteralConstant(binding)) return;
      throw new RewriteFailure(`'${name}' is module state a worker would not share`);
    }
    if (binding.kind === "variable" || binding.kind === "parameter") {
      const declaration = binding.decl;
      if (!Node.isIdentifier(declaration)) throw new RewriteFailure(`'${name}' cannot be passed`);
      captured.set(name, { name, declaration });
      return;
    }
    throw new RewriteFailure(`'${name}' cannot travel to a worker`);
  };
  forEachWanted(
    body,
    (raw) =>
      ts.isIdentifier(raw) ||
      raw.kind === ts.SyntaxKind.ThisKeyword ||
      raw.kind === ts.SyntaxKind.SuperKeyword ||
      ts.isMetaProperty(raw),
    check,
    true,
  );
  return [...iteration.values(), ...captured.values()].filter(
    (parameter, index, all) => all.findIndex((p) => p.name === parameter.name) === index,
  );
}

/**
 * A module-level `const` whose value is written out in literals (numbers, strings, booleans,
 * and arrays and plain objects of them) and that the file never changes: the worker evaluates
 * the same module, so its copy is the same value.
 */
function isLiteralConstant(binding: Binding): boolean {
  if (binding.kind !== "variable" || !binding.isConst) return false;
  const declaration = binding.decl.getParent();
  if (!Node.isVariableDeclaration(declaration) || declaration.getNameNode() !== binding.decl)
    return false;
  const init = declaration.getInitializer();
  if (!init || !isLiteralValue(init)) return false;
  return !changedModuleVariables(binding.decl.getSourceFile().compilerNode).has(binding.name);
}

function isLiteralValue(node: Node): boolean {
  const value = Node.isPrefixUnaryExpression(node) ? node.getOperand() : node;
  if (Node.isAsExpression(value)) return isLiteralValue(value.getExpression());
  if (Node.isArrayLiteralExpression(value)) return value.getElements().every(isLiteralValue);
  if (Node.isObjectLiteralExpression(value)) {
    return value
      .getProperties()
      .every((p) => Node.isPropertyAssignment(p) && isLiteralValue(p.getInitializerOrThrow()));
  }
  return (
    Node.isNumericLiteral(value) ||
    Node.isStringLiteral(value) ||
    Node.isNoSubstitutionTemplateLiteral(value) ||
    Node.isBigIntLiteral(value) ||
    Node.isTrueLiteral(value) ||
    Node.isFalseLiteral(value)
  );
}

/** Numbers, strings, booleans (and their literals, unions and arrays): copied exactly. */
function isPlainValue(type: Type): boolean {
  if (type.isAny() || type.isUnknown()) return false;
  if (type.isUnion()) return type.getUnionTypes().every(isPlainValue);
  if (type.isArray() || type.isReadonlyArray?.()) {
    const element = type.getArrayElementType() ?? type.getTypeArguments()[0];
    return element !== undefined && isPlainValue(element);
  }
  return (
    type.isNumber() ||
    type.isString() ||
    type.isBoolean() ||
    type.isBigInt?.() ||
    type.isNumberLiteral() ||
    type.isStringLiteral() ||
    type.isBooleanLiteral() ||
    type.isBigIntLiteral?.()
  );
}

/**
 * Whether a value of this type loses what it is in a structured clone: a function, or an instance
 * of a class (its methods stay behind). Unknown types (untyped JavaScript) pass, as they do for
 * the simpler rewrite that hands items to tasks directly.
 */
function needsItsPrototype(type: Type): boolean {
  if (type.isAny() || type.isUnknown()) return false;
  if (type.isUnion()) return type.getUnionTypes().some(needsItsPrototype);
  if (type.isArray()) {
    const element = type.getArrayElementType();
    return element !== undefined && needsItsPrototype(element);
  }
  if (type.getCallSignatures().length > 0) return true;
  const declarations = type.getSymbol()?.getDeclarations() ?? [];
  return declarations.some((d) => Node.isClassDeclaration(d) || Node.isClassExpression(d));
}

/** Types the body names must be visible from module scope, where the body is going. */
function checkTypesTravel(body: Node, loop: Node): void {
  const enclosing = loop.getParentWhile((n) => !isFunctionLike(n))?.getParent();
  if (!enclosing || !isFunctionLike(enclosing)) return;
  forEachWanted(
    body,
    (raw) => ts.isTypeReferenceNode(raw),
    (node) => {
      if (!Node.isTypeReference(node)) return;
      const declarations = node.getTypeName().getSymbol()?.getDeclarations() ?? [];
      if (declarations.some((d) => isInsideNode(d, enclosing) && !isInsideNode(d, body))) {
        throw new RewriteFailure(`the type ${node.getText()} is declared in the function`);
      }
    },
  );
}

/** A type as written in source, when it can be written without imports. */
function writtenType(type: Type, at: Node): string | undefined {
  if (type.isAny() || type.isUnknown()) return undefined;
  const text = type.getText(at, ts.TypeFormatFlags.UseFullyQualifiedType);
  return /^[\w.<>[\], |"'-]+$/.test(text) && !text.includes("import(") ? text : undefined;
}

function arrayOf(type: string): string {
  return /[\s|&]/.test(type) ? `(${type})[]` : `${type}[]`;
}

/** Moves text that was indented for its old place to `indent`. */
function reindent(text: string, indent: string): string {
  const lines = text.split("\n");
  const widths = lines
    .filter((line) => line.trim().length > 0)
    .map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0);
  const common = widths.length > 0 ? Math.min(...widths) : 0;
  return lines
    .map((line) => (line.trim().length > 0 ? indent + line.slice(common) : ""))
    .join("\n")
    .replace(/^\n+|\n+$/g, "");
}

/** The name of the function the loop is in, for the comment above the new function. */
function enclosingName(loop: Node): string {
  for (let at = loop.getParent(); at; at = at.getParent()) {
    if (!isFunctionLike(at)) continue;
    const named = (at as Node & { getName?(): string | undefined }).getName?.();
    if (named) return named;
    const holder = at.getParent();
    if (Node.isVariableDeclaration(holder)) return holder.getName();
    return "a function";
  }
  return "the module";
}

/** The top-level statement holding `node`, and where text can go in front of it. */
function insertionPoint(node: Node): number {
  let top = node;
  while (top.getParent() && !Node.isSourceFile(top.getParent())) top = top.getParentOrThrow();
  const [comment] = top.getLeadingCommentRanges();
  return comment ? comment.getPos() : top.getStart();
}

/**
 * The edits of the rewrite, apart from the `weft` import and making the enclosing function async.
 * `elementType` is the collected array's element type as written (required in TypeScript).
 */
export function iterationTaskEdits(
  report: LoopReport,
  file: SourceFile,
  purity: PurityAnalysis,
  names: IterationTaskNames,
  elementType: string | undefined,
): TextEdit[] {
  const { verdict } = report;
  const { facts, collection } = verdict;
  const loop = facts.loop;
  const isTs = names.typescript;
  if (verdict.kind !== "map" || !collection || collection.style !== "push") {
    throw new RewriteFailure("the loop does not push its results");
  }
  const forOf = Node.isForOfStatement(loop) && !loop.isAwaited();
  if (!forOf && !(Node.isForStatement(loop) && facts.counter)) {
    throw new RewriteFailure("only for…of and counting for loops move into a task");
  }
  if (Node.isLabeledStatement(loop.getParent())) throw new RewriteFailure("the loop is labelled");
  if (facts.awaits.length > 0 || facts.yields.length > 0 || facts.exits.length > 0) {
    throw new RewriteFailure("the body waits, yields or exits");
  }
  // Every call of the body runs in the worker now, cheap ones included.
  const stuck = facts.calls.find((call) => call.fn !== undefined && !call.shippable);
  if (stuck) throw new RewriteFailure(`${stuck.label} cannot ship to a worker`);
  if (isTs && elementType === undefined) {
    throw new RewriteFailure("the collected values' type is not written");
  }
  for (let at = collection.node.getParent(); at && at !== facts.body; at = at.getParent()) {
    if (isFunctionLike(at)) throw new RewriteFailure("the result is collected in a callback");
  }
  const parameters = parametersOf(report, purity);
  checkTypesTravel(facts.body, loop);
  const typed = parameters.map((parameter) => {
    const type = parameter.declaration.getType();
    const iterationName = isInsideNode(parameter.declaration, loop);
    const travels = iterationName ? !needsItsPrototype(type) : isPlainValue(type);
    if (!travels) {
      throw new RewriteFailure(`'${parameter.name}' may not survive the copy to a worker`);
    }
    if (!isTs) return parameter.name;
    // `const bonus = 7` has the type 7; the function takes any number.
    const written = writtenType(type.getBaseTypeOfLiteralType(), loop);
    if (written === undefined) throw new RewriteFailure(`the type of '${parameter.name}'`);
    return `${parameter.name}: ${written}`;
  });

  const array = collection.array.getText();
  const taken = new Set<string>();
  const fn = freshName(file, `${array}Iteration`, taken);
  const collected = freshName(file, "collected", taken);
  const tasks = freshName(file, `${array}Tasks`, taken);
  const items = freshName(file, "items", taken);
  const body = facts.body;
  const bodyEdits: TextEdit[] = [
    { start: collection.array.getStart(), end: collection.array.getEnd(), newText: collected },
    ...facts.continues.map((node) => ({
      start: node.getStart(),
      end: node.getEnd(),
      newText: `return ${collected};`,
    })),
  ];
  const inner = Node.isBlock(body)
    ? textWithEdits(file, body.getStart() + 1, body.getEnd() - 1, bodyEdits)
    : textWithEdits(file, body.getStart(), body.getEnd(), bodyEdits);
  const collectedType = elementType === undefined ? undefined : arrayOf(elementType);
  const functionText = [
    `// One iteration of the loop in ${enclosingName(loop)}, as one task: what it adds to '${array}'.`,
    `function ${fn}(${typed.join(", ")})${collectedType ? `: ${collectedType}` : ""} {`,
    `  const ${collected}${collectedType ? `: ${collectedType}` : ""} = [];`,
    reindent(inner, "  "),
    `  return ${collected};`,
    "}",
    "",
    "",
  ].join("\n");

  const indent = indentOf(loop);
  const args = parameters.map((p) => p.name).join(", ");
  const driverBody = `{\n${indent}  ${tasks}.push(${names.delayed}(${fn})(${args}));\n${indent}}`;
  const declaration =
    collectedType && names.Delayed
      ? `const ${tasks}: ${names.Delayed}<${collectedType}>[] = [];`
      : `const ${tasks} = [];`;
  const loopText = textWithEdits(file, loop.getStart(), loop.getEnd(), [
    { start: body.getStart(), end: body.getEnd(), newText: driverBody },
  ]);
  const driver = [
    declaration,
    loopText,
    `for (const ${items} of await ${names.compute}(...${tasks})) ${array}.push(...${items});`,
  ].join(`\n${indent}`);
  const at = insertionPoint(loop);
  // A loop at the top level: the function goes right before it, in the same edit.
  if (at === loop.getStart()) {
    return [{ start: at, end: loop.getEnd(), newText: functionText + driver }];
  }
  return [
    { start: at, end: at, newText: functionText },
    { start: loop.getStart(), end: loop.getEnd(), newText: driver },
  ];
}
