/**
 * The facts about one loop that its verdict is decided from: what the body calls, what it writes
 * outside itself, where it exits, what it awaits. Pure syntax plus `PurityAnalysis`.
 */
import { Node, SyntaxKind, ts, type Identifier } from "ts-morph";
import { loopKindOf, type LoopKind } from "./loops";
import {
  isAsyncFunction,
  isReference,
  rootOf,
  writtenTarget,
  type CallInfo,
  type PurityAnalysis,
} from "./purity";
import { bindingIdentifiers, isFunctionLike, type Binding } from "./scope";
import { forEachWanted, isRawLoopStatement, isRawWrite } from "./walk";

export interface OuterWrite {
  /** The assignment, increment or mutating call. */
  readonly node: Node;
  /** What is written: `total`, `out[i]`, `this.count`. */
  readonly target: Node;
  readonly root: Identifier | "this";
  /** `x = …` rather than `x.y = …` or `x.push(…)`. */
  readonly direct: boolean;
  readonly method?: string;
}

export interface LoopFacts {
  readonly loop: Node;
  readonly kind: LoopKind;
  /** The statement or callback body that runs once per iteration. */
  readonly body: Node;
  /** Names the loop header declares afresh for each iteration. */
  readonly iterationNames: ReadonlySet<string>;
  /** For `for (let i = 0; i < n; i++)`: the counter, when the header is that simple. */
  readonly counter?: { readonly name: string; readonly fromZero: boolean };
  /** A `for` or `while` header that carries state. */
  readonly headerCarries?: Node;
  /** The expression iterated by `for…of`, `for…in`, `.forEach` or `.map`. */
  readonly iterable?: Node;
  readonly calls: readonly CallInfo[];
  readonly awaits: readonly Node[];
  readonly exits: readonly Node[];
  readonly continues: readonly Node[];
  readonly yields: readonly Node[];
  readonly outerWrites: readonly OuterWrite[];
  /** Calls to same-project functions that change an argument that lives outside the loop. */
  readonly argumentMutations: readonly { readonly call: CallInfo; readonly argument: Node }[];
  readonly innerLoops: readonly Node[];
  /** Conditions (if, ?:, &&, switch) in the body. */
  readonly branches: readonly Node[];
}

export function isInsideNode(node: Node, container: Node): boolean {
  return (
    node.getSourceFile() === container.getSourceFile() &&
    node.getStart() >= container.getStart() &&
    node.getEnd() <= container.getEnd()
  );
}

/** The statement or function body executed per iteration, and the names the header declares. */
export function loopBody(
  loop: Node,
): { body: Node; names: Set<string>; iterable?: Node } | undefined {
  const names = new Set<string>();
  const addNames = (nameNode: Node): void => {
    for (const id of bindingIdentifiers(nameNode)) names.add(id.getText());
  };
  if (Node.isForOfStatement(loop) || Node.isForInStatement(loop)) {
    const init = loop.getInitializer();
    if (Node.isVariableDeclarationList(init)) {
      for (const decl of init.getDeclarations()) addNames(decl.getNameNode());
    }
    return { body: loop.getStatement(), names, iterable: loop.getExpression() };
  }
  if (Node.isForStatement(loop)) {
    const init = loop.getInitializer();
    if (init && Node.isVariableDeclarationList(init)) {
      for (const decl of init.getDeclarations()) addNames(decl.getNameNode());
    }
    return { body: loop.getStatement(), names };
  }
  if (Node.isWhileStatement(loop) || Node.isDoStatement(loop)) {
    return { body: loop.getStatement(), names };
  }
  if (Node.isCallExpression(loop)) {
    const callee = loop.getExpression();
    const [callback] = loop.getArguments();
    if (!callback || !(Node.isArrowFunction(callback) || Node.isFunctionExpression(callback))) {
      return undefined;
    }
    for (const parameter of callback.getParameters()) addNames(parameter.getNameNode());
    const iterable = Node.isPropertyAccessExpression(callee) ? callee.getExpression() : undefined;
    return { body: callback.getBody(), names, ...(iterable ? { iterable } : {}) };
  }
  return undefined;
}

/** The steps a counter may take: by one, or by a constant stride. */
function isStep(text: string, name: string): { byOne: boolean } | undefined {
  const compact = text.replace(/\s+/g, "");
  if ([`${name}++`, `++${name}`, `${name}+=1`, `${name}=${name}+1`].includes(compact))
    return { byOne: true };
  // A constant stride (`i += 2`) is as independent as `i++`; only index collection needs 1.
  return new RegExp(`^${name}\\+=[1-9][0-9_]*$`).test(compact) ? { byOne: false } : undefined;
}

/**
 * `while (i < n) { …; i++; }` whose only carried state is its counter: stepped by the body's last
 * statement alone, never skipped by a `continue`, against a bound the loop does not change.
 * Returns the counter and the loop's other writes to outer state.
 */
function countingWhile(
  loop: Node,
  writes: readonly OuterWrite[],
  continues: readonly Node[],
): { name: string; otherWrites: OuterWrite[] } | undefined {
  if (!Node.isWhileStatement(loop) || continues.length > 0) return undefined;
  const condition = loop.getExpression();
  const body = loop.getStatement();
  if (!Node.isBinaryExpression(condition) || !Node.isBlock(body)) return undefined;
  const operator = condition.getOperatorToken().getKind();
  if (operator !== SyntaxKind.LessThanToken && operator !== SyntaxKind.LessThanEqualsToken)
    return undefined;
  const counter = condition.getLeft();
  if (!Node.isIdentifier(counter)) return undefined;
  const name = counter.getText();
  const step = body.getStatements().at(-1);
  if (!Node.isExpressionStatement(step) || !isStep(step.getExpression().getText(), name))
    return undefined;
  const bound = condition.getRight();
  const boundNames = new Set(
    [bound, ...bound.getDescendantsOfKind(SyntaxKind.Identifier)]
      .filter((node) => Node.isIdentifier(node))
      .map((node) => node.getText()),
  );
  const otherWrites: OuterWrite[] = [];
  for (const write of writes) {
    if (isInsideNode(write.node, step)) continue;
    const root = write.root === "this" ? "this" : write.root.getText();
    if (root === name || boundNames.has(root)) return undefined;
    otherWrites.push(write);
  }
  return { name, otherWrites };
}

function counterOf(loop: Node): LoopFacts["counter"] | "carries" {
  if (!Node.isForStatement(loop)) return undefined;
  const init = loop.getInitializer();
  const condition = loop.getCondition();
  const increment = loop.getIncrementor();
  if (!init || !Node.isVariableDeclarationList(init) || !condition || !increment) return "carries";
  const [decl, extra] = init.getDeclarations();
  // A destructured counter, or what a syntax error leaves in its place, is not a counter.
  if (!decl || extra || !Node.isIdentifier(decl.getNameNode())) return "carries";
  const name = decl.getName();
  const step = isStep(increment.getText(), name);
  if (!step) return "carries";
  if (!Node.isBinaryExpression(condition)) return "carries";
  const operator = condition.getOperatorToken().getKind();
  if (
    condition.getLeft().getText() !== name ||
    (operator !== SyntaxKind.LessThanToken && operator !== SyntaxKind.LessThanEqualsToken)
  ) {
    return "carries";
  }
  return { name, fromZero: decl.getInitializer()?.getText() === "0" && step.byOne };
}

/** The nodes a loop's facts come from; the rest of the tree is walked but never wrapped. */
function wantedInLoop(node: ts.Node): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.CallExpression:
    case ts.SyntaxKind.NewExpression:
    case ts.SyntaxKind.AwaitExpression:
    case ts.SyntaxKind.YieldExpression:
    case ts.SyntaxKind.ReturnStatement:
    case ts.SyntaxKind.ThrowStatement:
    case ts.SyntaxKind.BreakStatement:
    case ts.SyntaxKind.ContinueStatement:
    case ts.SyntaxKind.IfStatement:
    case ts.SyntaxKind.ConditionalExpression:
    case ts.SyntaxKind.SwitchStatement:
      return true;
    case ts.SyntaxKind.BinaryExpression: {
      const operator = (node as ts.BinaryExpression).operatorToken.kind;
      return (
        isRawWrite(node) ||
        operator === ts.SyntaxKind.AmpersandAmpersandToken ||
        operator === ts.SyntaxKind.BarBarToken ||
        operator === ts.SyntaxKind.QuestionQuestionToken
      );
    }
    default:
      return isRawLoopStatement(node) || isRawWrite(node);
  }
}

const factsCache = new WeakMap<PurityAnalysis, Map<Node, LoopFacts | undefined>>();

/** Collects the facts of one loop (once per analysis run). */
export function collectLoopFacts(loop: Node, purity: PurityAnalysis): LoopFacts | undefined {
  let cache = factsCache.get(purity);
  if (!cache) {
    cache = new Map();
    factsCache.set(purity, cache);
  }
  if (!cache.has(loop)) cache.set(loop, collectLoopFactsUncached(loop, purity));
  return cache.get(loop);
}

function collectLoopFactsUncached(loop: Node, purity: PurityAnalysis): LoopFacts | undefined {
  const kind = loopKindOf(loop);
  const shape = kind && loopBody(loop);
  if (!kind || !shape) return undefined;
  const { body, names } = shape;
  const isCallbackLoop = Node.isCallExpression(loop);
  const asyncCallback = isCallbackLoop && isAsyncFunction(body.getParentOrThrow());
  const calls: CallInfo[] = [];
  const awaits: Node[] = [];
  const exits: Node[] = [];
  const continues: Node[] = [];
  const yields: Node[] = [];
  const outerWrites: OuterWrite[] = [];
  const argumentMutations: { call: CallInfo; argument: Node }[] = [];
  const innerLoops: Node[] = [];
  const branches: Node[] = [];

  const declaredOutside = (root: Identifier | "this"): boolean => {
    if (root === "this") return true;
    const binding: Binding = purity.resolver.resolve(root);
    if (binding.kind === "global") return true;
    return !isInsideNode(binding.decl, loop);
  };
  /** Whether `node` sits in a function nested inside the body (not the callback itself). */
  const inNestedFunction = (node: Node): boolean => {
    for (let at = node.getParent(); at && at !== body; at = at.getParent()) {
      if (isFunctionLike(at)) return true;
    }
    return false;
  };
  /** Whether a break/continue leaves the loop being analysed rather than an inner one. */
  const leavesThisLoop = (node: Node): boolean => {
    const label = (node as Node & { getLabel?(): Identifier | undefined }).getLabel?.();
    if (label) {
      const labelled = loop.getParent();
      return !(
        Node.isLabeledStatement(labelled) && labelled.getLabel().getText() === label.getText()
      )
        ? true
        : Node.isBreakStatement(node);
    }
    for (let at = node.getParent(); at && at !== loop; at = at.getParent()) {
      if (loopKindOf(at) !== undefined && !Node.isCallExpression(at)) return false;
      if (Node.isSwitchStatement(at) && Node.isBreakStatement(node)) return false;
    }
    return true;
  };

  const scanned: Node[] = [body];
  if (Node.isForStatement(loop)) {
    const condition = loop.getCondition();
    if (condition) scanned.push(condition);
  }
  const visit = (node: Node): void => {
    if (node !== body && loopKindOf(node) !== undefined) innerLoops.push(node);
    if (Node.isCallExpression(node) || Node.isNewExpression(node)) {
      const call = purity.classifyCall(node);
      calls.push(call);
      if (call.effect === "mutates-argument") {
        if (call.receiverRoot !== undefined && call.method !== undefined) {
          if (declaredOutside(call.receiverRoot)) {
            const callee = (node as Node & { getExpression(): Node }).getExpression();
            const target = Node.isPropertyAccessExpression(callee)
              ? callee.getExpression()
              : callee;
            outerWrites.push({
              node,
              target,
              root: call.receiverRoot,
              direct: false,
              method: call.method,
            });
          }
        } else if (Node.isCallExpression(node)) {
          for (const argument of node.getArguments()) {
            const root = rootOf(argument);
            if (root !== undefined && declaredOutside(root))
              argumentMutations.push({ call, argument });
          }
        }
      }
    } else if (Node.isAwaitExpression(node) || (Node.isForOfStatement(node) && node.isAwaited())) {
      // In an async callback an await pauses only its own iteration, not the loop.
      if (!inNestedFunction(node) && !asyncCallback) awaits.push(node);
    } else if (Node.isYieldExpression(node)) {
      if (!inNestedFunction(node)) yields.push(node);
    } else if (Node.isReturnStatement(node)) {
      if (!inNestedFunction(node) && !isCallbackLoop) exits.push(node);
    } else if (Node.isThrowStatement(node)) {
      if (!inNestedFunction(node)) exits.push(node);
    } else if (Node.isBreakStatement(node)) {
      if (!inNestedFunction(node) && leavesThisLoop(node)) exits.push(node);
    } else if (Node.isContinueStatement(node)) {
      if (!inNestedFunction(node) && leavesThisLoop(node)) continues.push(node);
    } else if (
      Node.isIfStatement(node) ||
      Node.isConditionalExpression(node) ||
      Node.isSwitchStatement(node) ||
      (Node.isBinaryExpression(node) &&
        [
          SyntaxKind.AmpersandAmpersandToken,
          SyntaxKind.BarBarToken,
          SyntaxKind.QuestionQuestionToken,
        ].includes(node.getOperatorToken().getKind()))
    ) {
      if (!inNestedFunction(node)) branches.push(node);
    }
    const written = writtenTarget(node);
    if (written) {
      const root = rootOf(written);
      if (root !== undefined && declaredOutside(root)) {
        outerWrites.push({
          node,
          target: written,
          root,
          direct: root !== "this" && written === root,
        });
      }
    }
  };
  for (const part of scanned) forEachWanted(part, wantedInLoop, visit, true);

  let counter = counterOf(loop);
  let headerCarries: Node | undefined;
  if (counter === "carries")
    headerCarries =
      (loop as Node & { getIncrementor?(): Node | undefined }).getIncrementor?.() ?? loop;
  if (Node.isWhileStatement(loop) || Node.isDoStatement(loop)) headerCarries = loop.getExpression();
  const whileCounter = countingWhile(loop, outerWrites, continues);
  if (whileCounter) {
    // The step is the loop's own, like a for loop's incrementor: the iterations are as
    // independent as those of `for (; i < n; i++)`.
    counter = { name: whileCounter.name, fromZero: false };
    headerCarries = undefined;
    outerWrites.splice(0, outerWrites.length, ...whileCounter.otherWrites);
  } else if (counter && counter !== "carries") {
    // Writing the counter inside the body makes it carried too.
    const { name } = counter;
    forEachWanted(body, isRawWrite, (node) => {
      const written = writtenTarget(node);
      if (
        written &&
        Node.isIdentifier(written) &&
        written.getText() === name &&
        isReference(written)
      ) {
        headerCarries = node;
      }
    });
  }
  return {
    loop,
    kind,
    body,
    iterationNames: names,
    ...(counter && counter !== "carries" ? { counter } : {}),
    ...(headerCarries ? { headerCarries } : {}),
    ...(shape.iterable ? { iterable: shape.iterable } : {}),
    calls,
    awaits,
    exits,
    continues,
    yields,
    outerWrites,
    argumentMutations,
    innerLoops,
    branches,
  };
}

/** Every reference to `name` inside `node` that resolves to the same binding as `binding`. */
export function referencesTo(
  node: Node,
  name: string,
  purity: PurityAnalysis,
  binding: Binding,
): Identifier[] {
  const out: Identifier[] = [];
  const check = (n: Node): void => {
    if (Node.isIdentifier(n) && n.getText() === name && isReference(n)) {
      const resolved = purity.resolver.resolve(n);
      if (
        resolved.kind === binding.kind &&
        ("decl" in resolved ? resolved.decl : undefined) ===
          ("decl" in binding ? binding.decl : undefined)
      ) {
        out.push(n);
      }
    }
  };
  forEachWanted(node, (raw) => ts.isIdentifier(raw) && raw.text === name, check, true);
  return out;
}
