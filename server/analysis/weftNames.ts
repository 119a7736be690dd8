/**
 * Which local names of a file are Weft's: `import { delayed as d, compute } from "weft"`.
 */
import { Node, type Identifier, type SourceFile } from "ts-morph";
import type { PurityAnalysis } from "./purity";

export const WEFT_MODULE = "weft";

/** The Weft export a callee refers to (`delayed`, `compute`, …), or undefined. */
export function weftExportOf(callee: Node, purity: PurityAnalysis): string | undefined {
  if (Node.isIdentifier(callee)) {
    const binding = purity.resolver.resolve(callee);
    if (binding.kind === "import" && binding.module === WEFT_MODULE && binding.imported !== "*") {
      return binding.imported;
    }
    return undefined;
  }
  if (Node.isPropertyAccessExpression(callee)) {
    const receiver = callee.getExpression();
    if (Node.isIdentifier(receiver)) {
      const binding = purity.resolver.resolve(receiver);
      if (binding.kind === "import" && binding.module === WEFT_MODULE && binding.imported === "*") {
        return callee.getName();
      }
    }
  }
  return undefined;
}

export function importsWeft(file: SourceFile): boolean {
  return file.getImportDeclarations().some((d) => d.getModuleSpecifierValue() === WEFT_MODULE);
}

/** The call's callee as an identifier-or-access node, when the call is `x(...)`. */
export function calleeOf(node: Node): Node | undefined {
  return Node.isCallExpression(node) ? node.getExpression() : undefined;
}

/** `delayed(f)` itself (not a call of its result). */
export function isDelayedWrap(node: Node, purity: PurityAnalysis): boolean {
  const callee = calleeOf(node);
  return callee !== undefined && weftExportOf(callee, purity) === "delayed";
}

/** Whether `node` makes a Delayed value: `delayed(f)(x)`, or `inc(x)` where `inc = delayed(f)`. */
export function makesDelayed(node: Node, purity: PurityAnalysis): boolean {
  const callee = calleeOf(node);
  if (!callee) return false;
  if (isDelayedWrap(callee, purity)) return true;
  if (Node.isIdentifier(callee)) {
    const binding = purity.resolver.resolve(callee);
    if (binding.kind === "variable" && binding.isConst) {
      const declaration = binding.decl.getParent();
      const init = Node.isVariableDeclaration(declaration)
        ? declaration.getInitializer()
        : undefined;
      return init !== undefined && isDelayedWrap(init, purity);
    }
  }
  return false;
}

/** Whether an identifier names a variable that holds a Delayed. */
export function isDelayedVariable(id: Identifier, purity: PurityAnalysis): boolean {
  const binding = purity.resolver.resolve(id);
  if (binding.kind !== "variable") return false;
  const declaration = binding.decl.getParent();
  if (!Node.isVariableDeclaration(declaration)) return false;
  const init = declaration.getInitializer();
  return init !== undefined && makesDelayed(init, purity);
}
