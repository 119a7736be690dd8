/**
 * The analysis of one file: a verdict per loop and the lints for Weft code already there. It runs
 * as a generator so a caller can stop between loops (a newer edit, a time budget) and keep what
 * was found so far.
 */
import type { Node, Project, SourceFile } from "ts-morph";
import { findLoops, type LoopSite } from "./loops";
import { collectLoopFacts } from "./loopFacts";
import { findLints, type Lint } from "./lints";
import { PurityAnalysis } from "./purity";
import { decideVerdict, PARALLEL_VERDICTS, type LoopVerdict } from "./verdict";

export interface LoopReport {
  readonly site: LoopSite;
  readonly verdict: LoopVerdict;
  /** The parallel loop this one is part of: its rewrite covers this loop too. */
  readonly partOf?: LoopReport;
}

export interface FileAnalysis {
  readonly loops: LoopReport[];
  readonly lints: Lint[];
  /** The time budget ran out before every loop was looked at. */
  partial: boolean;
}

export interface AnalysisOptions {
  /** Milliseconds after which the analysis stops and returns what it has. */
  readonly budgetMs?: number;
  readonly now?: () => number;
}

/** Yields after each loop, so a caller can give the event loop a turn or stop. */
export function* analyzeSteps(
  file: SourceFile,
  project: Project,
  result: FileAnalysis,
): Generator<void, FileAnalysis> {
  const purity = new PurityAnalysis(project);
  yield* analyzeLoops(findLoops(file), purity, result.loops);
  result.lints.push(...findLints(file, purity));
  return result;
}

/**
 * Judges the loops `sites` (outer loops before inner ones, as `findLoops` lists them) and appends
 * a report per loop to `into`, yielding after each.
 */
export function* analyzeLoops(
  sites: readonly LoopSite[],
  purity: PurityAnalysis,
  into: LoopReport[],
): Generator<void, void> {
  const reports = new Map<Node, LoopReport>();
  for (const site of sites) {
    const facts = collectLoopFacts(site.node, purity);
    if (!facts) continue;
    let partOf: LoopReport | undefined;
    for (let at = site.node.getParent(); at && partOf === undefined; at = at.getParent()) {
      const outer = reports.get(at);
      if (outer)
        partOf = outer.partOf ?? (PARALLEL_VERDICTS.has(outer.verdict.kind) ? outer : undefined);
    }
    const report: LoopReport = {
      site,
      verdict: decideVerdict(facts, purity),
      ...(partOf ? { partOf } : {}),
    };
    reports.set(site.node, report);
    into.push(report);
    yield;
  }
}

/** Runs the whole analysis now, stopping at the budget with partial results. */
export function analyzeFile(
  file: SourceFile,
  project: Project,
  options: AnalysisOptions = {},
): FileAnalysis {
  const now = options.now ?? (() => performance.now());
  const deadline = now() + (options.budgetMs ?? Number.POSITIVE_INFINITY);
  const result: FileAnalysis = { loops: [], lints: [], partial: false };
  const steps = analyzeSteps(file, project, result);
  for (let step = steps.next(); !step.done; step = steps.next()) {
    if (now() > deadline) {
      result.partial = true;
      break;
    }
  }
  return result;
}
