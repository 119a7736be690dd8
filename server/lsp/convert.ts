/**
 * Findings (analysis) as LSP diagnostics, and offsets as ranges.
 */
import { DiagnosticSeverity, type Diagnostic, type Range } from "vscode-languageserver/node";
import type { Finding, Severity, Span } from "../analysis/findings";
import { DIAGNOSTIC_SOURCE } from "../analysis/codes";
import { uriOfPath } from "./paths";

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function rangeOf(span: Span): Range {
  return {
    start: { line: span.line - 1, character: span.column - 1 },
    end: { line: span.endLine - 1, character: span.endColumn - 1 },
  };
}

export function diagnosticOf(finding: Finding, withRelated: boolean): Diagnostic {
  return {
    range: rangeOf(finding),
    severity: SEVERITIES[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.code,
    message: finding.message,
    ...(withRelated && finding.related.length > 0
      ? {
          relatedInformation: finding.related.map((r) => ({
            location: { uri: uriOfPath(r.path), range: rangeOf(r) },
            message: r.message,
          })),
        }
      : {}),
  };
}
