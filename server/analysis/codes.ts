/**
 * The diagnostic code of each verdict and lint: stable, shown in the editor and by `weft check`.
 */
import type { LintCode } from "./lints";
import type { VerdictKind } from "./verdict";

export const VERDICT_CODES: Record<VerdictKind, string> = {
  map: "parallel-map",
  reduce: "parallel-reduce",
  nested: "parallel-nested",
  evolving: "parallel-evolving",
  concurrency: "await-in-loop",
  sequential: "sequential",
  cheap: "too-cheap",
};

export const LINT_CODES: Record<LintCode, LintCode> = {
  "delayed-eager-call": "delayed-eager-call",
  "compute-in-loop": "compute-in-loop",
  "delayed-in-condition": "delayed-in-condition",
  "mutated-task-argument": "mutated-task-argument",
  "unawaited-result": "unawaited-result",
  "unawaited-rejoin": "unawaited-rejoin",
  "closure-cannot-ship": "closure-cannot-ship",
};

export const DIAGNOSTIC_SOURCE = "weft";
