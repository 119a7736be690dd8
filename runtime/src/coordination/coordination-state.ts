/**
 * The cluster-wide coordination primitives, kept by the scheduler's host so that the program and
 * its tasks (any thread, any process) see the same ones: Lock, Semaphore, Queue, Variable, Event,
 * each named. Requests arrive as `op` + arguments from a client session; anything that waits is
 * parked and answered later. A session that goes away gives back its locks and leases.
 */
import { ErrorCode, WeftError } from "../errors";
import { WaitList } from "./waiters";

interface SemaphoreState {
  max: number;
  /** lease id → session. */
  readonly leases: Map<string, string>;
  readonly waiters: WaitList<boolean>;
}

interface QueueState {
  readonly items: unknown[];
  readonly waiters: WaitList<{ value: unknown } | undefined>;
}

interface VariableState {
  value: { value: unknown } | undefined;
  readonly waiters: WaitList<{ value: unknown } | undefined>;
}

interface EventState {
  set: boolean;
  readonly waiters: WaitList<boolean>;
}

/** Values in queues and variables may hold futures; the host keeps those keys alive meanwhile. */
export interface KeyKeeper {
  hold(value: unknown): void;
  unhold(value: unknown): void;
}

function badOp(op: string): WeftError {
  return new WeftError(ErrorCode.BadArgument, `unknown coordination request '${op}'.`);
}

function timeoutOf(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

export class CoordinationState {
  private readonly semaphores = new Map<string, SemaphoreState>();
  private readonly queues = new Map<string, QueueState>();
  private readonly variables = new Map<string, VariableState>();
  private readonly events = new Map<string, EventState>();

  constructor(private readonly keeper: KeyKeeper) {}

  /** Answers one request; `session` names the client that asked. */
  async request(session: string, op: string, args: readonly unknown[]): Promise<unknown> {
    const name = String(args[0]);
    switch (op) {
      case "semaphore.acquire":
        return this.acquire(session, name, Number(args[1]), String(args[2]), timeoutOf(args[3]));
      case "semaphore.release":
        return this.release(name, String(args[1]));
      case "semaphore.held":
        return this.semaphore(name, 1).leases.size;
      case "queue.put":
        return this.put(name, args[1]);
      case "queue.get":
        return this.get(session, name, timeoutOf(args[1]));
      case "queue.size":
        return this.queue(name).items.length;
      case "variable.set":
        return this.setVariable(name, args[1]);
      case "variable.get":
        return this.getVariable(session, name, timeoutOf(args[1]));
      case "variable.delete":
        return this.deleteVariable(name);
      case "event.set":
        return this.setEvent(name);
      case "event.clear":
        this.event(name).set = false;
        return undefined;
      case "event.isSet":
        return this.event(name).set;
      case "event.wait":
        return this.waitEvent(session, name, timeoutOf(args[1]));
      default:
        throw badOp(op);
    }
  }

  /** A client went away: its leases are given back and its waits end. */
  dropSession(session: string): void {
    const gone = new WeftError(ErrorCode.ConnectionLost, "the client that waited went away.");
    for (const [name, state] of this.semaphores) {
      state.waiters.dropSession(session, gone);
      for (const [lease, owner] of [...state.leases]) {
        if (owner === session) this.release(name, lease);
      }
    }
    for (const state of this.queues.values()) state.waiters.dropSession(session, gone);
    for (const state of this.variables.values()) state.waiters.dropSession(session, gone);
    for (const state of this.events.values()) state.waiters.dropSession(session, gone);
  }

  private semaphore(name: string, max: number): SemaphoreState {
    let state = this.semaphores.get(name);
    if (state === undefined) {
      state = { max, leases: new Map(), waiters: new WaitList() };
      this.semaphores.set(name, state);
    }
    return state;
  }

  private acquire(
    session: string,
    name: string,
    max: number,
    lease: string,
    timeout: number | undefined,
  ): Promise<boolean> | boolean {
    if (!Number.isInteger(max) || max < 1) {
      throw new WeftError(ErrorCode.BadArgument, `a semaphore needs maxLeases ≥ 1, got ${max}.`);
    }
    const state = this.semaphore(name, max);
    if (state.leases.has(lease)) {
      throw new WeftError(
        ErrorCode.BadArgument,
        `'${name}' is already held by this holder; release it before acquiring it again.`,
      );
    }
    if (state.leases.size < state.max && state.waiters.size === 0) {
      state.leases.set(lease, session);
      return true;
    }
    if (timeout === 0) return false;
    return state.waiters.park(session, timeout, false, lease);
  }

  private release(name: string, lease: string): boolean {
    const state = this.semaphores.get(name);
    if (state === undefined || !state.leases.delete(lease)) {
      throw new WeftError(
        ErrorCode.BadArgument,
        `'${name}' is not held by this holder, so it cannot be released.`,
      );
    }
    while (state.leases.size < state.max) {
      const next = state.waiters.shift();
      if (next === undefined) break;
      state.leases.set(next.tag, next.session);
      next.resolve(true);
    }
    return true;
  }

  private queue(name: string): QueueState {
    let state = this.queues.get(name);
    if (state === undefined) {
      state = { items: [], waiters: new WaitList() };
      this.queues.set(name, state);
    }
    return state;
  }

  private put(name: string, value: unknown): undefined {
    const state = this.queue(name);
    const waiter = state.waiters.shift();
    if (waiter !== undefined) waiter.resolve({ value });
    else {
      this.keeper.hold(value);
      state.items.push(value);
    }
    return undefined;
  }

  private async get(session: string, name: string, timeout: number | undefined): Promise<unknown> {
    const state = this.queue(name);
    if (state.items.length > 0) {
      const value = state.items.shift();
      this.keeper.unhold(value);
      return value;
    }
    const got = await state.waiters.park(session, timeout, undefined);
    if (got === undefined) {
      throw new WeftError(ErrorCode.Timeout, `queue '${name}' had no item within ${timeout} ms.`);
    }
    return got.value;
  }

  private variable(name: string): VariableState {
    let state = this.variables.get(name);
    if (state === undefined) {
      state = { value: undefined, waiters: new WaitList() };
      this.variables.set(name, state);
    }
    return state;
  }

  private setVariable(name: string, value: unknown): undefined {
    const state = this.variable(name);
    if (state.value !== undefined) this.keeper.unhold(state.value.value);
    this.keeper.hold(value);
    state.value = { value };
    for (let waiter = state.waiters.shift(); waiter; waiter = state.waiters.shift()) {
      waiter.resolve({ value });
    }
    return undefined;
  }

  private async getVariable(
    session: string,
    name: string,
    timeout: number | undefined,
  ): Promise<unknown> {
    const state = this.variable(name);
    if (state.value !== undefined) return state.value.value;
    const got = await state.waiters.park(session, timeout, undefined);
    if (got === undefined) {
      throw new WeftError(
        ErrorCode.Timeout,
        `variable '${name}' was not set within ${timeout} ms.`,
      );
    }
    return got.value;
  }

  private deleteVariable(name: string): undefined {
    const state = this.variables.get(name);
    if (state?.value !== undefined) this.keeper.unhold(state.value.value);
    if (state !== undefined) state.value = undefined;
    return undefined;
  }

  private event(name: string): EventState {
    let state = this.events.get(name);
    if (state === undefined) {
      state = { set: false, waiters: new WaitList() };
      this.events.set(name, state);
    }
    return state;
  }

  private setEvent(name: string): undefined {
    const state = this.event(name);
    state.set = true;
    for (let waiter = state.waiters.shift(); waiter; waiter = state.waiters.shift()) {
      waiter.resolve(true);
    }
    return undefined;
  }

  private waitEvent(
    session: string,
    name: string,
    timeout: number | undefined,
  ): Promise<boolean> | boolean {
    const state = this.event(name);
    if (state.set) return true;
    return state.waiters.park(session, timeout, false);
  }
}
