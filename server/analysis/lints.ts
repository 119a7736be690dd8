/**
 * Lints for Weft code that already exists, after Dask's best practices for delayed and futures.
 */
import { lineOf } from "./lines";
import { Node, ts, type Identifier, type SourceFile } from "ts-morph";
import type { TextEdit } from "./edits";
import { referencesTo } from "./loopFacts";
import { loopKindOf } from "./loops";
import { isReference, rootOf, writtenTarget, type PurityAnalysis } from "./purity";
import { isFunctionLike } from "./scope";
import type { Located } from "./verdict";
import { forEachWanted, isRawWrite } from "./walk";
import { importsWeft, isDelayedVariable, makesDelayed, weftExportOf } from "./weftNames";

export type LintCode =
  | "delayed-eager-call"
  | "compute-in-loop"
  | "delayed-in-condition"
  | "mutated-task-argument"
  | "unawaited-result"
  | "unawaited-rejoin"
  | "closure-cannot-ship";

export interface LintFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

export interface Lint {
  readonly code: LintCode;
  readonly message: string;
  readonly node: Node;
  readonly related: readonly Located[];
  readonly fix?: LintFix;
}

const RESULT_METHODS = new Set(["compute", "persist", "gather", "result"]);

/** Whether `await` may go before `node`: at module top level or in an async function. */
function canAwaitAt(node: Node): boolean {
  const fn = enclosingFunction(node);
  return fn === undefined || (fn as Node & { isAsync?(): boolean }).isAsync?.() === true;
}

/** `compute(...)`, `x.compute()`, `client.gather(...)`: a call whose promise holds results. */
function resultCallName(node: Node, purity: PurityAnalysis): string | undefined {
  if (!Node.isCallExpression(node)) return undefined;
  const callee = node.getExpression();
  const exported = weftExportOf(callee, purity);
  if (exported === "compute" || exported === "persist" || exported === "gather") return exported;
  if (Node.isPropertyAccessExpression(callee) && RESULT_METHODS.has(callee.getName())) {
    return callee.getName();
  }
  return undefined;
}

/** `client.submit(fn, …)`, `client.map(fn, …)` or `delayed(fn)`: the function shipped. */
function shippedFunction(node: Node, purity: PurityAnalysis): Node | undefined {
  if (!Node.isCallExpression(node)) return undefined;
  const callee = node.getExpression();
  const [first] = node.getArguments();
  if (!first) return undefined;
  if (weftExportOf(callee, purity) === "delayed") return first;
  if (
    Node.isPropertyAccessExpression(callee) &&
    (callee.getName() === "submit" || callee.getName() === "map") &&
    !(Node.isArrowFunction(first) && callee.getName() === "map" && node.getArguments().length === 1)
  ) {
    return node.getArguments().length >= 2 ? first : undefined;
  }
  return undefined;
}

function enclosingFunction(node: Node): Node | undefined {
  for (let at = node.getParent(); at; at = at.getParent()) if (isFunctionLike(at)) return at;
  return undefined;
}

/** The loop whose every iteration runs `node`; a for…of's iterable runs once, so it is not. */
function insideLoopBody(node: Node): Node | undefined {
  let child: Node = node;
  for (let at = node.getParent(); at; child = at, at = at.getParent()) {
    if (isFunctionLike(at)) {
      const parent = at.getParent();
      // A callback loop's body is a function: keep looking through it.
      if (parent && loopKindOf(parent) !== undefined && Node.isCallExpression(parent))
        return parent;
      return undefined;
    }
    if (loopKindOf(at) === undefined) continue;
    const runsOnce =
      ((Node.isForOfStatement(at) || Node.isForInStatement(at)) && child === at.getExpression()) ||
      (Node.isForStatement(at) && child === at.getInitializer());
    if (!runsOnce) return at;
  }
  return undefined;
}

/** Calls, and identifiers where a Delayed would be misused: the rest is never wrapped. */
function wantedForLints(node: ts.Node): boolean {
  if (ts.isCallExpression(node)) return true;
  if (!ts.isIdentifier(node)) return false;
  const parent = node.parent;
  return (
    ts.isIfStatement(parent) ||
    ts.isWhileStatement(parent) ||
    ts.isConditionalExpression(parent) ||
    ts.isPrefixUnaryExpression(parent) ||
    ts.isForOfStatement(parent) ||
    ts.isBinaryExpression(parent)
  );
}

/** Whether a variable holding a promise is awaited, chained, returned or handed on anywhere. */
function promiseIsUsed(name: Identifier, purity: PurityAnalysis): boolean {
  const binding = purity.resolver.resolve(name);
  const scope = enclosingFunction(name) ?? name.getSourceFile();
  return referencesTo(scope, name.getText(), purity, binding).some((ref) => {
    const parent = ref.getParent();
    if (!parent) return false;
    // `await p`, `p.then(…)`, `return p`, `f(p)`, `[p]`, `{ p }`, `x = p`: someone takes it.
    return !(
      Node.isExpressionStatement(parent) ||
      (Node.isVariableDeclaration(parent) && parent.getNameNode() === ref)
    );
  });
}

export function findLints(file: SourceFile, purity: PurityAnalysis): Lint[] {
  if (!importsWeft(file)) return [];
  const lints: Lint[] = [];
  /** Task arguments, by variable, with where they were passed. */
  const passed: { root: Node; at: Node }[] = [];

  forEachWanted(file, wantedForLints, (node) => {
    // delayed(f(x)): f runs now, eagerly, and only its result is wrapped.
    if (Node.isCallExpression(node) && weftExportOf(node.getExpression(), purity) === "delayed") {
      const [inner] = node.getArguments();
      if (inner && Node.isCallExpression(inner) && !makesDelayed(inner, purity)) {
        const fnText = inner.getExpression().getText();
        const argsText = inner
          .getArguments()
          .map((a) => a.getText())
          .join(", ");
        const parent = node.getParent();
        const isCalled = Node.isCallExpression(parent) && parent.getExpression() === node;
        lints.push({
          code: "delayed-eager-call",
          message: `delayed(${fnText}(…)) calls ${fnText} now, in this thread, and wraps only its result: write delayed(${fnText})(${argsText}) so the call becomes a task.`,
          node,
          related: [{ node: inner, message: `${fnText} runs eagerly here` }],
          ...(isCalled || node.getArguments().length !== 1
            ? {}
            : {
                fix: {
                  title: `Make ${fnText} a task: delayed(${fnText})(…)`,
                  edits: [
                    {
                      start: node.getStart(),
                      end: node.getEnd(),
                      newText: `${node.getExpression().getText()}(${fnText})(${argsText})`,
                    },
                  ],
                },
              }),
        });
      }
    }

    // rejoin() waits for a free slot; without await the task goes on at once regardless.
    if (
      Node.isCallExpression(node) &&
      weftExportOf(node.getExpression(), purity) === "rejoin" &&
      Node.isExpressionStatement(node.getParent())
    ) {
      lints.push({
        code: "unawaited-rejoin",
        message:
          "rejoin() returns a promise that resolves once the worker has a free slot: without " +
          "await, the task goes on at once, beside the work that took its place. Await it.",
        node,
        related: [],
        ...(canAwaitAt(node)
          ? {
              fix: {
                title: "Add await",
                edits: [{ start: node.getStart(), end: node.getStart(), newText: "await " }],
              },
            }
          : {}),
      });
    }

    const resultName = resultCallName(node, purity);
    if (resultName === "compute" || resultName === "persist") {
      const loop = insideLoopBody(node);
      if (loop) {
        lints.push({
          code: "compute-in-loop",
          message: `${resultName} inside a loop waits for each graph in turn, so the tasks never run together: collect the Delayed values in the loop and call compute once after it.`,
          node,
          related: [{ node: loop, message: "the loop" }],
        });
      }
    }
    if (resultName !== undefined) {
      const parent = node.getParent();
      if (parent && Node.isExpressionStatement(parent)) {
        const canAwait = canAwaitAt(node);
        lints.push({
          code: "unawaited-result",
          message: `The promise from ${resultName} is never awaited: its results and any task's error are lost. Await it.`,
          node,
          related: [],
          ...(canAwait
            ? {
                fix: {
                  title: "Add await",
                  edits: [{ start: node.getStart(), end: node.getStart(), newText: "await " }],
                },
              }
            : {}),
        });
      } else if (
        parent &&
        Node.isVariableDeclaration(parent) &&
        parent.getInitializer() === node &&
        Node.isIdentifier(parent.getNameNode()) &&
        !promiseIsUsed(parent.getNameNode() as Identifier, purity)
      ) {
        lints.push({
          code: "unawaited-result",
          message: `'${parent.getName()}' holds the promise from ${resultName} but is never awaited, returned or passed on: its results and any task's error are lost.`,
          node,
          related: [],
        });
      }
    }

    // A Delayed where a value is meant: always truthy, never a number.
    if (Node.isIdentifier(node) && isReference(node)) {
      const parent = node.getParent();
      const place =
        (Node.isIfStatement(parent) && parent.getExpression() === node) ||
        (Node.isWhileStatement(parent) && parent.getExpression() === node) ||
        (Node.isConditionalExpression(parent) && parent.getCondition() === node) ||
        (Node.isPrefixUnaryExpression(parent) && parent.getOperand() === node)
          ? "a condition"
          : (Node.isForOfStatement(parent) && parent.getExpression() === node) ||
              (Node.isBinaryExpression(parent) &&
                (Node.isForStatement(parent.getParent()) ||
                  Node.isIfStatement(parent.getParent())) &&
                ["<", "<=", ">", ">="].includes(parent.getOperatorToken().getText()))
            ? "a loop bound or comparison"
            : undefined;
      if (place && isDelayedVariable(node, purity)) {
        lints.push({
          code: "delayed-in-condition",
          message: `'${node.getText()}' is a Delayed, not its value, so as ${place} it never means what it says: compute it first (const [value] = await compute(${node.getText()})).`,
          node,
          related: [],
        });
      }
    }

    // Closures that cannot travel to a worker.
    const shipped = shippedFunction(node, purity);
    if (shipped) {
      let fn: Node | undefined;
      if (Node.isArrowFunction(shipped) || Node.isFunctionExpression(shipped)) fn = shipped;
      else if (Node.isIdentifier(shipped)) fn = purity.resolveFunction(shipped)?.fn;
      const captured = fn ? purity.summarize(fn).captured : [];
      if (fn && captured.length > 0) {
        const names = captured.map((n) => `'${n}'`).join(", ");
        lints.push({
          code: "closure-cannot-ship",
          message: `This function uses ${names} from the function around it, so it cannot ship to a worker thread: pass ${captured.length === 1 ? "it" : "them"} as an argument, or move the function to module scope.`,
          node: shipped,
          related: [],
        });
      }
      if (Node.isCallExpression(node)) {
        for (const argument of node.getArguments().slice(1)) {
          const root = rootOf(argument);
          if (root && root !== "this") passed.push({ root, at: node });
        }
      }
    }
    if (Node.isCallExpression(node) && makesDelayed(node, purity)) {
      for (const argument of node.getArguments()) {
        const root = rootOf(argument);
        if (root && root !== "this") passed.push({ root, at: node });
      }
    }
  });

  // A value changed after it went to a task: the task may see the old or the new value.
  if (passed.length > 0) {
    forEachWanted(
      file,
      (raw) => isRawWrite(raw) || ts.isCallExpression(raw),
      (node) => {
        let target = writtenTarget(node);
        if (!target && Node.isCallExpression(node)) {
          const info = purity.classifyCall(node);
          if (info.effect === "mutates-argument" && info.method) {
            const callee = node.getExpression();
            target = Node.isPropertyAccessExpression(callee) ? callee.getExpression() : undefined;
          }
        }
        if (!target) return;
        const root = rootOf(target);
        if (!root || root === "this") return;
        // `x = …` rebinds the name; the task keeps the value it was given.
        if (root === target && writtenTarget(node) !== undefined) return;
        const binding = purity.resolver.resolve(root);
        for (const { root: passedRoot, at } of passed) {
          if (!Node.isIdentifier(passedRoot) || passedRoot.getText() !== root.getText()) continue;
          if (node.getStart() <= at.getEnd()) continue;
          const other = purity.resolver.resolve(passedRoot);
          if (other !== binding) continue;
          lints.push({
            code: "mutated-task-argument",
            message: `'${root.getText()}' was passed to a task on line ${lineOf(at)} and is changed here: the task may see either value. Pass a copy (structuredClone) or finish changing it first.`,
            node,
            related: [{ node: at, message: `'${root.getText()}' goes to a task here` }],
          });
          break;
        }
      },
    );
  }
  return lints;
}
