/**
 * What a client knows about one key it holds: its status, and its value or error once it ended.
 * All Future objects for the key in this client share it.
 */
import { ErrorCode, WeftError } from "../errors";

export type FutureStatus = "pending" | "finished" | "error" | "cancelled" | "lost";

export class FutureState {
  status: FutureStatus = "pending";
  value: unknown;
  error: Error | undefined;
  private callbacks: (() => void)[] | undefined;

  constructor(readonly key: string) {}

  get done(): boolean {
    return this.status !== "pending";
  }

  /** Runs `callback` once the key has ended (now, if it has). */
  whenDone(callback: () => void): void {
    if (this.done) callback();
    else (this.callbacks ??= []).push(callback);
  }

  finish(status: Exclude<FutureStatus, "pending">, value: unknown, error: Error | undefined): void {
    if (this.done) return;
    this.status = status;
    this.value = value;
    this.error = error;
    const callbacks = this.callbacks;
    this.callbacks = undefined;
    if (callbacks !== undefined) for (const callback of callbacks) callback();
  }

  /** The error to raise for a key that did not finish. */
  failure(): Error {
    return (
      this.error ??
      new WeftError(ErrorCode.Cancelled, `task ${this.key} was cancelled before it finished.`)
    );
  }
}
