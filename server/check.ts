/**
 * `weft check <files|dirs> [--json]`: the language server's analysis for CI. Prints the same
 * diagnostics as the editor; exits 1 when any is a warning or worse, 2 on bad arguments.
 * Bundled as runtime/dist/check.mjs and loaded by the `weft` command line on demand.
 */
import { lineOf } from "./analysis/lines";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { LoopReport } from "./analysis/analyzeFile";
import { VERDICT_CODES } from "./analysis/codes";
import { findingsOf, headerSpan, type Finding } from "./analysis/findings";
import { AnalysisWorkspace, isAnalysedPath } from "./analysis/workspace";

const USAGE = `Usage: weft check <files or folders...> [--json] [--explain-sequential]

Finds the loops that can run in parallel and the misuses of Weft, as the editor does.
  --json                 print every loop (file, line, verdict, reasons) and every diagnostic as JSON
  --explain-sequential   also report loops that must stay sequential, and why
Exits 1 when a diagnostic is a warning or worse, 2 when the arguments are wrong.
`;

const SKIPPED_FOLDERS = new Set(["node_modules", "dist", "out", "build", "coverage"]);
/** Per file: a runaway analysis stops here and reports what it found. */
const FILE_BUDGET_MS = 10_000;

export interface CheckedLoop {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
  readonly verdict: string;
  readonly code: string;
  readonly message: string;
  readonly reasons: string[];
  /** The line of the parallel loop whose rewrite covers this one. */
  readonly partOfLine?: number;
}

export interface CheckReport {
  readonly files: string[];
  readonly loops: CheckedLoop[];
  readonly diagnostics: (Omit<Finding, "path" | "related"> & {
    readonly file: string;
    readonly related: { file: string; line: number; column: number; message: string }[];
  })[];
  readonly partial: string[];
}

class UsageError extends Error {}

function collectFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(path);
      } else if (entry.isFile() && isAnalysedPath(path)) files.push(path);
    }
  };
  for (const given of paths) {
    const path = resolve(given);
    if (!existsSync(path)) {
      throw new UsageError(`no such file or folder: ${given} (give files or folders of sources)`);
    }
    if (statSync(path).isDirectory()) walk(path);
    else if (isAnalysedPath(path)) files.push(path);
    else {
      throw new UsageError(
        `${given} is not a TypeScript or JavaScript source (.ts, .tsx, .js, .jsx, .mjs, .cjs)`,
      );
    }
  }
  return [...new Set(files)].sort();
}

function loopEntry(report: LoopReport, file: string): CheckedLoop {
  const { verdict } = report;
  const header = headerSpan(report);
  const reasons =
    verdict.kind === "sequential"
      ? verdict.blockers.map((b) => b.message)
      : verdict.related.map((r) => `line ${lineOf(r.node)}: ${r.message}`);
  return {
    file,
    line: header.line,
    column: header.column,
    kind: report.site.kind,
    verdict: verdict.kind,
    code: VERDICT_CODES[verdict.kind],
    message: verdict.message,
    reasons,
    ...(report.partOf ? { partOfLine: report.partOf.site.line } : {}),
  };
}

export function check(paths: readonly string[], explainSequential: boolean): CheckReport {
  const files = collectFiles(paths);
  const workspace = new AnalysisWorkspace();
  const report: CheckReport = { files: [], loops: [], diagnostics: [], partial: [] };
  const cwd = process.cwd();
  const shown = (path: string): string => relative(cwd, path) || path;
  for (const path of files) {
    const file = workspace.addFromDisk(path);
    const analysis = workspace.analyze(file, { budgetMs: FILE_BUDGET_MS });
    report.files.push(shown(path));
    if (analysis.partial) report.partial.push(shown(path));
    for (const loop of analysis.loops) report.loops.push(loopEntry(loop, shown(path)));
    for (const finding of findingsOf(analysis, { explainSequential })) {
      const { path: findingPath, related, ...rest } = finding;
      report.diagnostics.push({
        ...rest,
        file: shown(findingPath),
        related: related.map((r) => ({
          file: shown(r.path),
          line: r.line,
          column: r.column,
          message: r.message,
        })),
      });
    }
  }
  return report;
}

function printText(report: CheckReport, write: (text: string) => void): void {
  for (const d of report.diagnostics) {
    write(`${d.file}:${d.line}:${d.column}  ${d.severity}  ${d.message}  [${d.code}]\n`);
    for (const r of d.related) write(`    ${r.file}:${r.line}:${r.column}  ${r.message}\n`);
  }
  for (const file of report.partial) {
    write(`${file}: the analysis stopped after ${FILE_BUDGET_MS} ms; results are partial\n`);
  }
  const parallel = report.loops.filter(
    (l) => l.partOfLine === undefined && l.verdict !== "sequential" && l.verdict !== "cheap",
  );
  write(
    `weft check: ${report.files.length} files, ${report.loops.length} loops, ` +
      `${parallel.length} could run in parallel, ${report.diagnostics.length} diagnostics\n`,
  );
}

export async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes("--json");
  const explainSequential = argv.includes("--explain-sequential");
  if (argv.includes("-h") || argv.includes("--help")) {
    process.stdout.write(USAGE);
    return 0;
  }
  const unknown = argv.filter(
    (a) => a.startsWith("-") && !["--json", "--explain-sequential"].includes(a),
  );
  const paths = argv.filter((a) => !a.startsWith("-"));
  try {
    if (unknown.length > 0) throw new UsageError(`unknown option ${unknown.join(", ")}`);
    if (paths.length === 0) throw new UsageError("give at least one file or folder to check");
    const report = check(paths, explainSequential);
    if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printText(report, (text) => process.stdout.write(text));
    const failing = report.diagnostics.some(
      (d) => d.severity === "warning" || d.severity === "error",
    );
    return failing ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`weft check: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
