/**
 * The Weft language server. This file only wires the connection; the analysis lives in
 * `analysis/` and knows nothing of LSP. `createConnection(ProposedFeatures.all)` picks the
 * transport from the command line: `--stdio`, `--node-ipc` or `--socket=N`.
 */
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { ServerStatusNotification } from "./protocol";

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize((): InitializeResult => {
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
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

documents.listen(connection);
connection.listen();
