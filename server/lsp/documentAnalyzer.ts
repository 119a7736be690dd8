/**
 * Runs the analysis of open documents: debounced after an edit, a newer edit cancelling an older
 * analysis, time-sliced so the server keeps answering, and time-bounded with partial results.
 */
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { SourceFile } from "ts-morph";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { DocumentAnalysis } from "../analysis/documentAnalysis";
import { IncrementalAnalysis } from "../analysis/incremental";
import type { AnalysisWorkspace } from "../analysis/workspace";
import { describeError, type ErrorLog } from "./errorLog";
import { pathOfUri } from "./paths";

export interface AnalysedDocument {
  readonly uri: string;
  readonly version: number;
  /** Undefined when the analysis failed. */
  readonly file: SourceFile | undefined;
  readonly analysis: DocumentAnalysis;
  readonly milliseconds: number;
}

export interface DocumentAnalyzerOptions {
  readonly debounceMs: number;
  readonly budgetMs: number;
  /** How long the analysis runs before letting other messages through. */
  readonly sliceMs: number;
}

export class DocumentAnalyzer {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly generations = new Map<string, number>();
  private readonly results = new Map<string, AnalysedDocument>();
  /** The latest text of each open document, as last scheduled. */
  private readonly documents = new Map<string, TextDocument>();
  /** What each open document's last complete analysis found, for the next edit to build on. */
  private readonly incremental = new Map<string, IncrementalAnalysis>();
  private readonly imports = new Map<string, { version: number; paths: ReadonlySet<string> }>();

  constructor(
    private readonly workspace: AnalysisWorkspace,
    private readonly options: DocumentAnalyzerOptions,
    private readonly errors: ErrorLog,
    private readonly onAnalysed: (result: AnalysedDocument) => Promise<void>,
  ) {}

  /**
   * Analyses the document after the debounce; a later call for the same document wins. Open
   * documents that import this one are analysed again too: what they call may have changed.
   */
  schedule(document: TextDocument, delayMs = this.options.debounceMs): void {
    const path = pathOfUri(document.uri, document.languageId);
    this.workspace.setOpen(path, document.getText());
    this.documents.set(document.uri, document);
    this.scheduleOne(document, delayMs);
    for (const dependent of this.importersOf(path)) {
      this.scheduleOne(dependent, Math.max(delayMs, this.options.debounceMs));
    }
  }

  /**
   * Files changed, created or deleted on disk (the editor's file watcher): the open documents
   * that read or import them are analysed again. A tsconfig.json or jsconfig.json can change
   * where any import leads, so then every open document is.
   */
  filesChanged(paths: readonly string[]): void {
    this.imports.clear();
    const everything = paths.some((path) => /(^|[\\/])[jt]sconfig\.json$/.test(path));
    const again = new Set<TextDocument>();
    for (const path of everything ? [] : paths) {
      for (const document of this.importersOf(path)) again.add(document);
    }
    for (const document of everything ? this.documents.values() : again) {
      this.scheduleOne(document, this.options.debounceMs);
    }
  }

  /**
   * Open documents whose verdicts may depend on `path`: their last analysis read it (directly or
   * through other imports), or one of their imports resolves to it.
   */
  private importersOf(path: string): TextDocument[] {
    return [...this.documents.values()].filter((other) => {
      if (pathOfUri(other.uri, other.languageId) === path) return false;
      if (this.incremental.get(other.uri)?.hasRead(path)) return true;
      return this.importsOf(other).has(path);
    });
  }

  /** The files a document's imports resolve to, per version of the document. */
  private importsOf(document: TextDocument): ReadonlySet<string> {
    const cached = this.imports.get(document.uri);
    if (cached?.version === document.version) return cached.paths;
    const from = pathOfUri(document.uri, document.languageId);
    const paths = this.workspace.importedPaths(document.getText(), from);
    this.imports.set(document.uri, { version: document.version, paths });
    return paths;
  }

  private scheduleOne(document: TextDocument, delayMs: number): void {
    const generation = (this.generations.get(document.uri) ?? 0) + 1;
    this.generations.set(document.uri, generation);
    clearTimeout(this.timers.get(document.uri));
    const timer = setTimeout(() => {
      this.timers.delete(document.uri);
      void this.run(document, generation);
    }, delayMs);
    this.timers.set(document.uri, timer);
  }

  /** The analysis of exactly this version, computed now if the cached one is older. */
  analysisOf(document: TextDocument): AnalysedDocument | undefined {
    const cached = this.results.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    try {
      const started = performance.now();
      const file = this.load(document);
      const analysis = new DocumentAnalysis(file);
      const steps = this.incrementalOf(document.uri).analyse(file, analysis);
      for (let step = steps.next(); !step.done; step = steps.next()) {
        if (performance.now() - started > this.options.budgetMs) {
          analysis.partial = true;
          break;
        }
      }
      const result = {
        uri: document.uri,
        version: document.version,
        file,
        analysis,
        milliseconds: performance.now() - started,
      };
      this.results.set(document.uri, result);
      return result;
    } catch (error) {
      this.logFailure(document.uri, error);
      return undefined;
    }
  }

  private incrementalOf(uri: string): IncrementalAnalysis {
    let incremental = this.incremental.get(uri);
    if (!incremental) {
      incremental = new IncrementalAnalysis(this.workspace);
      this.incremental.set(uri, incremental);
    }
    return incremental;
  }

  close(uri: string, languageId: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.generations.set(uri, (this.generations.get(uri) ?? 0) + 1);
    this.results.delete(uri);
    this.documents.delete(uri);
    this.incremental.delete(uri);
    this.imports.delete(uri);
    this.workspace.close(pathOfUri(uri, languageId));
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private load(document: TextDocument): SourceFile {
    const path = pathOfUri(document.uri, document.languageId);
    this.workspace.setOpen(path, document.getText());
    return this.workspace.snapshot(path);
  }

  private isCurrent(uri: string, generation: number): boolean {
    return this.generations.get(uri) === generation;
  }

  private async run(document: TextDocument, generation: number): Promise<void> {
    if (!this.isCurrent(document.uri, generation)) return;
    const started = performance.now();
    let result: AnalysedDocument;
    try {
      const file = this.load(document);
      const analysis = new DocumentAnalysis(file);
      const steps = this.incrementalOf(document.uri).analyse(file, analysis);
      // The budget is for judging loops; parsing and finding them (the first step) are paid
      // whatever happens, and without them there would be nothing partial to show.
      let step = steps.next();
      const analysisStarted = performance.now();
      let sliceStarted = analysisStarted;
      for (; !step.done; step = steps.next()) {
        const now = performance.now();
        if (now - analysisStarted > this.options.budgetMs) {
          analysis.partial = true;
          this.errors.once(
            `budget:${document.uri}`,
            `weft: the analysis of ${document.uri} stopped after ${this.options.budgetMs} ms; showing what it found so far`,
          );
          break;
        }
        if (now - sliceStarted > this.options.sliceMs) {
          await yieldToEventLoop();
          // A newer edit arrived meanwhile: this analysis is stale.
          if (!this.isCurrent(document.uri, generation)) return;
          sliceStarted = performance.now();
        }
      }
      result = {
        uri: document.uri,
        version: document.version,
        file,
        analysis,
        milliseconds: performance.now() - started,
      };
    } catch (error) {
      this.logFailure(document.uri, error);
      result = {
        uri: document.uri,
        version: document.version,
        file: undefined,
        analysis: Object.assign(new DocumentAnalysis(undefined), { partial: true }),
        milliseconds: performance.now() - started,
      };
    }
    if (!this.isCurrent(document.uri, generation)) return;
    this.results.set(document.uri, result);
    await this.onAnalysed(result);
  }

  private logFailure(uri: string, error: unknown): void {
    const text = describeError(error);
    this.errors.once(`${uri}:${text.split("\n")[0]}`, `weft: analysing ${uri} failed: ${text}`);
  }
}
