/**
 * Where Weft keeps its own data in Redis, beside BullMQ's queue keys. Everything of one queue
 * sits under `<prefix>:<queue>:weft:`, so several Weft deployments share a Redis without
 * meeting, and `redis-cli --scan --pattern 'bull:weft:weft:*'` shows what Weft holds.
 */
export const DEFAULT_QUEUE = "weft";
/** BullMQ's default key prefix. */
export const DEFAULT_PREFIX = "bull";

export class RedisKeys {
  private readonly base: string;

  constructor(
    readonly queue: string,
    readonly prefix: string = DEFAULT_PREFIX,
  ) {
    this.base = `${prefix}:${queue}:weft`;
  }

  /** One task's outcome for one client, until the client releases the key. */
  result(client: string, taskKey: string): string {
    return `${this.base}:result:${client}:${taskKey}`;
  }

  /** BullMQ's hash of a job, to see whether Redis still has it. */
  job(jobId: string): string {
    return `${this.prefix}:${this.queue}:${jobId}`;
  }

  /** A worker process's heartbeat (expires when the process stops beating). */
  worker(name: string): string {
    return `${this.base}:worker:${name}`;
  }

  /** The names of the worker processes that have beaten. */
  get workers(): string {
    return `${this.base}:workers`;
  }

  /** Numbers worker processes, so worker ids in the event stream are unique. */
  get workerSequence(): string {
    return `${this.base}:worker-seq`;
  }

  /** Pub/sub: job ids whose running tasks must stop. */
  get cancelChannel(): string {
    return `${this.base}:cancel`;
  }

  /** Marks a cancelled job, for a worker that missed the cancel message while disconnected. */
  cancelled(jobId: string): string {
    return `${this.base}:cancelled:${jobId}`;
  }

  /** Pub/sub: job ids whose outcome is stored, for the client that sent them. */
  done(client: string): string {
    return `${this.base}:done:${client}`;
  }

  /** Pub/sub: events of the tasks that the client's tasks submitted on their workers. */
  childEvents(client: string): string {
    return `${this.base}:child-events:${client}`;
  }

  /** Pub/sub: a worker refused a job (E_VERSION_MISMATCH) and stopped. */
  get refusedChannel(): string {
    return `${this.base}:refused`;
  }
}

/** Checks a queue name the user typed: BullMQ forbids ':' in it. */
export function checkQueueName(queue: string): string | undefined {
  if (queue === "") return "the queue name is empty";
  if (queue.includes(":")) return `the queue name '${queue}' contains ':', which BullMQ forbids`;
  return undefined;
}
