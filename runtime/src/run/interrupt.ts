/**
 * Ctrl-C in `weft run`: the progress comes off the screen, running tasks are cancelled (so the
 * summary and the events file say so), the worker threads are stopped, and the process exits
 * 130, as a shell reports a program ended by SIGINT (143 for SIGTERM, which is handled alike). Stopping never waits long: a worker thread
 * stuck in a long synchronous task is terminated, and past a short grace period the process
 * exits anyway. A second Ctrl-C exits at once.
 */
import type { RunReporter } from "./run-reporter";

/** 128 + the signal's number, as a shell reports a program a signal ended. */
export const EXIT_BY_SIGNAL = { SIGINT: 130, SIGTERM: 143 } as const;

/** How long stopping the workers may take before the process exits regardless. */
const GRACE_MS = 500;

export interface InterruptTarget {
  readonly reporter: RunReporter;
  /** Cancels unfinished tasks and stops the workers. */
  readonly shutdown: () => Promise<void>;
}

export interface Interruption {
  /** True once a signal arrived: from then on the interruption decides how the run ends. */
  readonly interrupted: boolean;
}

export function onInterrupt(target: InterruptTarget): Interruption {
  let code: number | undefined;
  const exit = (): never => {
    target.reporter.finish();
    process.stderr.write("weft run: interrupted; unfinished tasks cancelled, workers stopped\n");
    process.exit(code);
  };
  const handle = (signal: keyof typeof EXIT_BY_SIGNAL): void => {
    if (code !== undefined) exit();
    code = EXIT_BY_SIGNAL[signal];
    target.reporter.stopProgress();
    setTimeout(exit, GRACE_MS);
    target.shutdown().then(exit, exit);
  };
  process.on("SIGINT", handle);
  process.on("SIGTERM", handle);
  return {
    get interrupted() {
      return code !== undefined;
    },
  };
}
