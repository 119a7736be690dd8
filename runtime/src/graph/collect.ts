/**
 * Collects the tasks a compute needs: the Delayeds found in the objects passed (also inside
 * arrays, plain objects, Maps and Sets, as Dask traverses collections) and everything they
 * depend on, each key once. Iterative, so a million-deep chain does not overflow the stack.
 */
import { objectKind } from "../shipping/cloneable";
import { Delayed } from "./delayed";
import type { TaskSpec } from "./task-spec";

/** Every Delayed inside `value`, in the order a reader sees them. */
export function findDelayeds(value: unknown, out: Delayed<unknown>[] = []): Delayed<unknown>[] {
  if (typeof value !== "object" || value === null) return out;
  if (value instanceof Delayed) {
    out.push(value);
    return out;
  }
  switch (objectKind(value)) {
    case "array":
      for (const item of value as unknown[]) findDelayeds(item, out);
      break;
    case "object":
      for (const item of Object.values(value)) findDelayeds(item, out);
      break;
    case "map":
      for (const item of (value as Map<unknown, unknown>).values()) findDelayeds(item, out);
      break;
    case "set":
      for (const item of value as Set<unknown>) findDelayeds(item, out);
      break;
    default:
      break;
  }
  return out;
}

const NO_KEYS: readonly string[] = Object.freeze([]);

/** The task specs under `roots`; persisted Delayeds contribute no spec (the cluster holds them). */
export function collectTasks(roots: readonly Delayed<unknown>[]): Map<string, TaskSpec> {
  const tasks = new Map<string, TaskSpec>();
  const stack: Delayed<unknown>[] = [...roots];
  while (stack.length > 0) {
    const current = stack.pop() as Delayed<unknown>;
    const node = current.node;
    if (node === undefined || tasks.has(current.key)) continue;
    tasks.set(current.key, {
      key: current.key,
      fn: node.fn,
      args: node.args,
      dependencies: node.dependencies.length === 0 ? NO_KEYS : node.dependencies.map((d) => d.key),
      hasRefs: node.hasRefs,
      location: node.location,
    });
    for (const dependency of node.dependencies) {
      if (dependency instanceof Delayed && !tasks.has(dependency.key)) stack.push(dependency);
    }
  }
  return tasks;
}
