/**
 * The language server answers `initialize` over stdio and over Node IPC, as an editor starts it.
 */
import assert from "node:assert/strict";
import { fork, spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { after, test } from "node:test";
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from "vscode-jsonrpc/node";
import type { InitializeParams, InitializeResult } from "vscode-languageserver-protocol";
import { distDir } from "../support/paths";

const serverJs = join(distDir, "server.js");
const children: ChildProcess[] = [];
after(() => children.forEach((child) => child.kill()));

const initializeParams: InitializeParams = {
  processId: process.pid,
  rootUri: null,
  capabilities: {},
  workspaceFolders: null,
};

async function initializeAndShutdown(connection: MessageConnection): Promise<InitializeResult> {
  connection.listen();
  const result = await connection.sendRequest<InitializeResult>("initialize", initializeParams);
  await connection.sendNotification("initialized", {});
  await connection.sendRequest("shutdown");
  await connection.sendNotification("exit");
  connection.dispose();
  return result;
}

test("initialize over stdio", async () => {
  const child = spawn(process.execPath, [serverJs, "--stdio"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  children.push(child);
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const result = await initializeAndShutdown(connection);
  assert.equal(result.serverInfo?.name, "weft-language-server");
  assert.ok(result.capabilities.textDocumentSync !== undefined);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  assert.equal(code, 0, "the server exits cleanly after shutdown and exit");
});

test("initialize over Node IPC", async () => {
  const child = fork(serverJs, ["--node-ipc"], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  children.push(child);
  const connection = createMessageConnection(
    new IPCMessageReader(child),
    new IPCMessageWriter(child),
  );
  const result = await initializeAndShutdown(connection);
  assert.equal(result.serverInfo?.name, "weft-language-server");
});
