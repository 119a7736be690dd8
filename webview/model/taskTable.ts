/**
 * Tasks in a compact, column-wise form for getState/setState: VS Code serializes the whole
 * state on every save, so 5,000 tasks must cost tens of kilobytes, not a megabyte. Keys stay
 * strings; dependencies become indices; states one letter each; source locations are shared.
 */
import {
  TASK_STATES,
  type SourceLocation,
  type TaskState,
} from "../../runtime/src/protocol/events";
import type { TaskRecord } from "./runModel";

export interface TaskTable {
  readonly keys: readonly string[];
  readonly groups: readonly string[];
  /** Index into `groups`, per task. */
  readonly group: readonly number[];
  /** Indices of each task's dependencies among `keys` (unknown keys left out). */
  readonly deps: readonly (readonly number[])[];
  /** One character per task: the index of its state in TASK_STATES. */
  readonly states: string;
  /** Start, end and worker per task; -1 when unknown. Times rounded to 0.01 ms. */
  readonly start: readonly number[];
  readonly end: readonly number[];
  readonly worker: readonly number[];
  readonly locations: readonly SourceLocation[];
  /** Index into `locations`, per task; -1 when unknown. */
  readonly location: readonly number[];
}

const round = (ms: number | undefined): number =>
  ms === undefined ? -1 : Math.round(ms * 100) / 100;

export function encodeTasks(tasks: Iterable<TaskRecord>): TaskTable {
  const list = [...tasks];
  const indexOf = new Map(list.map((task, index) => [task.key, index]));
  const groups: string[] = [];
  const groupIndex = new Map<string, number>();
  const locations: SourceLocation[] = [];
  const locationIndex = new Map<string, number>();
  const indexIn = <T>(map: Map<string, number>, array: T[], id: string, value: T): number => {
    let index = map.get(id);
    if (index === undefined) {
      index = array.length;
      array.push(value);
      map.set(id, index);
    }
    return index;
  };
  return {
    keys: list.map((task) => task.key),
    groups,
    group: list.map((task) => indexIn(groupIndex, groups, task.group, task.group)),
    deps: list.map((task) =>
      task.dependencies
        .map((dep) => indexOf.get(dep))
        .filter((index): index is number => index !== undefined),
    ),
    states: list.map((task) => String(TASK_STATES.indexOf(task.state))).join(""),
    start: list.map((task) => round(task.startTime)),
    end: list.map((task) => round(task.endTime)),
    worker: list.map((task) => task.worker ?? -1),
    locations,
    location: list.map((task) =>
      task.location
        ? indexIn(
            locationIndex,
            locations,
            `${task.location.file}:${task.location.line}:${task.location.column}`,
            task.location,
          )
        : -1,
    ),
  };
}

export function decodeTasks(table: TaskTable): TaskRecord[] {
  return table.keys.map((key, index) => {
    const record: TaskRecord = {
      key,
      group: table.groups[table.group[index] ?? 0] ?? "",
      state: TASK_STATES[Number(table.states[index] ?? 0)] ?? ("waiting" as TaskState),
      dependencies: (table.deps[index] ?? []).map((dep) => table.keys[dep] ?? ""),
    };
    const start = table.start[index] ?? -1;
    const end = table.end[index] ?? -1;
    const worker = table.worker[index] ?? -1;
    const location = table.locations[table.location[index] ?? -1];
    if (start >= 0) record.startTime = start;
    if (end >= 0) record.endTime = end;
    if (worker >= 0) record.worker = worker;
    if (location) record.location = location;
    return record;
  });
}
