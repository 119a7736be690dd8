/**
 * Finds the loops of a source file. Pure ts-morph: nothing here knows about LSP.
 */
import { Node, ts, type SourceFile } from "ts-morph";
import { wrapperOf } from "./walk";

export type LoopKind = "for" | "for-of" | "for-in" | "while" | "do-while" | "forEach" | "map";

export interface LoopSite {
  readonly kind: LoopKind;
  /** The loop statement, or the `.forEach`/`.map` call. */
  readonly node: Node;
  /** 0-based offsets of the whole loop statement or call. */
  readonly start: number;
  readonly end: number;
  /** 1-based line of the loop's first token, for messages. */
  readonly line: number;
  /** How many loops enclose this one. */
  readonly depth: number;
}

const CALLBACK_LOOPS = new Set(["forEach", "map"]);

function isRawLoop(node: ts.Node): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.ForStatement:
    case ts.SyntaxKind.ForOfStatement:
    case ts.SyntaxKind.ForInStatement:
    case ts.SyntaxKind.WhileStatement:
    case ts.SyntaxKind.DoStatement:
      return true;
    case ts.SyntaxKind.CallExpression: {
      const call = node as ts.CallExpression;
      const callback = call.arguments[0];
      return (
        ts.isPropertyAccessExpression(call.expression) &&
        CALLBACK_LOOPS.has(call.expression.name.text) &&
        callback !== undefined &&
        (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))
      );
    }
    default:
      return false;
  }
}

/**
 * Every loop, outer loops before the loops inside them. Walks the compiler's tree and wraps only
 * the loops: wrapping every node of a 20,000-line file costs seconds. With `within` (a top-level
 * statement), only the loops inside it: no loop spans two top-level statements.
 */
export function findLoops(file: SourceFile, within?: ts.Node): LoopSite[] {
  const wrap = wrapperOf(file);
  const loops: LoopSite[] = [];
  const visit = (node: ts.Node, depth: number): void => {
    let inner = depth;
    if (isRawLoop(node)) {
      const wrapped = wrap(node);
      const kind = loopKindOf(wrapped);
      if (kind) {
        const start = node.getStart(file.compilerNode);
        loops.push({
          kind,
          node: wrapped,
          start,
          end: node.getEnd(),
          line: file.compilerNode.getLineAndCharacterOfPosition(start).line + 1,
          depth,
        });
        inner = depth + 1;
      }
    }
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(within ?? file.compilerNode, 0);
  return loops;
}

export function loopKindOf(node: Node): LoopKind | undefined {
  if (Node.isForStatement(node)) return "for";
  if (Node.isForOfStatement(node)) return "for-of";
  if (Node.isForInStatement(node)) return "for-in";
  if (Node.isWhileStatement(node)) return "while";
  if (Node.isDoStatement(node)) return "do-while";
  if (Node.isCallExpression(node)) {
    const callee = node.getExpression();
    if (Node.isPropertyAccessExpression(callee) && CALLBACK_LOOPS.has(callee.getName())) {
      const [callback] = node.getArguments();
      if (callback && (Node.isArrowFunction(callback) || Node.isFunctionExpression(callback))) {
        return callee.getName() as LoopKind;
      }
    }
  }
  return undefined;
}
