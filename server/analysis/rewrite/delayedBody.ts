/**
 * Turns a loop body's heavy calls into tasks: `f(x)` becomes `delayed(f)(x)`, and a value
 * computed by one call may feed another (`delayed(score)(param, data)`), as in Dask. Everything
 * else in the body must stay cheap and must not look inside a task's result, or the rewrite is
 * not offered.
 */
import { lineOf } from "../lines";
import { Node, type Identifier } from "ts-morph";
import type { TextEdit } from "../edits";
import { isInsideNode, referencesTo } from "../loopFacts";
import type { CallInfo, PurityAnalysis } from "../purity";
import { isFunctionLike } from "../scope";
import type { LoopVerdict } from "../verdict";
import { RewriteFailure } from "./context";

export interface DelayedBody {
  /** Edits inside the loop that wrap each heavy call's callee in `delayed(…)`. */
  readonly edits: TextEdit[];
  readonly heavy: readonly CallInfo[];
}

function calleeText(call: CallInfo): Node {
  if (!Node.isCallExpression(call.node))
    throw new RewriteFailure(`${call.label} is not a plain call`);
  return call.node.getExpression();
}

export function delayedBody(
  verdict: LoopVerdict,
  purity: PurityAnalysis,
  delayedName: string,
): DelayedBody {
  const { facts } = verdict;
  if (facts.branches.length > 0) throw new RewriteFailure("the body has conditions");
  if (facts.continues.length > 0) throw new RewriteFailure("the body uses continue");
  const heavy = verdict.heavyCalls;
  const heavyNodes = new Set<Node>(heavy.map((call) => call.node));
  // A `.map` callback's expression body is what each iteration collects.
  const returned = facts.kind === "map" && !Node.isBlock(facts.body) ? facts.body : undefined;
  const collected = verdict.collection?.value ?? verdict.accumulation?.value ?? returned;
  const delayedVariables: Identifier[] = [];

  for (const call of heavy) {
    if (!call.fn || !call.shippable) throw new RewriteFailure(`${call.label} cannot ship`);
    for (let at: Node | undefined = call.node; at && at !== facts.body; at = at.getParent()) {
      if (isFunctionLike(at)) throw new RewriteFailure(`${call.label} is called inside a callback`);
    }
    const parent = call.node.getParent();
    const isArgumentOfHeavy =
      Node.isCallExpression(parent) &&
      heavyNodes.has(parent) &&
      parent.getExpression() !== call.node;
    if (Node.isVariableDeclaration(parent) && parent.getInitializer() === call.node) {
      const name = parent.getNameNode();
      if (!Node.isIdentifier(name)) throw new RewriteFailure("a task's result is destructured");
      delayedVariables.push(name);
    } else if (!isArgumentOfHeavy && call.node !== collected) {
      throw new RewriteFailure(`the result of ${call.label} is used in an expression`);
    }
  }
  // A task's result may only be handed to another task or collected.
  for (const name of delayedVariables) {
    const binding = purity.resolver.resolve(name);
    for (const ref of referencesTo(facts.body, name.getText(), purity, binding)) {
      const parent = ref.getParent();
      const ok =
        ref === collected ||
        (Node.isCallExpression(parent) &&
          heavyNodes.has(parent) &&
          parent.getArguments().includes(ref));
      if (!ok)
        throw new RewriteFailure(`'${name.getText()}' is used directly at line ${lineOf(ref)}`);
    }
  }
  // Cheap statements may not call anything with work the rewrite would drop.
  for (const call of facts.calls) {
    if (heavyNodes.has(call.node)) continue;
    if (call.work && collected && !isInsideNode(call.node, collected)) {
      throw new RewriteFailure(`${call.label} would run outside the tasks`);
    }
  }
  const edits: TextEdit[] = [];
  for (const call of heavy) {
    const callee = calleeText(call);
    edits.push({ start: callee.getStart(), end: callee.getStart(), newText: `${delayedName}(` });
    edits.push({ start: callee.getEnd(), end: callee.getEnd(), newText: ")" });
  }
  return { edits, heavy };
}
