/** `fireAndForget(futures)`: the tasks run to the end even when nothing holds their futures. */
import type { Future } from "./future";
import { getClient } from "./task-client";

export function fireAndForget(
  futures: readonly Future<unknown>[] | Future<unknown>,
): Promise<void> {
  return getClient().fireAndForget(futures);
}
