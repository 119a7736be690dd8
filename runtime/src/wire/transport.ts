/**
 * A two-way message channel between a client and a scheduler: a socket (length-prefixed frames
 * of V8's serializer, which keeps Maps, Sets, typed arrays and Dates) or a MessagePort (a
 * task's client, by structured clone). Both look the same to either side.
 */
import type { Socket } from "node:net";
import { deserialize, serialize } from "node:v8";
import type { MessagePort } from "node:worker_threads";

export interface Transport<In, Out> {
  send(message: Out): void;
  onMessage(handler: (message: In) => void): void;
  /** Once, when the other side goes away or `close` is called. */
  onClose(handler: (error?: Error) => void): void;
  close(): void;
  /** Whether it keeps the process alive; a client's idle connection should not. */
  setKeepAlive(keep: boolean): void;
}

const HEADER = 4;

export function socketTransport<In, Out>(socket: Socket): Transport<In, Out> {
  let handler: ((message: In) => void) | undefined;
  const closeHandlers: ((error?: Error) => void)[] = [];
  let closed = false;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let closeError: Error | undefined;
  const early: In[] = [];

  const deliver = (message: In): void => {
    if (handler === undefined) early.push(message);
    else handler(message);
  };
  socket.setNoDelay(true);
  socket.on("data", (chunk: Buffer) => {
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes < HEADER) return;
    let buffer = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
    let offset = 0;
    while (buffer.length - offset >= HEADER) {
      const length = buffer.readUInt32BE(offset);
      if (buffer.length - offset - HEADER < length) break;
      const body = buffer.subarray(offset + HEADER, offset + HEADER + length);
      offset += HEADER + length;
      deliver(deserialize(body) as In);
    }
    buffer = buffer.subarray(offset);
    pending = buffer.length > 0 ? [buffer] : [];
    pendingBytes = buffer.length;
  });
  const finish = (): void => {
    if (closed) return;
    closed = true;
    for (const close of closeHandlers) close(closeError);
  };
  socket.on("error", (error) => {
    closeError = error;
  });
  socket.on("close", finish);
  return {
    send(message) {
      if (closed || socket.destroyed) return;
      const body = serialize(message);
      const header = Buffer.allocUnsafe(HEADER);
      header.writeUInt32BE(body.length, 0);
      socket.write(Buffer.concat([header, body]));
    },
    onMessage(next) {
      handler = next;
      for (const message of early.splice(0)) next(message);
    },
    onClose(close) {
      if (closed) close(closeError);
      else closeHandlers.push(close);
    },
    close() {
      socket.end();
      // A peer that does not answer the end is cut off.
      setTimeout(() => socket.destroy(), 1000).unref();
    },
    setKeepAlive(keep) {
      if (keep) socket.ref();
      else socket.unref();
    },
  };
}

export function portTransport<In, Out>(port: MessagePort): Transport<In, Out> {
  const closeHandlers: ((error?: Error) => void)[] = [];
  let closed = false;
  port.on("close", () => {
    if (closed) return;
    closed = true;
    for (const close of closeHandlers) close();
  });
  return {
    send(message) {
      if (!closed) port.postMessage(message);
    },
    onMessage(next) {
      port.on("message", (message: In) => next(message));
    },
    onClose(close) {
      if (closed) close();
      else closeHandlers.push(close);
    },
    close() {
      port.close();
    },
    setKeepAlive(keep) {
      if (keep) port.ref();
      else port.unref();
    },
  };
}
