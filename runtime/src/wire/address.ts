/**
 * A cluster's address is one string that carries its secret token:
 * `weft://TOKEN@127.0.0.1:PORT` (TCP) or `weft+unix://TOKEN@/path/to.sock` (a Unix socket).
 */
import { ErrorCode, WeftError } from "../errors";

export type ClusterAddress =
  | { readonly kind: "tcp"; readonly token: string; readonly host: string; readonly port: number }
  | { readonly kind: "unix"; readonly token: string; readonly path: string };

export function formatAddress(address: ClusterAddress): string {
  if (address.kind === "unix") return `weft+unix://${address.token}@${address.path}`;
  const host = address.host.includes(":") ? `[${address.host}]` : address.host;
  return `weft://${address.token}@${host}:${address.port}`;
}

export function parseAddress(text: string): ClusterAddress {
  const unix = /^weft\+unix:\/\/([^@/]*)@(\/.+)$/.exec(text);
  if (unix !== null) return { kind: "unix", token: unix[1] ?? "", path: unix[2] ?? "" };
  const tcp = /^weft:\/\/([^@/]*)@(\[[^\]]+\]|[^:/]+):(\d+)\/?$/.exec(text);
  if (tcp !== null) {
    const host = (tcp[2] ?? "").replace(/^\[|\]$/g, "");
    return { kind: "tcp", token: tcp[1] ?? "", host, port: Number(tcp[3]) };
  }
  throw new WeftError(
    ErrorCode.BadArgument,
    `'${text}' is not a Weft cluster address. Use the address \`weft cluster start\` printed, ` +
      `like weft://TOKEN@127.0.0.1:PORT or weft+unix://TOKEN@/path/to.sock.`,
  );
}
