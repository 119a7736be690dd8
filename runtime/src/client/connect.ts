/**
 * Opens a connection to a cluster at an address (`weft://TOKEN@host:port` or
 * `weft+unix://TOKEN@/path`), or, inside a task, to the scheduler that runs it.
 */
import { connect } from "node:net";
import { MessageChannel, parentPort } from "node:worker_threads";
import { parseAddress } from "../wire/address";
import type { ClientMessage, ServerMessage } from "../wire/messages";
import { portTransport, socketTransport, type Transport } from "../wire/transport";

export function socketTo(address: string): {
  transport: Transport<ServerMessage, ClientMessage>;
  token: string;
  describe: string;
} {
  const parsed = parseAddress(address);
  const socket =
    parsed.kind === "unix"
      ? connect({ path: parsed.path })
      : connect({ host: parsed.host, port: parsed.port });
  const describe =
    parsed.kind === "unix"
      ? `the Weft cluster at ${parsed.path}`
      : `the Weft cluster at ${parsed.host}:${parsed.port}`;
  return { transport: socketTransport(socket), token: parsed.token, describe };
}

const IN_WORKER = Symbol.for("weft.inWorker");

/** Whether this thread is one of a Weft cluster's workers. */
export function inWeftWorker(): boolean {
  return (globalThis as { [IN_WORKER]?: boolean })[IN_WORKER] === true && parentPort !== null;
}

/** A new channel from this worker thread to the scheduler of its cluster. */
export function portToScheduler(): Transport<ServerMessage, ClientMessage> {
  const { port1, port2 } = new MessageChannel();
  parentPort?.postMessage({ weft: "client-port", port: port2 }, [port2]);
  return portTransport(port1);
}
