/**
 * Runs a generator in slices of a few milliseconds, yielding to the browser between slices, so
 * long work (a layout of thousands of nodes) never holds the UI thread for more than one slice.
 */

export interface SlicedOptions {
  /** Longest stretch of work before giving the event loop back, in ms. */
  readonly budgetMs?: number;
  readonly signal?: AbortSignal;
}

/** Yields to the event loop without setTimeout's 4 ms clamp. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

export class SliceAbortedError extends Error {
  constructor() {
    super("sliced work was superseded by newer work");
    this.name = "SliceAbortedError";
  }
}

export async function runSliced<T>(
  work: Generator<void, T, void>,
  options: SlicedOptions = {},
): Promise<T> {
  const budget = options.budgetMs ?? 8;
  for (;;) {
    const sliceStart = performance.now();
    for (;;) {
      if (options.signal?.aborted) throw new SliceAbortedError();
      const step = work.next();
      if (step.done) return step.value;
      if (performance.now() - sliceStart >= budget) break;
    }
    await nextTask();
  }
}
