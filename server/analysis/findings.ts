/**
 * Verdicts and lints as findings: a code, a severity, a message and located spans. The language
 * server turns them into LSP diagnostics, and `weft check` prints them. No LSP types here.
 */
import { lineAndColumnAt } from "./lines";
import type { Node } from "ts-morph";
import type { FileAnalysis, LoopReport } from "./analyzeFile";
import { LINT_CODES, VERDICT_CODES } from "./codes";
import type { Lint } from "./lints";
import { PARALLEL_VERDICTS } from "./verdict";

export type Severity = "error" | "warning" | "information" | "hint";

export interface Span {
  readonly path: string;
  readonly start: number;
  readonly end: number;
  /** 1-based, as people count. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface Finding extends Span {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly related: readonly (Span & { readonly message: string })[];
}

export interface FindingOptions {
  /** Also explain loops that must stay sequential (setting `weft.analysis.explainSequential`). */
  readonly explainSequential: boolean;
}

export function spanOf(node: Node, start = node.getStart(), end = node.getEnd()): Span {
  const file = node.getSourceFile();
  const from = lineAndColumnAt(file, start);
  const to = lineAndColumnAt(file, end);
  return {
    path: file.getFilePath(),
    start,
    end,
    line: from.line,
    column: from.column,
    endLine: to.line,
    endColumn: to.column,
  };
}

/** The loop's header (`for (const x of xs)`, `items.forEach(`): where its diagnostic sits. */
export function headerSpan(report: LoopReport): Span {
  const loop = report.site.node;
  const body = report.verdict.facts.body;
  const bodyStart = body.getStart();
  const text = loop.getSourceFile().getFullText();
  let end = bodyStart > loop.getStart() && bodyStart < loop.getEnd() ? bodyStart : loop.getEnd();
  // A do…while's body comes first: underline the `do` keyword.
  if (end <= loop.getStart() + 2) end = loop.getStart() + 2;
  while (end > loop.getStart() && /\s|\(/.test(text[end - 1] ?? "") && text[end - 1] !== ")") end--;
  const lineEnd = text.indexOf("\n", loop.getStart());
  if (lineEnd > loop.getStart() && end > lineEnd) end = lineEnd;
  return spanOf(loop, loop.getStart(), Math.max(end, loop.getStart() + 1));
}

/** Whether a loop deserves a diagnostic of its own. */
export function reportsLoop(report: LoopReport, options: FindingOptions): boolean {
  if (report.partOf) return false;
  if (PARALLEL_VERDICTS.has(report.verdict.kind)) return true;
  return (
    options.explainSequential &&
    report.verdict.kind === "sequential" &&
    report.verdict.heavyCalls.length > 0
  );
}

export function loopFinding(report: LoopReport): Finding {
  const { verdict } = report;
  return {
    ...headerSpan(report),
    code: VERDICT_CODES[verdict.kind],
    severity: "information",
    message: verdict.message,
    related: verdict.related.map((r) => ({ ...spanOf(r.node), message: r.message })),
  };
}

export function lintFinding(lint: Lint): Finding {
  return {
    ...spanOf(lint.node),
    code: LINT_CODES[lint.code],
    severity: "warning",
    message: lint.message,
    related: lint.related.map((r) => ({ ...spanOf(r.node), message: r.message })),
  };
}

export function findingsOf(analysis: FileAnalysis, options: FindingOptions): Finding[] {
  const findings = analysis.loops.filter((r) => reportsLoop(r, options)).map(loopFinding);
  for (const lint of analysis.lints) findings.push(lintFinding(lint));
  return findings;
}
