/**
 * What the dashboard keeps through getState/setState, so a hidden view comes back as it was:
 * the page, the graph's mode and viewports, the task stream's window, and the runs themselves.
 */
import type { RunListSnapshot } from "./model/runList";
import type { GraphPageState } from "./views/graphPage";
import type { TaskStreamState } from "./views/taskStream";

export const SAVED_STATE_VERSION = 2;

export interface SavedState {
  readonly v: typeof SAVED_STATE_VERSION;
  readonly page: number;
  readonly version: string;
  readonly graph: GraphPageState;
  readonly stream: TaskStreamState;
  readonly runs: RunListSnapshot;
}

export function isSavedState(value: unknown): value is SavedState {
  return (
    typeof value === "object" &&
    value !== null &&
    "v" in value &&
    value.v === SAVED_STATE_VERSION &&
    "runs" in value
  );
}
