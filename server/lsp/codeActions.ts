/**
 * Code actions: a rewrite per parallel loop (kind refactor.rewrite, the best one preferred) and a
 * quick fix per lint that has a safe one. Edits are built only in codeAction/resolve.
 */
import { lineAndColumnAt } from "../analysis/lines";
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type TextEdit as LspTextEdit,
} from "vscode-languageserver/node";
import type { SourceFile } from "ts-morph";
import { VERDICT_CODES, LINT_CODES } from "../analysis/codes";
import type { TextEdit } from "../analysis/edits";
import { PARALLEL_VERDICTS } from "../analysis/verdict";
import { buildRewrite, rewritesFor, type RewriteId } from "../analysis/rewrite/rewrites";
import { RewriteFailure } from "../analysis/rewrite/context";
import type { AnalysisWorkspace } from "../analysis/workspace";
import type { WeftCodeActionData } from "../protocol";
import type { AnalysedDocument } from "./documentAnalyzer";

function overlaps(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return aStart <= bEnd && bStart <= aEnd;
}

export function toLspEdits(file: SourceFile, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((edit) => {
    const start = lineAndColumnAt(file, edit.start);
    const end = lineAndColumnAt(file, edit.end);
    return {
      range: {
        start: { line: start.line - 1, character: start.column - 1 },
        end: { line: end.line - 1, character: end.column - 1 },
      },
      newText: edit.newText,
    };
  });
}

export function listCodeActions(
  document: AnalysedDocument,
  start: number,
  end: number,
  diagnostics: readonly Diagnostic[],
  workspace: AnalysisWorkspace,
): CodeAction[] {
  const { file, analysis } = document;
  if (!file) return [];
  const actions: CodeAction[] = [];
  const purity = workspace.purityFor(file);
  for (const report of analysis.loopsIn(start, end)) {
    if (report.partOf || !PARALLEL_VERDICTS.has(report.verdict.kind)) continue;
    if (!overlaps(report.site.start, report.site.end, start, end)) continue;
    const code = VERDICT_CODES[report.verdict.kind];
    const related = diagnostics.filter((d) => d.code === code);
    for (const option of rewritesFor(report, file, purity)) {
      const data: WeftCodeActionData = {
        uri: document.uri,
        version: document.version,
        start: report.site.start,
        rewrite: option.id,
      };
      actions.push({
        title: option.title,
        kind: CodeActionKind.RefactorRewrite,
        isPreferred: option.isPreferred,
        ...(related.length > 0 ? { diagnostics: related } : {}),
        data,
      });
    }
  }
  for (const lint of analysis.lints) {
    if (!lint.fix || !overlaps(lint.node.getStart(), lint.node.getEnd(), start, end)) continue;
    const data: WeftCodeActionData = {
      uri: document.uri,
      version: document.version,
      start: lint.node.getStart(),
      lint: lint.code,
    };
    actions.push({
      title: lint.fix.title,
      kind: CodeActionKind.QuickFix,
      isPreferred: true,
      diagnostics: diagnostics.filter((d) => d.code === LINT_CODES[lint.code]),
      data,
    });
  }
  return actions;
}

/** Fills in the edit of an action listed earlier, if the document has not changed since. */
export function resolveCodeAction(
  action: CodeAction,
  document: AnalysedDocument | undefined,
  workspace: AnalysisWorkspace,
): CodeAction {
  const data = action.data as WeftCodeActionData | undefined;
  if (!data || !document?.file || document.version !== data.version) return action;
  const file = document.file;
  let edits: readonly TextEdit[] | undefined;
  if (data.rewrite) {
    const report = document.analysis
      .loopsIn(data.start, data.start)
      .find((r) => r.site.start === data.start);
    if (report) {
      const built = buildRewrite(
        report,
        data.rewrite as RewriteId,
        file,
        workspace.purityFor(file),
      );
      if (!(built instanceof RewriteFailure)) edits = built.edits;
    }
  } else if (data.lint) {
    const lint = document.analysis.lints.find(
      (l) => l.code === data.lint && l.node.getStart() === data.start,
    );
    edits = lint?.fix?.edits;
  }
  if (!edits) return action;
  return { ...action, edit: { changes: { [document.uri]: toLspEdits(file, edits) } } };
}
