/**
 * Line and column lookups through the compiler's cached line map. ts-morph's own helpers scan
 * the text from the start on every call, which is quadratic over a file with many loops.
 */
import type { Node, SourceFile } from "ts-morph";

/** 1-based line and column of an offset. */
export function lineAndColumnAt(file: SourceFile, pos: number): { line: number; column: number } {
  const { line, character } = file.compilerNode.getLineAndCharacterOfPosition(pos);
  return { line: line + 1, column: character + 1 };
}

/** 1-based line of a node's first token. */
export function lineOf(node: Node): number {
  return lineAndColumnAt(node.getSourceFile(), node.getStart()).line;
}
