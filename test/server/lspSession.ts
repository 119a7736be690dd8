/**
 * Drives the built language server (dist/server.js) over stdio as an editor does, with
 * vscode-jsonrpc: initialize, open and change documents, wait for diagnostics, ask for code
 * actions and hovers, shut down. Waits are for events, never for a fixed time.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from "vscode-jsonrpc/node";
import type {
  CodeAction,
  Diagnostic,
  Hover,
  InitializeResult,
  Position,
  PublishDiagnosticsParams,
  Range,
  TextEdit,
} from "vscode-languageserver-protocol";
import { distDir } from "../support/paths";

export interface SessionOptions {
  /** What `workspace/configuration` answers for section `weft`. */
  readonly settings?: (uri: string) => unknown;
  readonly initializationOptions?: Record<string, unknown>;
}

const HANG_GUARD_MS = 60_000;

interface Waiter {
  readonly predicate: (params: PublishDiagnosticsParams) => boolean;
  readonly resolve: (params: PublishDiagnosticsParams) => void;
}

export class LspSession {
  readonly connection: MessageConnection;
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: { type: number; message: string }[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  stderr = "";

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    private readonly options: SessionOptions,
  ) {
    this.connection = createMessageConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    child.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection.onNotification(
      "textDocument/publishDiagnostics",
      (params: PublishDiagnosticsParams) => {
        this.published.push(params);
        for (const waiter of [...this.waiters]) {
          if (waiter.predicate(params)) {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.resolve(params);
          }
        }
      },
    );
    this.connection.onNotification(
      "window/logMessage",
      (params: { type: number; message: string }) => this.logs.push(params),
    );
    this.connection.onRequest(
      "workspace/configuration",
      (params: { items: { scopeUri?: string }[] }) =>
        params.items.map((item) => this.options.settings?.(item.scopeUri ?? "") ?? null),
    );
    this.connection.listen();
  }

  static async start(options: SessionOptions = {}): Promise<LspSession> {
    const child = spawn(process.execPath, [join(distDir, "server.js"), "--stdio"], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    const session = new LspSession(child, options);
    await session.connection.sendRequest<InitializeResult>("initialize", {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      initializationOptions: options.initializationOptions ?? {},
      capabilities: {
        workspace: { configuration: true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true },
          codeAction: {
            resolveSupport: { properties: ["edit"] },
            codeActionLiteralSupport: {
              codeActionKind: { valueSet: ["refactor.rewrite", "quickfix"] },
            },
          },
          hover: { contentFormat: ["markdown"] },
        },
      },
    });
    await session.connection.sendNotification("initialized", {});
    return session;
  }

  /** The next diagnostics for `uri` (at `version`, if given) that were not seen yet. */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    const match = (p: PublishDiagnosticsParams): boolean =>
      p.uri === uri && (version === undefined || p.version === version);
    const seen = this.published.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      // A guard against a hang, not a measurement: fail with what the server said instead.
      const guard = setTimeout(() => {
        const logs = this.logs.map((l) => l.message).join("\n");
        reject(new Error(`no diagnostics for ${uri} (version ${version}); server log:\n${logs}`));
      }, HANG_GUARD_MS);
      this.waiters.push({
        predicate: match,
        resolve: (params) => {
          clearTimeout(guard);
          resolve(params);
        },
      });
    });
  }

  async open(path: string, text: string, languageId = "typescript"): Promise<string> {
    const uri = pathToFileURL(path).toString();
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId, version: 1, text },
    });
    return uri;
  }

  /** Sends edits as incremental changes; returns the new version. */
  async change(uri: string, edits: readonly TextEdit[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, applyLspEdits(this.texts.get(uri) ?? "", edits));
    await this.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [...edits]
        .sort((a, b) => compare(b.range.start, a.range.start))
        .map((edit) => ({ range: edit.range, text: edit.newText })),
    });
    return version;
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? "";
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = []): Promise<CodeAction[]> {
    return this.connection.sendRequest("textDocument/codeAction", {
      textDocument: { uri },
      range,
      context: { diagnostics },
    });
  }

  resolve(action: CodeAction): Promise<CodeAction> {
    return this.connection.sendRequest("codeAction/resolve", action);
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest("textDocument/hover", { textDocument: { uri }, position });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
  }

  /** shutdown → exit, then the process's exit code. */
  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.child.exitCode !== null) resolve(this.child.exitCode);
      else this.child.on("exit", (code) => resolve(code));
    });
    await this.connection.sendRequest("shutdown");
    await this.connection.sendNotification("exit");
    const code = await exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + position.character, text.length);
}

/** Applies LSP edits (all against the same original text) to a text. */
export function applyLspEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => compare(b.range.start, a.range.start));
  let out = text;
  for (const edit of sorted) {
    out =
      out.slice(0, offsetAt(out, edit.range.start)) +
      edit.newText +
      out.slice(offsetAt(out, edit.range.end));
  }
  return out;
}

export function positionOf(text: string, needle: string): Position {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`'${needle}' is not in the text`);
  const before = text.slice(0, offset);
  const line = before.split("\n").length - 1;
  return { line, character: offset - (before.lastIndexOf("\n") + 1) };
}
