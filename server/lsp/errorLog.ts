/**
 * Logs each distinct failure once: a file that breaks the analysis on every keystroke must not
 * flood the output channel.
 */
export class ErrorLog {
  private readonly seen = new Set<string>();

  constructor(private readonly write: (message: string) => void) {}

  /** Logs `message` unless the same key was logged before; returns whether it logged. */
  once(key: string, message: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    this.write(message);
    return true;
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
