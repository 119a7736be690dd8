/**
 * Command ids, in one place: package.json contributes the same ids (a unit test checks both).
 */
export const Commands = {
  runCurrentFile: "weft.runCurrentFile",
  stopRun: "weft.stopRun",
  startCluster: "weft.startCluster",
  stopCluster: "weft.stopCluster",
  restartCluster: "weft.restartCluster",
  showDashboard: "weft.showDashboard",
  openEventsFile: "weft.openEventsFile",
  showOutput: "weft.showOutput",
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
