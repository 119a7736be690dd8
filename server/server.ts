/**
 * The Weft language server. This file only wires the connection; the analysis lives in
 * `analysis/` and knows nothing of LSP, and `lsp/` converts between the two. The transport comes
 * from the command line: `--stdio`, `--node-ipc` or `--socket=N`.
 */
import {
  CodeActionKind,
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { AnalysisWorkspace } from "./analysis/workspace";
import { listCodeActions, resolveCodeAction } from "./lsp/codeActions";
import { diagnosticOf } from "./lsp/convert";
import { DocumentAnalyzer, type AnalysedDocument } from "./lsp/documentAnalyzer";
import { describeError, ErrorLog } from "./lsp/errorLog";
import { hoverAt } from "./lsp/hover";
import { isAnalysedDocument, pathOfUri } from "./lsp/paths";
import { SettingsCache } from "./lsp/settings";
import {
  AnalysisDoneNotification,
  DEFAULT_BUDGET_MS,
  DEFAULT_DEBOUNCE_MS,
  ServerStatusNotification,
  type WeftInitializationOptions,
} from "./protocol";

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const workspace = new AnalysisWorkspace();
const errors = new ErrorLog((message) => connection.console.error(message));

let supportsConfiguration = false;
let supportsRelatedInformation = false;
let supportsResolve = false;
const settings = new SettingsCache(connection, () => supportsConfiguration);
let analyzer: DocumentAnalyzer | undefined;

async function publish(result: AnalysedDocument): Promise<void> {
  const current = settings.get(result.uri);
  const { analysis } = await current;
  const findings = analysis.enable
    ? result.analysis.findings({ explainSequential: analysis.explainSequential })
    : [];
  await connection.sendDiagnostics({
    uri: result.uri,
    version: result.version,
    diagnostics: findings.map((f) => diagnosticOf(f, supportsRelatedInformation)),
  });
  await connection.sendNotification(AnalysisDoneNotification.type, {
    uri: result.uri,
    version: result.version,
    loops: result.analysis.loopCount,
    milliseconds: Math.round(result.milliseconds * 10) / 10,
    partial: result.analysis.partial,
  });
}

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  supportsConfiguration = capabilities.workspace?.configuration === true;
  supportsRelatedInformation =
    capabilities.textDocument?.publishDiagnostics?.relatedInformation === true;
  supportsResolve =
    capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes("edit") === true;
  const options = (params.initializationOptions ?? {}) as WeftInitializationOptions;
  analyzer = new DocumentAnalyzer(
    workspace,
    {
      debounceMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
      budgetMs: options.budgetMs ?? DEFAULT_BUDGET_MS,
      sliceMs: 10,
    },
    errors,
    async (result) => {
      try {
        await publish(result);
      } catch (error) {
        errors.once(`publish:${describeError(error)}`, `weft: ${describeError(error)}`);
      }
    },
  );
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeActionProvider: {
        codeActionKinds: [CodeActionKind.RefactorRewrite, CodeActionKind.QuickFix],
        resolveProvider: true,
      },
    },
    serverInfo: { name: "weft-language-server", version: "0.1.0" },
  };
});

connection.onInitialized(() => {
  void connection.sendNotification(ServerStatusNotification.type, {
    state: "ready",
    documents: documents.all().length,
  });
});

// An opened document is analysed at once; edits wait for the debounce. TextDocuments reports an
// open as a content change too, right after, which must not delay the first analysis.
const justOpened = new Set<string>();
documents.onDidOpen(({ document }) => {
  if (!isAnalysedDocument(document.uri, document.languageId)) return;
  justOpened.add(document.uri);
  analyzer?.schedule(document, 0);
});
documents.onDidChangeContent(({ document }) => {
  if (justOpened.delete(document.uri)) return;
  if (isAnalysedDocument(document.uri, document.languageId)) analyzer?.schedule(document);
});
// Files changed outside the editor (a git checkout, a build): what imports them may change.
connection.onDidChangeWatchedFiles(({ changes }) => {
  analyzer?.filesChanged(changes.map((change) => pathOfUri(change.uri)));
});
documents.onDidClose(({ document }) => {
  analyzer?.close(document.uri, document.languageId);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

connection.onDidChangeConfiguration(() => {
  settings.clear();
  for (const document of documents.all()) {
    if (isAnalysedDocument(document.uri, document.languageId)) analyzer?.schedule(document, 0);
  }
});

connection.onHover(({ textDocument, position }) => {
  const document = documents.get(textDocument.uri);
  const result = document && analyzer?.analysisOf(document);
  if (!document || !result) return null;
  return hoverAt(result, document.offsetAt(position));
});

connection.onCodeAction(({ textDocument, range, context }) => {
  const document = documents.get(textDocument.uri);
  const result = document && analyzer?.analysisOf(document);
  if (!document || !result) return [];
  try {
    const actions = listCodeActions(
      result,
      document.offsetAt(range.start),
      document.offsetAt(range.end),
      context.diagnostics,
      workspace,
    );
    return supportsResolve
      ? actions
      : actions.map((action) => resolveCodeAction(action, result, workspace));
  } catch (error) {
    errors.once(
      `actions:${describeError(error)}`,
      `weft: code actions failed: ${describeError(error)}`,
    );
    return [];
  }
});

connection.onCodeActionResolve((action) => {
  const uri = (action.data as { uri?: string } | undefined)?.uri;
  const document = uri === undefined ? undefined : documents.get(uri);
  const result = document && analyzer?.analysisOf(document);
  try {
    return resolveCodeAction(action, result, workspace);
  } catch (error) {
    errors.once(
      `resolve:${describeError(error)}`,
      `weft: a rewrite failed: ${describeError(error)}`,
    );
    return action;
  }
});

connection.onShutdown(() => analyzer?.dispose());

documents.listen(connection);
connection.listen();
