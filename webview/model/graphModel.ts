/**
 * The two graphs the Graph page can show, as index-based inputs for the layered layout: the
 * DAG of tasks (while the run is small enough to draw every task) and the DAG of task groups.
 */
import type { LayoutGraph } from "../layout/layeredLayout";
import { TASK_GRAPH_LIMIT } from "./limits";
import type { RunModel } from "./runModel";

export type GraphMode = "tasks" | "groups";

export interface GraphNodes extends LayoutGraph {
  readonly mode: GraphMode;
  /** Task keys or group names, by node index. */
  readonly ids: readonly string[];
}

/**
 * Whether every task of the run can be drawn: few enough, and all of them known (a graph with
 * nodes missing because their details were capped away would mislead; the groups do not).
 */
export function canShowTasks(run: RunModel): boolean {
  return run.knowsEveryTask() && run.taskCount() <= TASK_GRAPH_LIMIT;
}

export function taskGraph(run: RunModel): GraphNodes {
  const ids = [...run.tasks.keys()];
  const indexOf = new Map(ids.map((id, index) => [id, index]));
  const dependencies = ids.map((id) => {
    const deps: number[] = [];
    for (const dep of run.tasks.get(id)?.dependencies ?? []) {
      const index = indexOf.get(dep);
      if (index !== undefined) deps.push(index);
    }
    return deps;
  });
  return { mode: "tasks", ids, nodeCount: ids.length, dependencies };
}

export function groupGraph(run: RunModel): GraphNodes {
  const ids = [...run.groups.keys()];
  const indexOf = new Map(ids.map((id, index) => [id, index]));
  const dependencies = ids.map((id) =>
    (run.groups.get(id)?.dependsOn ?? [])
      .map((dep) => indexOf.get(dep))
      .filter((index): index is number => index !== undefined),
  );
  return { mode: "groups", ids, nodeCount: ids.length, dependencies };
}
