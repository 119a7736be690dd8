/**
 * The analysis of one version of an open document, as the language server uses it: the findings
 * of every loop (some carried over from the previous version, see `incremental.ts`), the lints,
 * and the full loop reports, made on demand for the top-level statements a hover or a code action
 * asks about. Carried-over findings hold only positions and text; reports hold live nodes.
 */
import type { SourceFile } from "ts-morph";
import { analyzeLoops, type LoopReport } from "./analyzeFile";
import {
  lintFinding,
  loopFinding,
  reportsLoop,
  type Finding,
  type FindingOptions,
} from "./findings";
import type { Lint } from "./lints";
import { findLoops } from "./loops";
import { PurityAnalysis } from "./purity";

/** A loop's diagnostic, and whether it shows only with `weft.analysis.explainSequential`. */
export interface LoopFinding {
  readonly finding: Finding;
  readonly explainOnly: boolean;
}

/** What the loops of one top-level statement came to. */
export interface StatementFindings {
  readonly loops: number;
  readonly findings: readonly LoopFinding[];
}

export class DocumentAnalysis {
  readonly lints: Lint[] = [];
  /** The time budget ran out before every loop was looked at. */
  partial = false;
  /** Statements analysed afresh for this version (the rest were carried over). */
  reanalysed = 0;
  /** Findings carried over from the previous version, by top-level statement. */
  private readonly carried = new Map<number, StatementFindings>();
  /** Reports made for this version, by top-level statement (the last may still be growing). */
  private readonly reports = new Map<number, LoopReport[]>();
  private readonly madeFindings = new Map<number, StatementFindings>();
  /** Reports of carried-over statements, made when a hover or code action needs them. */
  private readonly onDemand = new Map<number, LoopReport[]>();
  private purity: PurityAnalysis | undefined;

  constructor(readonly file: SourceFile | undefined) {}

  get loopCount(): number {
    let count = 0;
    for (const statement of this.carried.values()) count += statement.loops;
    for (const reports of this.reports.values()) count += reports.length;
    return count;
  }

  /** Keeps the findings of statement `index` from the previous version (already moved). */
  carry(index: number, findings: StatementFindings): void {
    this.carried.set(index, findings);
  }

  /** Takes the reports of statement `index` as they are made: `reports` may still grow. */
  record(index: number, reports: LoopReport[]): void {
    this.reports.set(index, reports);
  }

  /** What statement `index` came to, or undefined if it was not analysed. */
  statementFindings(index: number): StatementFindings | undefined {
    const carried = this.carried.get(index);
    if (carried) return carried;
    const reports = this.reports.get(index);
    if (!reports) return undefined;
    const made = this.madeFindings.get(index);
    if (made && made.loops === reports.length) return made;
    const findings: LoopFinding[] = [];
    for (const report of reports) {
      if (!reportsLoop(report, { explainSequential: true })) continue;
      findings.push({
        finding: loopFinding(report),
        explainOnly: !reportsLoop(report, { explainSequential: false }),
      });
    }
    const statement = { loops: reports.length, findings };
    this.madeFindings.set(index, statement);
    return statement;
  }

  /** Every top-level statement's findings, in order. */
  statements(): (StatementFindings | undefined)[] {
    const count = this.file?.compilerNode.statements.length ?? 0;
    return Array.from({ length: count }, (_, index) => this.statementFindings(index));
  }

  /** The diagnostics to show: loops in source order, then lints. */
  findings(options: FindingOptions): Finding[] {
    const findings: Finding[] = [];
    for (const statement of this.statements()) {
      for (const loop of statement?.findings ?? []) {
        if (!loop.explainOnly || options.explainSequential) findings.push(loop.finding);
      }
    }
    for (const lint of this.lints) findings.push(lintFinding(lint));
    return findings;
  }

  /** The reports of every loop in the top-level statements that overlap `start`…`end`. */
  loopsIn(start: number, end: number): LoopReport[] {
    const file = this.file;
    if (!file) return [];
    const out: LoopReport[] = [];
    file.compilerNode.statements.forEach((statement, index) => {
      if (statement.end < start || statement.pos > end) return;
      let reports = this.reports.get(index) ?? this.onDemand.get(index);
      if (!reports) {
        reports = [];
        this.purity ??= new PurityAnalysis(file.getProject());
        const steps = analyzeLoops(findLoops(file, statement), this.purity, reports);
        while (!steps.next().done);
        this.onDemand.set(index, reports);
      }
      out.push(...reports);
    });
    return out;
  }
}
