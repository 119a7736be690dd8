/**
 * `watchCluster(address, onEvent)`: the event stream of every run on a cluster process, those
 * under way and those that start later, for a dashboard or a status bar. It opens no run of its
 * own. `close()` stops watching.
 */
import type { WeftEvent } from "../protocol/events";
import { socketTo } from "./connect";
import { RemoteLink } from "./remote-link";
import { ErrorCode, WeftError } from "../errors";

export interface ClusterWatch {
  close(): Promise<void>;
  /** Resolves when the cluster goes away (or the watch is closed). */
  readonly ended: Promise<WeftError | undefined>;
}

export async function watchCluster(
  address: string,
  onEvent: (event: WeftEvent) => void,
): Promise<ClusterWatch> {
  const { transport, token, describe } = socketTo(address);
  let end: (error: WeftError | undefined) => void = () => undefined;
  const ended = new Promise<WeftError | undefined>((resolve) => {
    end = resolve;
  });
  const link = new RemoteLink(
    transport,
    { outcome: () => undefined, lost: (error) => end(error) },
    { token, monitor: true },
    describe,
  );
  await link.ready;
  link.onEvent((message) => onEvent(message.event));
  transport.setKeepAlive(true);
  return {
    ended,
    async close() {
      await link.close();
      end(undefined);
    },
  };
}

/** One request to a cluster process, for `weft cluster status|stop`: connect, ask, disconnect. */
export async function requestCluster(address: string, op: "status" | "shutdown"): Promise<unknown> {
  const { transport, token, describe } = socketTo(address);
  const link = new RemoteLink(
    transport,
    { outcome: () => undefined, lost: () => undefined },
    { token, monitor: true },
    describe,
  );
  try {
    await link.ready;
    return await link.request(op, []);
  } catch (error) {
    if (error instanceof WeftError) throw error;
    throw new WeftError(ErrorCode.ConnectionLost, `${describe}: ${String(error)}`);
  } finally {
    await link.close();
  }
}
