/**
 * Checks a graph before it runs: every dependency names a key that exists (E_MISSING_KEY), and
 * no key depends on itself through others (E_CYCLE, naming the keys on the cycle).
 */
import { ErrorCode, WeftError } from "../errors";
import type { TaskSpec } from "./task-spec";

export function missingKeyError(key: string, neededBy?: string): WeftError {
  return new WeftError(
    ErrorCode.MissingKey,
    neededBy === undefined
      ? `key '${key}' is not in the graph. Add it, or ask for one of the graph's keys.`
      : `task ${neededBy} depends on key '${key}', which is not in the graph and not held by the ` +
          `cluster. Add a task for it, or check the spelling of ref("${key}").`,
  );
}

/** Throws E_MISSING_KEY for a dependency that is neither in `tasks` nor `known`. */
export function checkMissingKeys(
  tasks: ReadonlyMap<string, TaskSpec>,
  known: (key: string) => boolean,
): void {
  for (const spec of tasks.values()) {
    for (const dependency of spec.dependencies) {
      if (!tasks.has(dependency) && !known(dependency)) throw missingKeyError(dependency, spec.key);
    }
  }
}

/** Throws E_CYCLE if the graph has a cycle; the message lists the cycle's keys in order. */
export function checkCycles(tasks: ReadonlyMap<string, TaskSpec>): void {
  const VISITING = 1;
  const DONE = 2;
  const mark = new Map<string, number>();
  for (const start of tasks.keys()) {
    if (mark.has(start)) continue;
    // Iterative depth-first search; `path` is the current chain of keys.
    const path: string[] = [start];
    const cursors: number[] = [0];
    mark.set(start, VISITING);
    while (path.length > 0) {
      const key = path[path.length - 1] as string;
      const dependencies = tasks.get(key)?.dependencies ?? [];
      const cursor = cursors[cursors.length - 1] as number;
      if (cursor >= dependencies.length) {
        mark.set(key, DONE);
        path.pop();
        cursors.pop();
        continue;
      }
      cursors[cursors.length - 1] = cursor + 1;
      const next = dependencies[cursor] as string;
      const state = mark.get(next);
      if (state === VISITING) {
        const cycle = [...path.slice(path.indexOf(next)), next];
        throw new WeftError(
          ErrorCode.Cycle,
          `the graph has a cycle through key '${next}': ${cycle.join(" → ")}. A task cannot ` +
            `depend on its own result; break the cycle.`,
        );
      }
      if (state === undefined && tasks.has(next)) {
        mark.set(next, VISITING);
        path.push(next);
        cursors.push(0);
      }
    }
  }
}
