/**
 * `weft cluster start [--workers N] [--memory-limit SIZE] [--port P | --socket PATH] [--host H]
 * [--json]`: a scheduler and its pool of worker threads in this process, in the foreground until
 * SIGTERM or SIGINT (then it shuts down cleanly and exits 0). When ready it prints its address
 * (with `--json`, exactly one line `{"address", "pid", "workers"}`); everything else goes to
 * stderr.
 */
import { resolve } from "node:path";
import { memoryLimitMb } from "../cluster/memory-limit";
import { forEachFlag, wholeNumber } from "../cli/flags";
import { installLoader } from "../cli/install-loader";
import { reportUsageError, UsageError } from "../cli/usage-error";
import { forgetCluster, recordCluster } from "./cluster-file";
import { startClusterServer, type ClusterServerOptions } from "./cluster-server";

export const CLUSTER_START_USAGE = `Usage: weft cluster start [options]

Runs a Weft cluster (a scheduler and a pool of worker threads) in the foreground until it gets
SIGTERM or SIGINT. When ready it prints its address, which carries a secret token:
weft://TOKEN@127.0.0.1:PORT or weft+unix://TOKEN@/path/to.sock. Programs use it with
WEFT_SCHEDULER=<address>, \`weft run --scheduler <address>\` or new Client({ address }).

Options:
  --workers <n>           worker threads (default: WEFT_WORKERS, else one per CPU core)
  --memory-limit <size>   heap limit per worker thread, e.g. 512MB or 2GiB; a task beyond it
                          ends its worker, which is replaced
  --port <p>              TCP port on 127.0.0.1 (default: a free one)
  --host <h>              listen on this interface instead of 127.0.0.1
  --socket <path>         listen on a Unix socket instead of TCP
  --json                  print one JSON line {"address", "pid", "workers"} and log to stderr
  -h, --help              show this help
`;

function parse(argv: readonly string[]): ClusterServerOptions & { json: boolean; help: boolean } {
  const options: { -readonly [K in keyof ClusterServerOptions]: ClusterServerOptions[K] } & {
    json: boolean;
    help: boolean;
  } = { json: false, help: false };
  forEachFlag(argv, (flag, value) => {
    switch (flag) {
      case "-h":
      case "--help":
        options.help = true;
        break;
      case "--json":
        options.json = true;
        break;
      case "--workers":
        options.workers = wholeNumber("--workers", value(), 1);
        break;
      case "--memory-limit": {
        const text = value();
        try {
          memoryLimitMb(text);
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
        options.memoryLimit = text;
        break;
      }
      case "--port": {
        const text = value();
        const port = Number(text);
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          throw new UsageError(`--port must be a port number, got '${text}'`);
        }
        options.port = port;
        break;
      }
      case "--host":
        options.host = value();
        break;
      case "--socket":
        options.socket = resolve(value());
        break;
      default:
        throw new UsageError(`unknown option '${flag}'`);
    }
  });
  if (options.socket !== undefined && (options.port !== undefined || options.host !== undefined)) {
    throw new UsageError("--socket cannot be combined with --port or --host");
  }
  return options;
}

export async function clusterStartCommand(argv: readonly string[]): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return reportUsageError("cluster start", error, CLUSTER_START_USAGE);
  }
  if (options.help) {
    process.stdout.write(CLUSTER_START_USAGE);
    return 0;
  }
  if (__filename.endsWith(".mjs") || __filename.endsWith(".js")) installLoader();
  const running = await startClusterServer(options);
  const info = { address: running.address, pid: process.pid, workers: running.workers };
  recordCluster(info);
  if (options.json) process.stdout.write(`${JSON.stringify(info)}\n`);
  else {
    process.stdout.write(`${running.address}\n`);
    process.stderr.write(
      `weft cluster: ${running.workers} workers, pid ${process.pid}; ` +
        `WEFT_SCHEDULER=${running.address} (SIGTERM or Ctrl-C stops it)\n`,
    );
  }
  return new Promise<number>((done) => {
    const stop = (why: string): void => {
      process.stderr.write(`weft cluster: ${why}, shutting down\n`);
      running.close().then(
        () => {
          forgetCluster(process.pid);
          done(0);
        },
        (error: unknown) => {
          process.stderr.write(`weft cluster: shutdown failed: ${String(error)}\n`);
          forgetCluster(process.pid);
          done(1);
        },
      );
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
    running.host.onShutdown = () => stop("asked to shut down");
  });
}
