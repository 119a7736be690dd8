/** The Redis address a user typed, checked before anything connects. */
import { ErrorCode, WeftError } from "../errors";

/** Checks `redis://HOST:PORT[/DB]` (or rediss://) before anything connects. */
export function checkRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WeftError(
      ErrorCode.BadArgument,
      `'${url}' is not a Redis address; write it as redis://HOST:PORT, e.g. redis://127.0.0.1:6379.`,
    );
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:") {
    throw new WeftError(
      ErrorCode.BadArgument,
      `'${url}' is not a Redis address (it starts with ${parsed.protocol}); write it as ` +
        `redis://HOST:PORT.`,
    );
  }
  return url;
}
