/**
 * Hover on a loop's header: its verdict, and for a sequential loop the statement that keeps it so.
 */
import { lineOf } from "../analysis/lines";
import { MarkupKind, type Hover } from "vscode-languageserver/node";
import { headerSpan } from "../analysis/findings";
import { VERDICT_CODES } from "../analysis/codes";
import type { AnalysedDocument } from "./documentAnalyzer";
import { rangeOf } from "./convert";

export function hoverAt(document: AnalysedDocument, offset: number): Hover | null {
  // Innermost loop whose header holds the offset.
  const loops = document.analysis.loopsIn(offset, offset).filter((report) => {
    const header = headerSpan(report);
    return offset >= header.start && offset <= header.end;
  });
  const report = loops.at(-1);
  if (!report) return null;
  const { verdict } = report;
  const lines = [`**Weft** · \`${VERDICT_CODES[verdict.kind]}\``, "", verdict.message];
  if (verdict.blocking) {
    const node = verdict.blocking.node;
    const where = `${node.getSourceFile().getBaseName()}:${lineOf(node)}`;
    const text = node.getText().split("\n")[0] ?? "";
    lines.push("", `Blocking statement (${where}):`, "", "```ts", text, "```");
    for (const other of verdict.blockers.slice(1, 4)) lines.push(`- ${other.message}`);
  } else if (report.partOf) {
    lines.push("", `Part of the parallel loop on line ${report.partOf.site.line}.`);
  }
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join("\n") },
    range: rangeOf(headerSpan(report)),
  };
}
