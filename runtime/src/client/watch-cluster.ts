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

/** A monitor's connection to a cluster process: it hears events and asks, and opens no run. */
function connectMonitor(
  address: string,
  lost: (error: WeftError) => void,
): { link: RemoteLink; transport: ReturnType<typeof socketTo>["transport"]; describe: string } {
  const { transport, token, describe } = socketTo(address);
  const link = new RemoteLink(
    transport,
    { outcome: () => undefined, lost },
    { token, monitor: true },
    describe,
  );
  return { link, transport, describe };
}

export interface WatchOptions {
  /** Whether the open watch keeps the process alive (default true). */
  readonly keepProcessAlive?: boolean;
}

export async function watchCluster(
  address: string,
  onEvent: (event: WeftEvent) => void,
  options: WatchOptions = {},
): Promise<ClusterWatch> {
  let end: (error: WeftError | undefined) => void = () => undefined;
  const ended = new Promise<WeftError | undefined>((resolve) => {
    end = resolve;
  });
  const { link, transport } = connectMonitor(address, (error) => end(error));
  await link.ready;
  link.onEvent((message) => onEvent(message.event));
  // Only once connected: until then, nothing else may be keeping the process alive.
  transport.setKeepAlive(options.keepProcessAlive ?? true);
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
  const { link, describe } = connectMonitor(address, () => undefined);
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
