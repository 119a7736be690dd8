/**
 * Walks the compiler's tree and wraps only the nodes a visitor asks for. ts-morph wraps every node
 * its own traversals touch, and on a big file the wrappers (and forgetting them on the next
 * edit) cost more than the analysis itself.
 */
import { ts, type Node, type SourceFile } from "ts-morph";

type CompilerFactory = { getNodeFromCompilerNode(node: ts.Node, file: SourceFile): Node };

/** ts-morph's wrapper for a compiler node of `file`, made (and cached) on demand. */
export function wrapperOf(file: SourceFile): (node: ts.Node) => Node {
  const factory = (file as unknown as { _context?: { compilerFactory?: CompilerFactory } })._context
    ?.compilerFactory;
  if (factory && typeof factory.getNodeFromCompilerNode === "function") {
    return (node) => factory.getNodeFromCompilerNode(node, file);
  }
  // Without the factory, find the wrapper by position (slower, same result).
  return (node) => {
    const found = file.getDescendantAtStartWithWidth(
      node.getStart(file.compilerNode),
      node.getWidth(file.compilerNode),
    );
    if (!found) throw new Error(`no wrapper for a ${ts.SyntaxKind[node.kind]} node`);
    return found;
  };
}

/**
 * Calls `visit` with the wrapper of every node under `root` (and `root` itself when
 * `includeRoot`) for which `wanted` says yes, in source order.
 */
export function forEachWanted(
  root: Node,
  wanted: (node: ts.Node) => boolean,
  visit: (node: Node) => void,
  includeRoot = false,
): void {
  const wrap = wrapperOf(root.getSourceFile());
  const walk = (node: ts.Node): void => {
    if (wanted(node)) visit(wrap(node));
    ts.forEachChild(node, walk);
  };
  if (includeRoot) walk(root.compilerNode);
  else ts.forEachChild(root.compilerNode, walk);
}

const ASSIGNMENTS = new Set<ts.SyntaxKind>();
for (let kind = ts.SyntaxKind.FirstAssignment; kind <= ts.SyntaxKind.LastAssignment; kind++) {
  ASSIGNMENTS.add(kind);
}

/** Assignments, `++`/`--` and `delete`: the nodes that write. */
export function isRawWrite(node: ts.Node): boolean {
  if (ts.isBinaryExpression(node)) return ASSIGNMENTS.has(node.operatorToken.kind);
  if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
    return (
      node.operator === ts.SyntaxKind.PlusPlusToken ||
      node.operator === ts.SyntaxKind.MinusMinusToken
    );
  }
  return ts.isDeleteExpression(node);
}

export function isRawLoopStatement(node: ts.Node): boolean {
  return (
    ts.isForStatement(node) ||
    ts.isForOfStatement(node) ||
    ts.isForInStatement(node) ||
    ts.isWhileStatement(node) ||
    ts.isDoStatement(node)
  );
}
