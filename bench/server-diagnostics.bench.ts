/**
 * The language server, warm: time from an edit (didChange) to its diagnostics for a 2,000-line
 * file, p50/p95 over 50 edits, with the default debounce and without it, and the part of it the
 * server spends analysing (as it reports in weft/analysisDone). Peers measured in the same run on
 * the same file: ts-morph parsing it whole, and TypeScript's own language service producing its
 * semantic diagnostics after the same edit (what an editor already pays per edit).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Project } from "ts-morph";
import ts from "typescript";
import { LspSession } from "../test/server/lspSession";
import { loopyFile } from "./loopySource";
import { percentile, printTable, type Measurement } from "./table";

const EDITS = 50;

async function serverEditLatencies(
  path: string,
  text: string,
  debounceMs?: number,
): Promise<{ latencies: number[]; analysis: number[] }> {
  const session = await LspSession.start({
    initializationOptions: debounceMs === undefined ? {} : { debounceMs },
  });
  // The server's own account of each analysis (parse, judge, findings), without transport.
  const analysis: number[] = [];
  session.connection.onNotification("weft/analysisDone", (done: { milliseconds: number }) =>
    analysis.push(done.milliseconds),
  );
  try {
    const uri = await session.open(path, text);
    await session.diagnostics(uri, 1);
    const latencies: number[] = [];
    for (let edit = 0; edit < EDITS; edit++) {
      // Change a number inside a loop bound: the kind of edit a user makes.
      const line = 2 + 19 * (edit % 50);
      const started = performance.now();
      const version = await session.change(uri, [
        {
          range: { start: { line, character: 20 }, end: { line, character: 24 } },
          newText: String(1000 + edit).slice(0, 4),
        },
      ]);
      await session.diagnostics(uri, version);
      latencies.push(performance.now() - started);
    }
    return { latencies, analysis: analysis.slice(1) };
  } finally {
    await session.shutdown();
  }
}

function parseTimes(path: string, text: string): number[] {
  const project = new Project({ useInMemoryFileSystem: true });
  const times: number[] = [];
  for (let edit = 0; edit < EDITS; edit++) {
    const started = performance.now();
    const file = project.createSourceFile(path, `${text}// ${edit}\n`, { overwrite: true });
    file.getStatements();
    times.push(performance.now() - started);
  }
  return times;
}

/** TypeScript's language service: semantic diagnostics of the same file after each edit. */
function languageServiceTimes(path: string, text: string): number[] {
  let current = text;
  let version = 0;
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [path],
    getScriptVersion: () => String(version),
    getScriptSnapshot: (name) =>
      name === path
        ? ts.ScriptSnapshot.fromString(current)
        : ts.sys.fileExists(name)
          ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name) ?? "")
          : undefined,
    getCurrentDirectory: () => tmpdir(),
    getCompilationSettings: () => ({ strict: true, target: ts.ScriptTarget.ES2022, noEmit: true }),
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
  };
  const service = ts.createLanguageService(host);
  service.getSemanticDiagnostics(path); // warm: libraries loaded and checked once
  const times: number[] = [];
  for (let edit = 0; edit < EDITS; edit++) {
    current = `${text}// ${edit}\n`;
    version++;
    const started = performance.now();
    service.getSemanticDiagnostics(path);
    times.push(performance.now() - started);
  }
  service.dispose();
  return times;
}

function rows(name: string, values: number[], note: string): Measurement[] {
  return [
    { name: `${name} p50`, value: percentile(values, 50), unit: "ms", higherIsBetter: false, note },
    { name: `${name} p95`, value: percentile(values, 95), unit: "ms", higherIsBetter: false, note },
  ];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "weft-bench-diagnostics-"));
  try {
    const text = loopyFile(2000);
    const path = join(dir, "loopy.ts");
    writeFileSync(path, text);
    const withDebounce = await serverEditLatencies(path, text);
    const noDebounce = await serverEditLatencies(path, text, 0);
    const measurements = [
      ...rows(
        "tsserver semantic diagnostics",
        languageServiceTimes(path, text),
        "peer, in-process",
      ),
      ...rows("ts-morph parse", parseTimes(path, text), "peer, in-process"),
      ...rows(
        "weft edit→diagnostics",
        withDebounce.latencies,
        "over stdio, default 25 ms debounce",
      ),
      ...rows("weft edit→diagnostics, no debounce", noDebounce.latencies, "over stdio"),
      ...rows("weft analysis in the server", withDebounce.analysis, "weft/analysisDone"),
    ];
    printTable(
      `Diagnostics after an edit, 2,000-line file, ${EDITS} edits (target: weft p95 < 100 ms)`,
      measurements,
      "tsserver semantic diagnostics p95",
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
