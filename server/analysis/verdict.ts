/**
 * Decides what a loop is: which parallel pattern it follows, or why it must stay sequential.
 */
import { lineOf } from "./lines";
import { Node, SyntaxKind, type Identifier } from "ts-morph";
import {
  collectLoopFacts,
  isInsideNode,
  referencesTo,
  type LoopFacts,
  type OuterWrite,
} from "./loopFacts";
import { isAsyncFunction, type CallInfo, type PurityAnalysis } from "./purity";

export type VerdictKind =
  "map" | "reduce" | "nested" | "evolving" | "concurrency" | "sequential" | "cheap";

export const PARALLEL_VERDICTS: ReadonlySet<VerdictKind> = new Set([
  "map",
  "reduce",
  "nested",
  "evolving",
  "concurrency",
]);

/** A statement or call that a verdict points at, with what it says about it. */
export interface Located {
  readonly message: string;
  readonly node: Node;
}

export type ReduceOperator = "+" | "*" | "max" | "min" | "concat" | "union";

/**
 * How results leave the loop: pushed onto an array, written at the counter's index, written
 * under an iteration variable (`out[key] = …` into a plain object or array), or set in a Map
 * under one (`out.set(key, …)`).
 */
export interface Collection {
  readonly array: Identifier;
  readonly style: "push" | "index" | "key" | "set" | "return";
  /** For "key" and "set": the iteration variable the value is stored under. */
  readonly key?: Identifier;
  /** The push call or the assignment. */
  readonly node: Node;
  /** The value collected per iteration. */
  readonly value: Node;
}

export interface Accumulation {
  readonly accumulator: Identifier;
  readonly operator: ReduceOperator;
  readonly statement: Node;
  readonly value: Node;
}

export interface LoopVerdict {
  readonly kind: VerdictKind;
  readonly facts: LoopFacts;
  /** One line: what the loop is and what to do about it. */
  readonly message: string;
  /** The statements the message is about: the heavy calls, the collection, the blocking statement. */
  readonly related: readonly Located[];
  /** For a sequential loop: the statement that keeps it so. */
  readonly blocking?: Located;
  /** Every reason a sequential loop must stay so. */
  readonly blockers: readonly Located[];
  readonly heavyCalls: readonly CallInfo[];
  readonly collection?: Collection;
  readonly accumulation?: Accumulation;
  /** For nested/evolving: the per-outer-iteration value, and the inner loop that uses it. */
  readonly shared?: { readonly name: Identifier; readonly call: CallInfo; readonly inner: Node };
}

function line(node: Node): number {
  return lineOf(node);
}

function quote(node: Node): string {
  const text = node.getText().replace(/\s+/g, " ");
  return text.length > 48 ? `${text.slice(0, 45)}…` : text;
}

/**
 * A Set or Map union: `for (const v of f(x)) acc.add(v)` (or `acc.set(k, v)` over `[k, v]`
 * pairs), an inner loop that only adds what one call returns. The inner loop is the statement.
 */
function unionOf(write: OuterWrite, facts: LoopFacts): Accumulation | undefined {
  if (write.root === "this" || (write.method !== "add" && write.method !== "set")) return undefined;
  const call = write.node;
  if (!Node.isCallExpression(call) || write.target !== write.root) return undefined;
  const statement = call.getParent();
  const inner = Node.isExpressionStatement(statement) ? statement.getParent() : undefined;
  const loop = inner && Node.isBlock(inner) ? inner.getParent() : inner;
  if (!loop || !Node.isForOfStatement(loop) || loop.isAwaited()) return undefined;
  const innerBody = loop.getStatement();
  if (Node.isBlock(innerBody) && innerBody.getStatements().length !== 1) return undefined;
  if (loop.getParent() !== facts.body && loop.getParent()?.getParent() !== facts.body)
    return undefined;
  const declarations = loop.getInitializer();
  if (!Node.isVariableDeclarationList(declarations)) return undefined;
  const [declaration] = declarations.getDeclarations();
  if (!declaration || declarations.getDeclarations().length !== 1) return undefined;
  const args = call.getArguments().map((a) => a.getText());
  const item = declaration.getNameNode().getText().replace(/\s+/g, "");
  const adds =
    write.method === "add"
      ? args.length === 1 && args[0] === item
      : args.length === 2 && item === `[${args[0]},${args[1]}]`;
  if (!adds) return undefined;
  return {
    accumulator: write.root,
    operator: "union",
    statement: loop,
    value: loop.getExpression(),
  };
}

/** Reads `acc += v`, `acc = acc * v`, `acc = Math.max(acc, v)`, `acc = acc.concat(v)`. */
function accumulationOf(write: OuterWrite): Accumulation | undefined {
  const node = write.node;
  if (!write.direct || write.root === "this" || !Node.isBinaryExpression(node)) return undefined;
  const acc = write.root;
  const name = acc.getText();
  const operator = node.getOperatorToken().getKind();
  const right = node.getRight();
  if (operator === SyntaxKind.PlusEqualsToken)
    return { accumulator: acc, operator: "+", statement: node, value: right };
  if (operator === SyntaxKind.AsteriskEqualsToken)
    return { accumulator: acc, operator: "*", statement: node, value: right };
  if (operator !== SyntaxKind.EqualsToken) return undefined;
  if (Node.isBinaryExpression(right)) {
    const op = right.getOperatorToken().getKind();
    const symbol =
      op === SyntaxKind.PlusToken ? "+" : op === SyntaxKind.AsteriskToken ? "*" : undefined;
    if (symbol && right.getLeft().getText() === name)
      return { accumulator: acc, operator: symbol, statement: node, value: right.getRight() };
    // Only `*` is safe the other way round: `v + acc` on strings puts the parts in reverse.
    if (symbol === "*" && right.getRight().getText() === name)
      return { accumulator: acc, operator: symbol, statement: node, value: right.getLeft() };
  }
  if (Node.isCallExpression(right)) {
    const callee = right.getExpression().getText();
    const args = right.getArguments();
    if ((callee === "Math.max" || callee === "Math.min") && args.length === 2) {
      const [a, b] = args;
      const operatorName = callee === "Math.max" ? "max" : "min";
      if (a?.getText() === name && b)
        return { accumulator: acc, operator: operatorName, statement: node, value: b };
      if (b?.getText() === name && a)
        return { accumulator: acc, operator: operatorName, statement: node, value: a };
    }
    if (callee === `${name}.concat` && args.length === 1 && args[0]) {
      return { accumulator: acc, operator: "concat", statement: node, value: args[0] };
    }
  }
  return undefined;
}

function collectionOf(
  write: OuterWrite,
  facts: LoopFacts,
  purity: PurityAnalysis,
): Collection | undefined {
  if (write.root === "this" || write.direct) return undefined;
  if (write.method === "push" && Node.isCallExpression(write.node)) {
    const args = write.node.getArguments();
    const [value] = args;
    if (args.length !== 1 || !value || Node.isSpreadElement(value)) return undefined;
    if (write.target !== write.root) return undefined;
    return { array: write.root, style: "push", node: write.node, value };
  }
  if (write.method === undefined && Node.isElementAccessExpression(write.target) && facts.counter) {
    const assignment = write.node;
    if (
      !Node.isBinaryExpression(assignment) ||
      assignment.getOperatorToken().getKind() !== SyntaxKind.EqualsToken
    )
      return undefined;
    if (write.target.getExpression() !== write.root) return undefined;
    if (write.target.getArgumentExpression()?.getText() !== facts.counter.name) return undefined;
    return { array: write.root, style: "index", node: assignment, value: assignment.getRight() };
  }
  return keyedCollectionOf(write, facts, purity);
}

/**
 * `out[key] = value` into a plain object or array, or `out.set(key, value)` into a Map, where
 * `key` is one of the loop's iteration variables. Each iteration stores under its own key; a key
 * met twice keeps the last value in the first one's place, as setting them again in order does.
 */
function keyedCollectionOf(
  write: OuterWrite,
  facts: LoopFacts,
  purity: PurityAnalysis,
): Collection | undefined {
  if (write.root === "this") return undefined;
  const root = write.root;
  const iterationKey = (node: Node | undefined): Identifier | undefined =>
    node && Node.isIdentifier(node) && facts.iterationNames.has(node.getText()) ? node : undefined;
  if (write.method === "set" && Node.isCallExpression(write.node) && write.target === root) {
    const [key, value, extra] = write.node.getArguments();
    const keyName = iterationKey(key);
    if (!keyName || !value || extra || Node.isSpreadElement(value)) return undefined;
    if (!Node.isExpressionStatement(write.node.getParent())) return undefined;
    // Only the built-in Map: another class's `set` may do anything.
    if (containerOf(root, purity) !== "map") return undefined;
    return { array: root, style: "set", node: write.node, value, key: keyName };
  }
  if (write.method !== undefined || !Node.isElementAccessExpression(write.target)) return undefined;
  const assignment = write.node;
  if (
    !Node.isBinaryExpression(assignment) ||
    assignment.getOperatorToken().getKind() !== SyntaxKind.EqualsToken ||
    !Node.isExpressionStatement(assignment.getParent()) ||
    write.target.getExpression() !== root
  )
    return undefined;
  const key = iterationKey(write.target.getArgumentExpression());
  // Plain data only: a record or an array, where storing a value runs no setter.
  if (!key || containerOf(root, purity) !== "plain") return undefined;
  return { array: root, style: "key", node: assignment, value: assignment.getRight(), key };
}

/**
 * What a variable holds, read from how it is declared, not from the type checker (the analysis
 * stays syntactic, and fast): a built-in Map, plain data (a record or an array), or unknown.
 */
function containerOf(name: Identifier, purity: PurityAnalysis): "map" | "plain" | undefined {
  const binding = purity.resolver.resolve(name);
  if (binding.kind !== "variable" && binding.kind !== "parameter") return undefined;
  const declaration = binding.decl.getParent();
  if (!Node.isVariableDeclaration(declaration) && !Node.isParameterDeclaration(declaration))
    return undefined;
  if (Node.isVariableDeclaration(declaration) && binding.kind === "variable" && !binding.isConst)
    return undefined;
  const typeNode = declaration.getTypeNode();
  const initializer = Node.isVariableDeclaration(declaration)
    ? declaration.getInitializer()
    : undefined;
  const global = (id: Node): boolean =>
    Node.isIdentifier(id) && purity.resolver.resolve(id).kind === "global";
  if (typeNode) {
    if (Node.isTypeReference(typeNode)) {
      const typeName = typeNode.getTypeName();
      if (typeName.getText() === "Map" && global(typeName)) return "map";
      if (["Record", "Array"].includes(typeName.getText()) && global(typeName)) return "plain";
      return undefined;
    }
    if (Node.isArrayTypeNode(typeNode)) return "plain";
    if (Node.isTypeLiteral(typeNode)) {
      const members = typeNode.getMembers();
      return members.length > 0 && members.every((m) => Node.isIndexSignatureDeclaration(m))
        ? "plain"
        : undefined;
    }
    return undefined;
  }
  if (Node.isNewExpression(initializer) && global(initializer.getExpression())) {
    return initializer.getExpression().getText() === "Map" ? "map" : undefined;
  }
  if (Node.isArrayLiteralExpression(initializer)) return "plain";
  // `{}` or plain data properties: no getters, setters or methods to run on a store.
  if (Node.isObjectLiteralExpression(initializer)) {
    return initializer
      .getProperties()
      .every((p) => Node.isPropertyAssignment(p) && p.getName() !== "__proto__")
      ? "plain"
      : undefined;
  }
  return undefined;
}

/** The verdict for one loop, from its facts. */
export function decideVerdict(facts: LoopFacts, purity: PurityAnalysis): LoopVerdict {
  const blockers: Located[] = [];
  const related: Located[] = [];
  const loop = facts.loop;

  for (const node of facts.yields) {
    blockers.push({
      node,
      message: `it yields values in order (line ${line(node)}), as a generator must`,
    });
  }
  if (facts.iterable && Node.isCallExpression(facts.iterable)) {
    const source = purity.classifyCall(facts.iterable);
    if (source.fn && purity.summarize(source.fn).isGenerator && source.effect !== "pure") {
      blockers.push({
        node: facts.iterable,
        message: `it draws values from ${source.label}, an iterator with side effects, which must be read in order`,
      });
    }
  }
  if (facts.headerCarries) {
    blockers.push({
      node: facts.headerCarries,
      message:
        Node.isWhileStatement(loop) || Node.isDoStatement(loop)
          ? `its condition '${quote(facts.headerCarries)}' is only known after the previous iteration`
          : `'${quote(facts.headerCarries)}' carries a value from one iteration to the next`,
    });
  }
  for (const node of facts.exits) {
    const what = Node.isBreakStatement(node)
      ? "break"
      : Node.isReturnStatement(node)
        ? "return"
        : "throw";
    blockers.push({
      node,
      message: `'${what}' on line ${line(node)} exits early, so later iterations depend on earlier results`,
    });
  }

  // Sort the writes to outside state into a collection, an accumulation, or blockers.
  const collections: Collection[] = [];
  const accumulations: Accumulation[] = [];
  const otherWrites: OuterWrite[] = [];
  for (const write of facts.outerWrites) {
    const collection = collectionOf(write, facts, purity);
    if (collection) {
      collections.push(collection);
      continue;
    }
    const accumulation = accumulationOf(write) ?? unionOf(write, facts);
    if (accumulation) {
      accumulations.push(accumulation);
      continue;
    }
    otherWrites.push(write);
  }
  const targets = new Set([
    ...collections.map((c) => c.array.getText()),
    ...accumulations.map((a) => a.accumulator.getText()),
  ]);
  let collection: Collection | undefined;
  let accumulation: Accumulation | undefined;
  if (
    targets.size > 1 ||
    collections.length > 1 ||
    accumulations.length > 1 ||
    (collections.length > 0 && accumulations.length > 0)
  ) {
    const all = [...collections.map((c) => c.node), ...accumulations.map((a) => a.statement)];
    const first = all[1] ?? all[0];
    if (first)
      blockers.push({
        node: first,
        message: `it collects into more than one place (${[...targets].join(", ")})`,
      });
  } else {
    collection = collections[0];
    accumulation = accumulations[0];
  }
  // The collecting array or the accumulator must not be read elsewhere in the body.
  const target = collection?.array ?? accumulation?.accumulator;
  if (target) {
    const binding = purity.resolver.resolve(target);
    // Allowed: the array a result is pushed onto, or the accumulator outside the new part.
    const allowed = (ref: Node): boolean =>
      collection
        ? ref === collection.array
        : accumulation !== undefined &&
          isInsideNode(ref, accumulation.statement) &&
          !isInsideNode(ref, accumulation.value);
    const stray = referencesTo(facts.body, target.getText(), purity, binding).find(
      (ref) => !allowed(ref),
    );
    if (stray) {
      blockers.push({
        node: stray,
        message: `it reads '${target.getText()}' on line ${line(stray)} while building it, so each iteration depends on the ones before`,
      });
    }
  }
  for (const write of otherWrites) {
    const name = write.root === "this" ? "this" : write.root.getText();
    if (write.direct) {
      blockers.push({
        node: write.node,
        message: `'${quote(write.node)}' carries '${name}' from one iteration to the next`,
      });
    } else if (write.root === "this") {
      blockers.push({
        node: write.node,
        message: `'${quote(write.node)}' writes to this, shared state whose order matters`,
      });
    } else {
      blockers.push({
        node: write.node,
        message: `'${quote(write.node)}' writes shared state '${name}'`,
      });
    }
  }
  for (const { call, argument } of facts.argumentMutations) {
    blockers.push({
      node: call.node,
      message: `${call.label} changes its argument '${quote(argument)}', which lives outside the loop`,
    });
  }
  const isConcurrency = facts.awaits.length > 0;
  for (const call of facts.calls) {
    if (call.effect === "ordered") {
      blockers.push({
        node: call.site?.node ?? call.node,
        message: `${call.site?.why ?? call.label} (line ${line(call.site?.node ?? call.node)}${call.site && call.site.node.getSourceFile() !== call.node.getSourceFile() ? ` of ${call.site.node.getSourceFile().getBaseName()}` : ""}), and the loop would change that order`,
      });
    } else if (call.effect === "writes" && call.fn) {
      blockers.push({
        node: call.site?.node ?? call.node,
        message: `${call.label} ${call.site?.why ?? "writes shared state"}: shared state whose order matters`,
      });
    } else if (call.effect === "unknown" || (call.effect === "writes" && !call.fn)) {
      blockers.push({
        node: call.site?.node ?? call.node,
        message: `${call.site?.why ?? `calls ${call.label}`}: it may have effects whose order matters`,
      });
    }
  }

  const heavyCalls = facts.calls.filter((call) => call.work && call.effect !== "mutates-argument");
  if (!isConcurrency) {
    for (const call of heavyCalls) {
      if (call.fn && !call.shippable) {
        blockers.push({
          node: call.node,
          message: `${call.label} cannot ship to a worker: ${call.cannotShipWhy ?? "it is declared inside a function"} (${call.cannotShipFix ?? "pass it as an argument, or move it to module scope"})`,
        });
      }
    }
  }

  const base = {
    facts,
    blockers,
    heavyCalls,
    ...(collection ? { collection } : {}),
    ...(accumulation ? { accumulation } : {}),
  };
  const [blocking] = blockers;
  if (blocking) {
    return {
      ...base,
      kind: "sequential",
      message: `This loop must stay sequential: ${blocking.message}.`,
      blocking,
      related: blockers,
    };
  }

  const heavyNames = [...new Set(heavyCalls.map((call) => call.label))].slice(0, 3).join(", ");
  for (const call of heavyCalls.slice(0, 4))
    related.push({ node: call.node, message: `${call.label} does the work of an iteration` });
  if (collection)
    related.push({
      node: collection.node,
      message: `each iteration's result is collected into '${collection.array.getText()}'`,
    });

  const [awaited] = facts.awaits;
  if (awaited) {
    related.unshift({
      node: awaited,
      message: "each iteration waits here before the next one starts",
    });
    return {
      ...base,
      kind: "concurrency",
      related,
      message: `Each iteration awaits ${quote(awaited).replace(/^await\s+/, "")} and no iteration needs another's result: start them together with Promise.all (no cluster needed).`,
    };
  }
  // An async callback, or an async call whose promise is kept: the iterations already overlap.
  const callback = Node.isCallExpression(loop) ? loop.getArguments()[0] : undefined;
  const alreadyConcurrent =
    (callback !== undefined && isAsyncFunction(callback)) ||
    heavyCalls.some((call) => call.isAsync && !Node.isAwaitExpression(call.node.getParent()));
  if (alreadyConcurrent) {
    return {
      ...base,
      kind: "cheap",
      related: [],
      message:
        "This loop starts asynchronous work without waiting for it: the iterations already overlap.",
    };
  }
  if (heavyCalls.length === 0) {
    return {
      ...base,
      kind: "cheap",
      related: [],
      message: "This loop's body does too little work to be worth a task.",
    };
  }
  if (accumulation) {
    related.push({
      node: accumulation.statement,
      message: `'${accumulation.accumulator.getText()}' is combined with ${accumulation.operator}, which is associative`,
    });
    return {
      ...base,
      kind: "reduce",
      related,
      message: `Iterations are independent apart from accumulating '${accumulation.accumulator.getText()}' with ${accumulation.operator}, which is associative: compute the parts (${heavyNames}) in parallel and combine them as a tree.`,
    };
  }

  const shared = sharedValue(facts, heavyCalls, purity);
  if (shared?.evolving) {
    related.push({
      node: shared.inner,
      message: `the inner loop's size is only known after ${shared.call.label} returns`,
    });
    return {
      ...base,
      kind: "evolving",
      related,
      shared,
      message: `The inner loop runs over '${shared.name.getText()}', only known after ${shared.call.label} runs: submit ${shared.call.label} for every item and start the inner tasks as each result completes (submit + asCompleted).`,
    };
  }
  if (shared) {
    related.push({
      node: shared.inner,
      message: `the inner loop uses '${shared.name.getText()}', computed once per outer iteration`,
    });
    return {
      ...base,
      kind: "nested",
      related,
      shared,
      message: `The inner loop uses '${shared.name.getText()}', computed once per outer iteration by ${shared.call.label}: make it one shared task that every inner task depends on, and run all of them in parallel.`,
    };
  }
  return {
    ...base,
    kind: "map",
    related,
    message: `The iterations of this loop are independent: each calls ${heavyNames} and they share nothing${collection ? ` but the results collected in '${collection.array.getText()}'` : ""}. Run them in parallel with delayed and compute.`,
  };
}

/** A value computed by a heavy call once per outer iteration and used by an inner loop. */
function sharedValue(
  facts: LoopFacts,
  heavyCalls: readonly CallInfo[],
  purity: PurityAnalysis,
): { name: Identifier; call: CallInfo; inner: Node; evolving: boolean } | undefined {
  if (facts.innerLoops.length === 0) return undefined;
  for (const call of heavyCalls) {
    const declaration = call.node.getParent();
    if (!Node.isVariableDeclaration(declaration) || declaration.getInitializer() !== call.node)
      continue;
    const nameNode = declaration.getNameNode();
    if (!Node.isIdentifier(nameNode)) continue;
    // Only values of this loop's own iteration, not of an inner loop.
    if (facts.innerLoops.some((inner) => isInsideNode(call.node, inner))) continue;
    const binding = purity.resolver.resolve(nameNode);
    for (const inner of facts.innerLoops) {
      const innerFacts = collectLoopFacts(inner, purity);
      if (!innerFacts) continue;
      const bound =
        innerFacts.iterable ?? (Node.isForStatement(inner) ? inner.getCondition() : undefined);
      if (bound && referencesTo(bound, nameNode.getText(), purity, binding).length > 0) {
        return { name: nameNode, call, inner, evolving: true };
      }
      if (referencesTo(innerFacts.body, nameNode.getText(), purity, binding).length > 0) {
        return { name: nameNode, call, inner, evolving: false };
      }
    }
  }
  return undefined;
}
