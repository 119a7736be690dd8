/**
 * The graph order ready tasks go in (after priority), like dask.order: depth first from each
 * output toward its inputs, so one output's subtree finishes before the next starts and
 * intermediate results are released early. Returns a rank per key (lower runs first).
 */
import type { TaskSpec } from "./task-spec";

export function graphOrder(
  tasks: ReadonlyMap<string, TaskSpec>,
  outputs: readonly string[],
): Map<string, number> {
  const rank = new Map<string, number>();
  const visit = (root: string): void => {
    if (rank.has(root)) return;
    const spec = tasks.get(root);
    if (spec === undefined) return;
    if (spec.dependencies.length === 0) {
      rank.set(root, rank.size);
      return;
    }
    // Post-order without recursion: a key gets its rank after all its dependencies have theirs.
    const stack: [string, number][] = [[root, 0]];
    const onStack = new Set<string>([root]);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as [string, number];
      const dependencies = (tasks.get(top[0]) as TaskSpec).dependencies;
      if (top[1] < dependencies.length) {
        const next = dependencies[top[1]++] as string;
        if (!rank.has(next) && tasks.has(next) && !onStack.has(next)) {
          stack.push([next, 0]);
          onStack.add(next);
        }
        continue;
      }
      stack.pop();
      onStack.delete(top[0]);
      rank.set(top[0], rank.size);
    }
  };
  for (const output of outputs) visit(output);
  for (const key of tasks.keys()) visit(key);
  return rank;
}
