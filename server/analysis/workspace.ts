/**
 * The files the analysis sees. Open documents override the files on disk. Each analysis of an
 * open document gets a fresh ts-morph project holding that document and, on demand, the files
 * its calls lead into: dropping a whole project is far cheaper than making ts-morph forget the
 * old tree of a replaced file. The document's own tree is parsed incrementally from the previous
 * version's, which that update consumes: a snapshot is good until the next snapshot of the same
 * document. No tsconfig is needed: a file outside any project is read the same.
 */
import { readFileSync, statSync } from "node:fs";
import { Project, ts, type SourceFile } from "ts-morph";
import { analyzeFile, analyzeSteps, type AnalysisOptions, type FileAnalysis } from "./analyzeFile";
import type { DependencyTracker } from "./incremental";
import { adoptTree, IncrementalParser } from "./incrementalParse";
import { ModuleResolver } from "./moduleResolution";
import { PurityAnalysis, setProjectFiles } from "./purity";

export const ANALYSED_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

export function isAnalysedPath(path: string): boolean {
  const lower = path.toLowerCase();
  return ANALYSED_EXTENSIONS.some((ext) => lower.endsWith(ext)) && !lower.endsWith(".d.ts");
}

const PROJECT_OPTIONS = {
  compilerOptions: { allowJs: true, checkJs: false, noEmit: true },
  skipAddingFilesFromTsConfig: true,
  skipFileDependencyResolution: true,
} as const;

export class AnalysisWorkspace implements DependencyTracker {
  private readonly openTexts = new Map<string, string>();
  /** Per snapshot: the other files its analysis read, with what each was then. */
  private readonly reads = new WeakMap<Project, Map<string, string>>();
  /** Open documents are parsed from their previous version's tree. */
  private readonly parser = new IncrementalParser();
  /** For the command line: one project for every file, none of them edited. */
  private diskProject: Project | undefined;

  /** Sets an open document's text; it overrides whatever is on disk until closed. */
  setOpen(path: string, text: string): void {
    this.openTexts.set(path, text);
  }

  /** Forgets an open document: later analyses read the file from disk again. */
  close(path: string): void {
    this.openTexts.delete(path);
    this.parser.forget(path.replace(/\\/g, "/"));
  }

  /** A fresh project holding the document at `path` (its open text, else the file on disk). */
  snapshot(path: string): SourceFile {
    const project = new Project(PROJECT_OPTIONS);
    const reads = new Map<string, string>();
    this.reads.set(project, reads);
    // Every file looked at (found or not) is noted: if one appears or changes, verdicts may too.
    const resolver = new ModuleResolver({
      fileExists: (candidate) => {
        const fingerprint = this.fingerprint(candidate);
        reads.set(candidate, fingerprint);
        return fingerprint.startsWith("open:") || fingerprint.startsWith("disk:");
      },
      readFile: (candidate) => {
        reads.set(candidate, this.fingerprint(candidate));
        return this.openTexts.get(candidate) ?? readIfFile(candidate);
      },
    });
    setProjectFiles(project, {
      resolve: (specifier, fromPath) => resolver.resolve(specifier, fromPath),
      load: (candidate) => {
        reads.set(candidate, this.fingerprint(candidate));
        const present = project.getSourceFile(candidate);
        if (present) return present;
        const open = this.openTexts.get(candidate);
        if (open !== undefined)
          return project.createSourceFile(candidate, open, { overwrite: true });
        return project.addSourceFileAtPathIfExists(candidate);
      },
    });
    const text = this.openTexts.get(path);
    if (text === undefined) return project.addSourceFileAtPath(path);
    // ts-morph strips a byte-order mark before parsing; such a file is parsed whole, its way.
    const adopted = text.startsWith("\uFEFF")
      ? undefined
      : adoptTree(project, this.parser.parse(path.replace(/\\/g, "/"), text));
    return adopted ?? project.createSourceFile(path, text, { overwrite: true });
  }

  readsOf(file: SourceFile): ReadonlyMap<string, string> {
    return this.reads.get(file.getProject()) ?? new Map();
  }

  unchanged(reads: ReadonlyMap<string, string>): boolean {
    for (const [path, fingerprint] of reads) {
      if (this.fingerprint(path) !== fingerprint) return false;
    }
    return true;
  }

  /** The files that the imports of `text` (the file at `fromPath`) resolve to. */
  importedPaths(text: string, fromPath: string): Set<string> {
    const resolver = new ModuleResolver({
      fileExists: (candidate) => this.fingerprint(candidate) !== "absent",
      readFile: (candidate) => this.openTexts.get(candidate) ?? readIfFile(candidate),
    });
    const paths = new Set<string>();
    for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
      const resolved = resolver.resolve(imported.fileName, fromPath);
      if (resolved !== undefined) paths.add(resolved);
    }
    return paths;
  }

  /** What a file is now: an open document's text, or the size and time of the file on disk. */
  private fingerprint(path: string): string {
    const open = this.openTexts.get(path);
    if (open !== undefined) return `open:${open}`;
    try {
      const stat = statSync(path);
      return stat.isFile() ? `disk:${stat.size}:${stat.mtimeMs}` : "absent";
    } catch {
      return "absent";
    }
  }

  /** A file from disk (for the command line), added once. */
  addFromDisk(path: string): SourceFile {
    this.diskProject ??= new Project(PROJECT_OPTIONS);
    return this.diskProject.getSourceFile(path) ?? this.diskProject.addSourceFileAtPath(path);
  }

  analyze(file: SourceFile, options: AnalysisOptions = {}): FileAnalysis {
    return analyzeFile(file, file.getProject(), options);
  }

  /** The step-wise analysis, for callers that give the event loop a turn between loops. */
  steps(file: SourceFile, result: FileAnalysis): Generator<void, FileAnalysis> {
    return analyzeSteps(file, file.getProject(), result);
  }

  /** A purity analysis over the project `file` belongs to (for building rewrites). */
  purityFor(file: SourceFile): PurityAnalysis {
    return new PurityAnalysis(file.getProject());
  }
}

function readIfFile(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
