import type { SourceLocation } from "../protocol/events";
import type { FnRef } from "../shipping/fn-ref";

/**
 * One task as the scheduler receives it. `args` may hold KeyRefs (Delayeds or refs) anywhere
 * inside arrays, plain objects, Maps and Sets; `dependencies` lists their keys.
 */
export interface TaskSpec {
  readonly key: string;
  readonly fn: FnRef;
  readonly args: readonly unknown[];
  readonly dependencies: readonly string[];
  /** Whether any argument holds a KeyRef, so dispatch can skip substitution when none does. */
  readonly hasRefs: boolean;
  readonly location?: SourceLocation;
  /** Times the task runs again after a failure (an exception, a dead worker, a timeout). */
  readonly retries?: number;
  /** ms the task may run before it is stopped with E_TIMEOUT. */
  readonly timeout?: number;
}
