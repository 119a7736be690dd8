/**
 * `weft worker --redis redis://HOST:PORT [--workers N] [--queue NAME] [--root DIR]`: runs a
 * pool of worker threads that takes ready tasks from a BullMQ queue, in the foreground until
 * SIGTERM or SIGINT (it finishes its running tasks, then exits 0). Exits 3 when it refuses a
 * client's task because they run different code (E_VERSION_MISMATCH).
 */
import { resolve } from "node:path";
import { forEachFlag, wholeNumber } from "../cli/flags";
import { defaultWorkers } from "../cluster/local-cluster";
import { reportUsageError, UsageError } from "../cli/usage-error";
import type { WeftError } from "../errors";
import { installLoader } from "../cli/install-loader";
import { version } from "../version";
import { checkRedisUrl } from "./redis-connection-url";
import { checkQueueName, DEFAULT_QUEUE } from "./redis-keys";
import { WORKER_USAGE } from "./worker-usage";
import { RedisWorker, type RedisWorkerOptions } from "./redis-worker";
import { loadRedisDeps } from "./redis-deps";

const EXIT_REFUSED = 3;

type Parsed = { -readonly [K in keyof RedisWorkerOptions]: RedisWorkerOptions[K] } & {
  help: boolean;
};

export function parseWorkerArgs(argv: readonly string[]): Parsed {
  const parsed: Parsed = {
    url: process.env["WEFT_REDIS"] ?? "",
    queue: process.env["WEFT_QUEUE"] ?? DEFAULT_QUEUE,
    threads: defaultWorkers(),
    root: process.cwd(),
    help: false,
  };
  forEachFlag(argv, (flag, value) => {
    switch (flag) {
      case "-h":
      case "--help":
        parsed.help = true;
        break;
      case "--redis":
        parsed.url = value();
        break;
      case "--workers":
        parsed.threads = wholeNumber("--workers", value(), 1);
        break;
      case "--queue":
        parsed.queue = value();
        break;
      case "--root":
        parsed.root = resolve(value());
        break;
      case "--lock-duration":
        parsed.lockDuration = wholeNumber("--lock-duration", value(), 100);
        break;
      case "--stalled-interval":
        parsed.stalledInterval = wholeNumber("--stalled-interval", value(), 100);
        break;
      default:
        throw new UsageError(`unknown option '${flag}'`);
    }
  });
  if (parsed.help) return parsed;
  if (parsed.url === "") {
    throw new UsageError("which Redis? Pass --redis redis://HOST:PORT (or set WEFT_REDIS)");
  }
  try {
    checkRedisUrl(parsed.url);
  } catch (error) {
    throw new UsageError((error as WeftError).message);
  }
  const problem = checkQueueName(parsed.queue);
  if (problem !== undefined) throw new UsageError(problem);
  return parsed;
}

export async function workerCommand(argv: readonly string[]): Promise<number> {
  let options: Parsed;
  try {
    options = parseWorkerArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError("worker", error, WORKER_USAGE);
    throw error;
  }
  if (options.help) {
    process.stdout.write(WORKER_USAGE);
    return 0;
  }
  if (__filename.endsWith(".mjs") || __filename.endsWith(".js")) installLoader();
  await loadRedisDeps();
  return new Promise<number>((done) => {
    const stop = (why: string, code: number): void => {
      process.stderr.write(`weft worker: ${why}, stopping\n`);
      void worker.close(code !== 0).then(() => done(code));
    };
    const worker: RedisWorker = new RedisWorker({
      ...options,
      onRefused: (message) => {
        process.stderr.write(`weft worker: ${message}\n`);
        stop("refused a task", EXIT_REFUSED);
      },
    });
    process.once("SIGTERM", () => stop("SIGTERM", 0));
    process.once("SIGINT", () => stop("SIGINT", 0));
    // Redis may come up after the worker: say what it waits for instead of hanging silently.
    const waiting = setTimeout(() => {
      process.stderr.write(`weft worker: waiting for Redis at ${options.url} ...\n`);
    }, 2000);
    worker.start().then(
      () => {
        clearTimeout(waiting);
        process.stderr.write(
          `weft worker ${worker.name}: ready, ${options.threads} threads, weft ` +
            `${version}, queue '${options.queue}' on ${options.url}, project root ${options.root}\n`,
        );
      },
      (error: unknown) => {
        clearTimeout(waiting);
        process.stderr.write(`weft worker: could not start: ${String(error)}\n`);
        void worker.close(true).then(() => done(1));
      },
    );
  });
}
