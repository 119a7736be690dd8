/**
 * The task graph in Graphviz DOT, one node per key labelled by its group, coloured by the state
 * each key last reached (grey: not run yet). Edges point from a dependency to its dependent.
 */
import type { TaskSpec } from "../graph/task-spec";
import type { TaskState } from "../protocol/events";
import { groupOfKey } from "../protocol/events";

export const STATE_COLORS: Readonly<Record<TaskState, string>> = {
  waiting: "#d9d9d9",
  queued: "#bdbdbd",
  processing: "#6baed6",
  memory: "#74c476",
  erred: "#fb6a4a",
  cancelled: "#fdae6b",
  released: "#a1d99b",
};

function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

export function toDot(
  tasks: ReadonlyMap<string, TaskSpec>,
  stateOf: (key: string) => TaskState | undefined,
): string {
  const lines = [
    "digraph weft {",
    "  rankdir=BT;",
    '  node [shape=box, style="rounded,filled", fontname="Helvetica"];',
  ];
  const node = (key: string): string => {
    const state = stateOf(key);
    const fill = state === undefined ? "#ffffff" : STATE_COLORS[state];
    const tooltip = state === undefined ? key : `${key} (${state})`;
    return `  ${quote(key)} [label=${quote(groupOfKey(key))}, tooltip=${quote(tooltip)}, fillcolor=${quote(fill)}];`;
  };
  const drawn = new Set<string>();
  for (const [key, spec] of tasks) {
    lines.push(node(key));
    drawn.add(key);
    for (const dependency of spec.dependencies)
      lines.push(`  ${quote(dependency)} -> ${quote(key)};`);
  }
  // Persisted results the graph builds on: drawn too, in the state the cluster holds them.
  for (const spec of tasks.values()) {
    for (const dependency of spec.dependencies) {
      if (!drawn.has(dependency)) {
        lines.push(node(dependency));
        drawn.add(dependency);
      }
    }
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
