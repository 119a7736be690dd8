/**
 * Re-analyses an open document after an edit without judging every loop again. The top-level
 * statements of the new version are matched with those of the previous one (`topLevel.ts`); a
 * matched statement that uses no name whose meaning may have changed keeps its findings, moved to
 * where its text now stands. The rest are analysed afresh. Anything read from other files counts
 * too: if one of them changed, every statement is analysed again.
 */
import { ts, type SourceFile } from "ts-morph";
import { analyzeLoops, type LoopReport } from "./analyzeFile";
import type { DocumentAnalysis, StatementFindings } from "./documentAnalysis";
import type { Finding, Span } from "./findings";
import { findLints } from "./lints";
import { lineAndColumnAt } from "./lines";
import { findLoops } from "./loops";
import { PurityAnalysis } from "./purity";
import {
  matchStatements,
  statementsToReanalyse,
  topLevelStatements,
  type TopLevelStatement,
} from "./topLevel";

/** What the analysis read besides the document itself, and whether that is still what it was. */
export interface DependencyTracker {
  /** Path → a fingerprint of what was read, for everything read while analysing `file`. */
  readsOf(file: SourceFile): ReadonlyMap<string, string>;
  unchanged(reads: ReadonlyMap<string, string>): boolean;
}

interface Version {
  readonly path: string;
  readonly isModule: boolean;
  readonly statements: readonly TopLevelStatement[];
  readonly results: readonly (StatementFindings | undefined)[];
  readonly reads: ReadonlyMap<string, string>;
}

export class IncrementalAnalysis {
  private previous: Version | undefined;

  constructor(private readonly dependencies: DependencyTracker) {}

  /** Whether the last complete analysis read the file at `path` (or looked for it). */
  hasRead(path: string): boolean {
    return this.previous?.reads.has(path) ?? false;
  }

  /** Forgets the previous version: the next analysis judges every loop. */
  reset(): void {
    this.previous = undefined;
  }

  /**
   * Fills `result` for `file`, yielding after each loop judged afresh so a caller can give the
   * event loop a turn or stop. Only a run that completes is remembered for the next edit.
   */
  *analyse(file: SourceFile, result: DocumentAnalysis): Generator<void, DocumentAnalysis> {
    const compiler = file.compilerNode;
    const path = file.getFilePath();
    const isModule = ts.isExternalModule(compiler);
    const previous =
      this.previous?.path === path &&
      this.previous.isModule === isModule &&
      this.dependencies.unchanged(this.previous.reads)
        ? this.previous
        : undefined;
    const seen = new Map(previous?.statements.map((s) => [s.fullText, s]));
    const statements = topLevelStatements(compiler, seen);
    const again = statements.map(() => true);
    if (previous) {
      const match = matchStatements(previous.statements, statements);
      const stale = statementsToReanalyse(previous.statements, statements, match);
      const mover = new FindingMover(previous.statements, statements, match, file);
      statements.forEach((_, index) => {
        const before = match[index] ?? -1;
        const kept = previous.results[before];
        if (stale[index] || !kept) return;
        const moved = mover.move(kept, before, index);
        if (!moved) return;
        result.carry(index, moved);
        again[index] = false;
      });
    }
    yield;
    const purity = new PurityAnalysis(file.getProject());
    for (const [index, statement] of compiler.statements.entries()) {
      if (!again[index]) continue;
      const reports: LoopReport[] = [];
      result.record(index, reports);
      result.reanalysed++;
      yield* analyzeLoops(findLoops(file, statement), purity, reports);
    }
    result.lints.push(...findLints(file, purity));
    const reads = new Map(previous?.reads);
    for (const [read, fingerprint] of this.dependencies.readsOf(file)) reads.set(read, fingerprint);
    this.previous = { path, isModule, statements, results: result.statements(), reads };
    return result;
  }
}

/** Moves findings of matched statements from the previous version's offsets to the new ones. */
class FindingMover {
  private readonly newIndexOf: Int32Array;

  constructor(
    private readonly before: readonly TopLevelStatement[],
    private readonly now: readonly TopLevelStatement[],
    match: Int32Array,
    private readonly file: SourceFile,
  ) {
    this.newIndexOf = new Int32Array(before.length).fill(-1);
    match.forEach((old, index) => {
      if (old >= 0) this.newIndexOf[old] = index;
    });
  }

  /** The findings of statement `from` (before) as statement `to` (now), or undefined if they cannot move. */
  move(kept: StatementFindings, from: number, to: number): StatementFindings | undefined {
    const path = this.file.getFilePath();
    const findings = [];
    for (const loop of kept.findings) {
      const { finding } = loop;
      // A message that names a line is right only where no line moved.
      const namesLines = [finding.message, ...finding.related.map((r) => r.message)].some((m) =>
        /\bline \d/.test(m),
      );
      const main = this.moveSpan(finding, from, to, namesLines);
      if (!main) return undefined;
      const related = [];
      for (const span of finding.related) {
        if (span.path !== path) {
          related.push(span);
          continue;
        }
        const moved = this.moveSpan(span, undefined, undefined, namesLines);
        if (!moved) return undefined;
        related.push({ ...moved, message: span.message });
      }
      const movedFinding: Finding = { ...finding, ...main, related };
      findings.push({ finding: movedFinding, explainOnly: loop.explainOnly });
    }
    return { loops: kept.loops, findings };
  }

  private moveSpan(
    span: Span,
    from: number | undefined,
    to: number | undefined,
    keepLines: boolean,
  ): Span | undefined {
    const old = from ?? this.statementAt(span.start);
    if (old === undefined || old < 0) return undefined;
    const target = to ?? this.newIndexOf[old] ?? -1;
    const was = this.before[old];
    const is = this.now[target];
    if (!was || !is || span.end > was.end) return undefined;
    if (keepLines && was.line !== is.line) return undefined;
    const delta = is.pos - was.pos;
    const start = span.start + delta;
    const end = span.end + delta;
    const from1 = lineAndColumnAt(this.file, start);
    const to1 = lineAndColumnAt(this.file, end);
    return {
      path: span.path,
      start,
      end,
      line: from1.line,
      column: from1.column,
      endLine: to1.line,
      endColumn: to1.column,
    };
  }

  /** The previous version's statement holding `offset`. */
  private statementAt(offset: number): number | undefined {
    let low = 0;
    let high = this.before.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const statement = this.before[middle];
      if (!statement) return undefined;
      if (offset < statement.pos) high = middle - 1;
      else if (offset >= statement.end) low = middle + 1;
      else return middle;
    }
    return undefined;
  }
}
