/**
 * A ClusterHost served over a socket: TCP on 127.0.0.1 (another host only when asked) or a Unix
 * socket, with a fresh random token that every client must present in its hello.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, lstatSync, rmSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { LocalCluster } from "../cluster/local-cluster";
import { Scheduler } from "../scheduler/scheduler";
import { ClusterHost } from "../service/cluster-host";
import { Session } from "../service/session";
import { formatAddress } from "../wire/address";
import { socketTransport } from "../wire/transport";

export interface ClusterServerOptions {
  readonly workers?: number;
  readonly memoryLimit?: string | number;
  readonly port?: number;
  readonly host?: string;
  readonly socket?: string;
}

export interface RunningCluster {
  readonly address: string;
  readonly host: ClusterHost;
  readonly workers: number;
  close(): Promise<void>;
}

export async function startClusterServer(options: ClusterServerOptions): Promise<RunningCluster> {
  const cluster = new LocalCluster({
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
  });
  cluster.start();
  const token = randomBytes(24).toString("base64url");
  const host = new ClusterHost(new Scheduler(cluster), cluster, { token });
  const server: Server = createServer((socket) => {
    new Session(host, socketTransport(socket));
  });
  const socketPath = options.socket;
  if (socketPath !== undefined && existsSync(socketPath) && lstatSync(socketPath).isSocket()) {
    rmSync(socketPath); // a stale socket from a cluster that did not shut down
  }
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    if (socketPath !== undefined) server.listen(socketPath, resolve);
    else server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  let address: string;
  if (socketPath !== undefined) {
    chmodSync(socketPath, 0o600);
    address = formatAddress({ kind: "unix", token, path: socketPath });
  } else {
    const info = server.address() as AddressInfo;
    address = formatAddress({ kind: "tcp", token, host: info.address, port: info.port });
  }
  host.options.address = address;
  let closing: Promise<void> | undefined;
  return {
    address,
    host,
    workers: cluster.workers.count,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const session of [...host.sessions]) session.close();
        });
        await host.close();
        if (socketPath !== undefined) rmSync(socketPath, { force: true });
      })();
      return closing;
    },
  };
}
