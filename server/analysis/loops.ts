/**
 * Finds the loops of a source file. Pure ts-morph: nothing here knows about LSP.
 */
import { Node, type SourceFile } from "ts-morph";

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

/** Every loop, outer loops before the loops inside them. */
export function findLoops(file: SourceFile): LoopSite[] {
  const loops: LoopSite[] = [];
  const depthOf = new Map<Node, number>();
  file.forEachDescendant((node) => {
    const kind = loopKindOf(node);
    if (kind === undefined) return;
    let depth = 0;
    for (let at = node.getParent(); at; at = at.getParent()) {
      const outer = depthOf.get(at);
      if (outer !== undefined) {
        depth = outer + 1;
        break;
      }
    }
    depthOf.set(node, depth);
    loops.push({
      kind,
      node,
      start: node.getStart(),
      end: node.getEnd(),
      line: node.getStartLineNumber(),
      depth,
    });
  });
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
