/**
 * The help texts of every `weft` command, in one place so `weft --help`, `weft help <command>`,
 * `weft <command> --help` and the usage printed on a bad command line always agree.
 */
import { WORKER_USAGE } from "../redis/worker-usage";

export const WEFT_USAGE = `Usage: weft <command> [options]

Commands:
  run <file> [args...]    run a program, its tasks on a Weft cluster, with live progress
  replay <events.jsonl>   print the summary of a run recorded with \`weft run --events\`
  cluster start|stop|status
                          a standalone local cluster that programs connect to
  check <files...>        find loops that can run in parallel (for CI)
  worker --redis <url>    run tasks from a Redis (BullMQ) queue, on this or any machine
  help [command]          show help for a command

Options:
  -h, --help              show this help
  -v, --version           print Weft's version

Run \`weft <command> --help\` for a command's options.
`;

export const RUN_USAGE = `Usage: weft run [options] <file> [args...] [options]

Runs a TypeScript or JavaScript program (.ts, .mts, .cts, .tsx, .js, .mjs, .cjs) with no build
step; \`import ... from "weft"\` works without installing anything. Its tasks run on a local
cluster of worker threads, or on the cluster at --scheduler.

The program's arguments follow the file name. Weft's own options below are recognised before or
after the file name; everything after \`--\` goes to the program unchanged, and any option Weft
does not know is passed on to the program too.

Options:
  --workers <n>           worker threads of the local cluster (default: WEFT_WORKERS, else one
                          per CPU core)
  --scheduler <address>   run the tasks on a running cluster (see \`weft cluster start\`);
                          the program sees it as WEFT_SCHEDULER
  --events <file.jsonl>   write the event stream to a file, for \`weft replay\` and the dashboard
  --no-progress           no live progress; print only a one-line summary at the end
  -h, --help              show this help

On a terminal, stderr shows a progress bar per task group while the program runs and a summary
at the end (tasks, wall time, busy time per worker, parallel speedup, slowest task). Otherwise
the summary is one line on stderr. The program's own stdout and stderr are left as they are.

Exit codes: the program's own, 1 when a task (or the program) fails, with the remote stack,
2 for a bad command line, 130 when interrupted with Ctrl-C (running tasks are cancelled and
the workers stopped).
`;

export const REPLAY_USAGE = `Usage: weft replay [options] <events.jsonl>

Prints the summary of a run from a file written by \`weft run --events\`: tasks, wall time, busy
time per worker, parallel speedup and the slowest task, then the program and any task failures
with their remote stacks. The dashboard opens the same files.

Options:
  --oneline               print only the one-line summary
  -h, --help              show this help
`;

export const CLUSTER_USAGE = `Usage: weft cluster <start|stop|status> [options]

A standalone local cluster (a scheduler and a pool of worker threads in its own process) that
programs reach with \`weft run --scheduler <address>\`, WEFT_SCHEDULER or new Client({ address }).

Commands:
  start [options]         start a cluster in the foreground and print its address
                          (\`weft cluster start --help\` for its options)
  stop [address]          stop a cluster cleanly and wait until its process is gone
  status [address]        say whether a cluster is up: its address, pid, workers, runs and
                          tasks per state

With no address, stop and status use WEFT_SCHEDULER, else the cluster \`start\` recorded.

Options:
  --json                  (status) print the status as one line of JSON
  -h, --help              show this help

Exit codes: 0 when done (status: the cluster is up), 1 when no cluster answers, 2 for a bad
command line.
`;

export const USAGE_BY_COMMAND: Readonly<Record<string, string>> = {
  run: RUN_USAGE,
  replay: REPLAY_USAGE,
  cluster: CLUSTER_USAGE,
  worker: WORKER_USAGE,
};
