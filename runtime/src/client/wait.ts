/**
 * `wait(futures, { timeout, returnWhen })`: resolves when all (or the first, or the first
 * failed) of the futures have finished, with the finished and unfinished ones apart. It does not
 * raise a task's error; look at `status` or `exception()`.
 */
import { ErrorCode, WeftError } from "../errors";
import type { Future } from "./future";

export type ReturnWhen = "ALL_COMPLETED" | "FIRST_COMPLETED" | "FIRST_EXCEPTION";

export interface WaitOptions {
  /** ms; past it `wait` rejects with E_TIMEOUT. */
  readonly timeout?: number;
  readonly returnWhen?: ReturnWhen;
}

export interface WaitResult<T> {
  readonly done: Set<Future<T>>;
  readonly notDone: Set<Future<T>>;
}

function split<T>(futures: readonly Future<T>[]): WaitResult<T> {
  const done = new Set<Future<T>>();
  const notDone = new Set<Future<T>>();
  for (const future of futures) (future.done() ? done : notDone).add(future);
  return { done, notDone };
}

export function wait<T>(
  futures: Future<T> | Iterable<Future<T>>,
  options: WaitOptions = {},
): Promise<WaitResult<T>> {
  const list =
    Symbol.iterator in Object(futures)
      ? [...(futures as Iterable<Future<T>>)]
      : [futures as Future<T>];
  const returnWhen = options.returnWhen ?? "ALL_COMPLETED";
  if (!["ALL_COMPLETED", "FIRST_COMPLETED", "FIRST_EXCEPTION"].includes(returnWhen)) {
    return Promise.reject(
      new WeftError(
        ErrorCode.BadArgument,
        `wait: returnWhen must be "ALL_COMPLETED", "FIRST_COMPLETED" or "FIRST_EXCEPTION", got ${String(returnWhen)}.`,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    let left = list.filter((future) => !future.done()).length;
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      resolve(split(list));
    };
    const enough = (future: Future<T> | undefined): boolean =>
      left === 0 ||
      (returnWhen === "FIRST_COMPLETED" && (future !== undefined || list.some((f) => f.done()))) ||
      (returnWhen === "FIRST_EXCEPTION" &&
        (future !== undefined
          ? future.status === "error"
          : list.some((f) => f.status === "error")));
    if (list.length === 0 || enough(undefined)) {
      finish();
      return;
    }
    if (options.timeout !== undefined) {
      timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        reject(
          new WeftError(
            ErrorCode.Timeout,
            `wait: ${left} of ${list.length} futures had not finished within ${options.timeout} ms.`,
          ),
        );
      }, options.timeout);
    }
    for (const future of list) {
      if (future.done()) continue;
      future.state.whenDone(() => {
        left--;
        if (enough(future)) finish();
      });
    }
  });
}
