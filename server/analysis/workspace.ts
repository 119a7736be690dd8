/**
 * The files the analysis sees: a ts-morph project over the real file system, where the text of an
 * open document replaces the file on disk. No tsconfig is needed: files outside any project are
 * analysed the same way, and imported files are read only when a call leads into them.
 */
import { existsSync } from "node:fs";
import { Project, type SourceFile } from "ts-morph";
import { analyzeFile, analyzeSteps, type AnalysisOptions, type FileAnalysis } from "./analyzeFile";
import { PurityAnalysis } from "./purity";

export const ANALYSED_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

export function isAnalysedPath(path: string): boolean {
  return (
    ANALYSED_EXTENSIONS.some((ext) => path.toLowerCase().endsWith(ext)) && !path.endsWith(".d.ts")
  );
}

export class AnalysisWorkspace {
  readonly project = new Project({
    compilerOptions: { allowJs: true, checkJs: false, noEmit: true },
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
  });
  private readonly open = new Set<string>();

  /** Sets an open document's text; it overrides whatever is on disk until closed. */
  setOpen(path: string, text: string): SourceFile {
    this.open.add(path);
    return this.project.createSourceFile(path, text, { overwrite: true });
  }

  /** Forgets an open document: later analyses read the file from disk again. */
  close(path: string): void {
    this.open.delete(path);
    const file = this.project.getSourceFile(path);
    if (!file) return;
    if (existsSync(path)) {
      try {
        file.refreshFromFileSystemSync();
        return;
      } catch {
        // Fall through and drop it.
      }
    }
    this.project.removeSourceFile(file);
  }

  /** A file from disk (for the command line), added once. */
  addFromDisk(path: string): SourceFile {
    return this.project.getSourceFile(path) ?? this.project.addSourceFileAtPath(path);
  }

  file(path: string): SourceFile | undefined {
    return this.project.getSourceFile(path);
  }

  analyze(file: SourceFile, options: AnalysisOptions = {}): FileAnalysis {
    return analyzeFile(file, this.project, options);
  }

  /** The step-wise analysis, for callers that give the event loop a turn between loops. */
  steps(file: SourceFile, result: FileAnalysis): Generator<void, FileAnalysis> {
    return analyzeSteps(file, this.project, result);
  }

  purity(): PurityAnalysis {
    return new PurityAnalysis(this.project);
  }
}
