/**
 * Cluster-wide coordination, as in Dask: a named Lock, Semaphore, Queue, Variable or Event is
 * the same object for the program and for every task, in any worker or process, because the
 * scheduler's host keeps it. Each waits with a Promise and an optional timeout in ms.
 */
import { randomUUID } from "node:crypto";
import { ErrorCode, WeftError } from "../errors";
import type { Client } from "./client";
import { getClient } from "./task-client";

function nameOf(kind: string, name: string | undefined): string {
  if (name !== undefined && (typeof name !== "string" || name === "")) {
    throw new WeftError(
      ErrorCode.BadArgument,
      `${kind}(name): the name must be a non-empty string.`,
    );
  }
  return name ?? `${kind.toLowerCase()}-${randomUUID()}`;
}

abstract class Primitive {
  readonly name: string;
  protected readonly client: Client;

  constructor(kind: string, name: string | undefined, client: Client | undefined) {
    this.name = nameOf(kind, name);
    this.client = client ?? getClient();
  }

  protected ask(op: string, ...args: unknown[]): Promise<unknown> {
    return this.client.coordinate(op, [this.name, ...args]);
  }
}

/** At most `maxLeases` holders at a time, across the cluster. */
export class Semaphore extends Primitive {
  private readonly leases: string[] = [];

  constructor(
    readonly maxLeases = 1,
    name?: string,
    client?: Client,
  ) {
    super("Semaphore", name, client);
  }

  /** Resolves true once acquired, false if `timeout` ms passed first. */
  async acquire(timeout?: number): Promise<boolean> {
    const lease = randomUUID();
    const granted = (await this.ask("semaphore.acquire", this.maxLeases, lease, timeout)) === true;
    if (granted) this.leases.push(lease);
    return granted;
  }

  async release(): Promise<void> {
    const lease = this.leases.shift();
    if (lease === undefined) {
      throw new WeftError(
        ErrorCode.BadArgument,
        `${this.name} is not held here, so it cannot be released.`,
      );
    }
    await this.ask("semaphore.release", lease);
  }

  /** How many leases are held now, cluster-wide. */
  async held(): Promise<number> {
    return (await this.ask("semaphore.held")) as number;
  }
}

/** A cluster-wide mutual exclusion lock. */
export class Lock {
  private readonly semaphore: Semaphore;

  constructor(name?: string, client?: Client) {
    this.semaphore = new Semaphore(1, nameOf("Lock", name), client);
  }

  get name(): string {
    return this.semaphore.name;
  }

  acquire(timeout?: number): Promise<boolean> {
    return this.semaphore.acquire(timeout);
  }

  release(): Promise<void> {
    return this.semaphore.release();
  }

  async locked(): Promise<boolean> {
    return (await this.semaphore.held()) > 0;
  }

  /** Runs `body` holding the lock. */
  async withLock<T>(body: () => T | Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await body();
    } finally {
      await this.release();
    }
  }
}

/** A cluster-wide FIFO queue of plain data (and futures, which come out as their results). */
export class Queue<T = unknown> extends Primitive {
  constructor(name?: string, client?: Client) {
    super("Queue", name, client);
  }

  async put(value: T): Promise<void> {
    await this.ask("queue.put", value);
  }

  /** The next item; waits for one, or rejects with E_TIMEOUT after `timeout` ms. */
  async get(timeout?: number): Promise<T> {
    return (await this.ask("queue.get", timeout)) as T;
  }

  async qsize(): Promise<number> {
    return (await this.ask("queue.size")) as number;
  }
}

/** A cluster-wide value that tasks and the program can set and read. */
export class Variable<T = unknown> extends Primitive {
  constructor(name?: string, client?: Client) {
    super("Variable", name, client);
  }

  async set(value: T): Promise<void> {
    await this.ask("variable.set", value);
  }

  /** The value; waits until one is set, or rejects with E_TIMEOUT after `timeout` ms. */
  async get(timeout?: number): Promise<T> {
    return (await this.ask("variable.get", timeout)) as T;
  }

  async delete(): Promise<void> {
    await this.ask("variable.delete");
  }
}

/** A cluster-wide flag that tasks can wait on. */
export class Event extends Primitive {
  constructor(name?: string, client?: Client) {
    super("Event", name, client);
  }

  async set(): Promise<void> {
    await this.ask("event.set");
  }

  async clear(): Promise<void> {
    await this.ask("event.clear");
  }

  async isSet(): Promise<boolean> {
    return (await this.ask("event.isSet")) === true;
  }

  /** Resolves true once set, false if `timeout` ms passed first. */
  async wait(timeout?: number): Promise<boolean> {
    return (await this.ask("event.wait", timeout)) === true;
  }
}
