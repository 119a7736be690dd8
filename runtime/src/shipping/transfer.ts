/**
 * Marks an argument to move to the worker by transfer instead of by copy. The caller gives the
 * buffer up: after the task is sent, it is detached in the program.
 */
const TRANSFER = Symbol.for("weft.transfer");

export interface Transfer<T> {
  readonly [TRANSFER]: true;
  readonly value: T;
  readonly buffers: readonly ArrayBuffer[];
}

export function transfer<T extends ArrayBuffer | ArrayBufferView>(value: T): T {
  const buffer = ArrayBuffer.isView(value) ? value.buffer : value;
  const buffers = buffer instanceof ArrayBuffer ? [buffer] : [];
  // Typed as T so that `fn(transfer(bytes))` type-checks as `fn(bytes)`; unwrapped at dispatch.
  return { [TRANSFER]: true, value, buffers } as unknown as T;
}

export function isTransfer(value: unknown): value is Transfer<unknown> {
  return typeof value === "object" && value !== null && TRANSFER in value;
}
