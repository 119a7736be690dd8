/**
 * Command ids, in one place: package.json contributes the same ids (a unit test checks both).
 */
export const Commands = {
  showDashboard: "weft.showDashboard",
  showOutput: "weft.showOutput",
  openEventsFile: "weft.openEventsFile",
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
