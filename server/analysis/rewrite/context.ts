/**
 * What every rewrite needs around the loop it changes: fresh names, the `weft` import, making the
 * enclosing function async, indentation and the comments inside the loop.
 */
import { Node, SyntaxKind, type SourceFile } from "ts-morph";
import type { TextEdit } from "../edits";
import { isAsyncFunction, type PurityAnalysis } from "../purity";
import { isFunctionLike, topLevelBinding } from "../scope";
import { WEFT_MODULE } from "../weftNames";

export class RewriteFailure extends Error {}

/** A name not used anywhere in the file yet, from `base`. */
export function freshName(file: SourceFile, base: string, taken: Set<string> = new Set()): string {
  const text = file.getFullText();
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}${n}`;
    if (!taken.has(name) && !new RegExp(`\\b${name}\\b`).test(text)) {
      taken.add(name);
      return name;
    }
  }
}

/** The whitespace before the first token on the node's line. */
export function indentOf(node: Node): string {
  const text = node.getSourceFile().getFullText();
  const lineStart = text.lastIndexOf("\n", node.getStart() - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? "";
}

/** The comments written inside a node, each as its source text, in order. */
export function commentsInside(node: Node): string[] {
  const out: string[] = [];
  const seen = new Set<number>();
  node.forEachDescendant((child) => {
    for (const range of child.getLeadingCommentRanges()) {
      if (range.getPos() < node.getStart() || seen.has(range.getPos())) continue;
      seen.add(range.getPos());
      out.push(range.getText());
    }
  });
  return out;
}

export interface WeftImport {
  /** Local names for each Weft export asked for (`delayed` → `delayed`, or `weft.delayed`). */
  readonly names: Record<string, string>;
  readonly edit?: TextEdit;
}

/** Adds the Weft exports a rewrite uses to the file's `import … from "weft"`, merging with one. */
export function ensureWeftImport(
  file: SourceFile,
  needed: readonly string[],
  purity: PurityAnalysis,
): WeftImport {
  const names: Record<string, string> = {};
  const missing: string[] = [];
  const existing = file
    .getImportDeclarations()
    .filter((d) => d.getModuleSpecifierValue() === WEFT_MODULE && !d.isTypeOnly());
  const namespace = existing.map((d) => d.getNamespaceImport()).find((n) => n !== undefined);
  for (const name of needed) {
    const specifier = existing
      .flatMap((d) => d.getNamedImports())
      .find((s) => s.getName() === name && !s.isTypeOnly());
    if (specifier) names[name] = specifier.getAliasNode()?.getText() ?? name;
    else if (namespace) names[name] = `${namespace.getText()}.${name}`;
    else {
      // A user's own `delayed` keeps its name; ours gets an alias.
      const clash = topLevelBinding(purity.resolver, file, name);
      names[name] = clash
        ? freshName(file, `weft${name.charAt(0).toUpperCase()}${name.slice(1)}`)
        : name;
      missing.push(name);
    }
  }
  if (missing.length === 0) return { names };
  const specifiers = missing.map((name) =>
    names[name] === name ? name : `${name} as ${names[name]}`,
  );
  const withNamed = existing.find((d) => d.getNamedImports().length > 0);
  if (withNamed) {
    const last = withNamed.getNamedImports().at(-1);
    if (last)
      return {
        names,
        edit: { start: last.getEnd(), end: last.getEnd(), newText: `, ${specifiers.join(", ")}` },
      };
  }
  const ext = file.getExtension();
  const isCommonJs =
    ext === ".cjs" ||
    (ext === ".js" &&
      file.getImportDeclarations().length === 0 &&
      /\brequire\(/.test(file.getFullText()));
  const line = isCommonJs
    ? `const { ${specifiers.map((s) => s.replace(" as ", ": ")).join(", ")} } = require("${WEFT_MODULE}");\n`
    : `import { ${specifiers.join(", ")} } from "${WEFT_MODULE}";\n`;
  const imports = file.getImportDeclarations();
  const lastImport = imports.at(-1);
  if (lastImport)
    return {
      names,
      edit: {
        start: lastImport.getEnd(),
        end: lastImport.getEnd(),
        newText: `\n${line.trimEnd()}`,
      },
    };
  const first = file.getStatements()[0];
  const at = first ? first.getStart() : file.getEnd();
  return { names, edit: { start: at, end: at, newText: `${line}\n` } };
}

/** The local name of a Weft export that `ensureWeftImport` was asked for. */
export function local(names: Record<string, string>, name: string): string {
  return names[name] ?? name;
}

export interface AsyncChange {
  readonly edits: TextEdit[];
  /** The function made async, for the action's title; undefined when nothing changes. */
  readonly madeAsync?: string;
}

/** Makes the function around `node` async so the rewrite can await (top level: nothing to do). */
export function ensureAsync(node: Node): AsyncChange {
  let fn: Node | undefined;
  for (let at = node.getParent(); at; at = at.getParent()) {
    if (isFunctionLike(at)) {
      fn = at;
      break;
    }
  }
  if (!fn) return { edits: [] };
  if (isAsyncFunction(fn)) return { edits: [] };
  if (
    Node.isConstructorDeclaration(fn) ||
    Node.isGetAccessorDeclaration(fn) ||
    Node.isSetAccessorDeclaration(fn)
  ) {
    throw new RewriteFailure("the loop is in a constructor or accessor, which cannot be async");
  }
  const edits: TextEdit[] = [];
  let at: number;
  if (Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn)) {
    at = fn.getFirstChildByKindOrThrow(SyntaxKind.FunctionKeyword).getStart();
  } else if (Node.isMethodDeclaration(fn)) {
    at = fn.getNameNode().getStart();
  } else {
    at = fn.getStart();
    const modifiers = (fn as Node & { getModifiers?(): Node[] }).getModifiers?.() ?? [];
    const lastModifier = modifiers.at(-1);
    if (lastModifier) at = lastModifier.getEnd() + 1;
  }
  edits.push({ start: at, end: at, newText: "async " });
  const returnType = (
    fn as Node & { getReturnTypeNode?(): Node | undefined }
  ).getReturnTypeNode?.();
  if (returnType && !/^Promise</.test(returnType.getText())) {
    edits.push({
      start: returnType.getStart(),
      end: returnType.getEnd(),
      newText: `Promise<${returnType.getText()}>`,
    });
  }
  const name =
    (fn as Node & { getName?(): string | undefined }).getName?.() ??
    (Node.isVariableDeclaration(fn.getParent())
      ? fn.getParentOrThrow().getFirstChildByKind(SyntaxKind.Identifier)?.getText()
      : undefined) ??
    "the enclosing function";
  return { edits, madeAsync: name };
}

/** Whether an expression is certainly an array (so `.map` exists on it and means what it says). */
export function looksLikeArray(expression: Node, purity: PurityAnalysis): boolean {
  if (Node.isArrayLiteralExpression(expression)) return true;
  if (Node.isCallExpression(expression)) {
    const callee = expression.getExpression();
    const text = callee.getText();
    if (["Array.from", "Array.of", "Object.keys", "Object.values", "Object.entries"].includes(text))
      return true;
    return (
      Node.isPropertyAccessExpression(callee) &&
      ["map", "filter", "slice", "concat", "split", "flat", "flatMap"].includes(callee.getName())
    );
  }
  if (Node.isIdentifier(expression)) {
    const binding = purity.resolver.resolve(expression);
    if (binding.kind !== "variable" && binding.kind !== "parameter") return false;
    const declaration = binding.decl.getParent();
    if (
      !declaration ||
      !(Node.isVariableDeclaration(declaration) || Node.isParameterDeclaration(declaration))
    )
      return false;
    const type = declaration.getTypeNode()?.getText();
    if (type !== undefined) return /\[\]$|^(readonly\s+)?Array<|^ReadonlyArray</.test(type.trim());
    const init = declaration.getInitializer();
    return init !== undefined && looksLikeArray(init, purity);
  }
  return false;
}

/** The text of [start, end) of the file with the edits that fall inside it applied. */
export function textWithEdits(
  file: SourceFile,
  start: number,
  end: number,
  edits: readonly TextEdit[],
): string {
  const inside = edits
    .filter((e) => e.start >= start && e.end <= end)
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let text = file.getFullText().slice(start, end);
  for (const edit of inside) {
    text = text.slice(0, edit.start - start) + edit.newText + text.slice(edit.end - start);
  }
  return text;
}
