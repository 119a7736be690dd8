/** The help text of `weft worker`, apart from the command so `weft help` loads no Redis client. */
import { DEFAULT_QUEUE } from "./redis-keys";

export const WORKER_USAGE = `Usage: weft worker --redis redis://HOST:PORT [options]

Runs a pool of worker threads that takes ready tasks from a BullMQ queue on Redis, on this or
any machine, until it gets SIGTERM or SIGINT (running tasks finish first). Programs send tasks
there with WEFT_REDIS=redis://HOST:PORT or new Client({ redis: "redis://HOST:PORT" }); their
scheduler stays with them. Code must be present on every worker, as with Dask: module functions
are found by their path under --root, and a worker whose copy differs refuses the task.

Options:
  --redis <url>             the Redis to take tasks from (default: WEFT_REDIS)
  --workers <n>             worker threads (default: WEFT_WORKERS, else one per CPU core)
  --queue <name>            BullMQ queue name (default: WEFT_QUEUE, else "${DEFAULT_QUEUE}")
  --root <dir>              the project root module paths are relative to (default: the
                            current folder)
  --lock-duration <ms>      how long a running task's lock lasts without renewal; a worker
                            that dies loses its tasks to others after about this long
                            (default 30000)
  --stalled-interval <ms>   how often to look for tasks whose worker died (default 30000)
  -h, --help                show this help

Exit codes: 0 after SIGTERM/SIGINT, 2 for a bad command line, 3 when the worker refused a task
of a client running another version of weft or of the project (E_VERSION_MISMATCH).
`;
