// The service-capacity cap that models an overloaded server (docs/netmigrate.md §6, "source
// capacity"): a single server that spends 1/rate seconds on each request, FIFO, with a queue
// bounded by waiting time. The baseline is the server's own measured peak rate (see calibrate
// in server.ts) or a given figure; share 1 without a baseline means "no cap".
//
// The rules (docs/reproducing-the-paper.md, "the capped source"):
// - work-conserving: while requests wait the server is busy, so a late timer loses no
//   capacity; only idle time is lost, beyond a small burst (what a CPU-limited server does);
// - a request is refused on arrival when it would wait longer than `maxWaitMs` (by default
//   the clients' whole retry budget: nobody would still be waiting for its answer), so no
//   capacity is spent on answers that are no longer wanted.

export interface CapacityOptions {
  /** Fraction of the baseline the server may use: 1, 0.7, 0.4 in the paper. */
  share: number;
  /** Peak requests/s of this server at 100 %; measured at start when absent and share < 1. */
  baselineOpsPerSec?: number;
  /** Longest a request may wait for the server before it is refused (default the clients' retry budget). */
  maxWaitMs?: number;
  /** Capacity that may accumulate while idle, in milliseconds of rate (default 2 ms). */
  burstMs?: number;
  /** The server's share the migration may use while client requests wait (default 0.5). */
  migrationShare?: number;
}

/**
 * The source's CPU for its migration, in client requests' worth, measured against the server's
 * own request cost (calibrate.ts) on this machine: a datagram sent and its acknowledgement
 * received cost about half a request (the request's other half is decoding and serving it),
 * scanning and encoding one key/value pair about 0.017 of one. So a MIGRATE frame of 21 pairs
 * (64-byte values) costs about 0.9 requests, a GROUP_START or GROUP_COMPLETE half of one.
 */
export const MIGRATION_DATAGRAM_COST = 0.5;
export const MIGRATED_PAIR_COST = 0.02;
/**
 * The migration and the client-serving thread as two equal claimants of a busy CPU: neither
 * the paper nor its artifact slows the migration for clients or clients for the migration by
 * default (the artifact's "short" policy, which starves clients, is a knob, not the default).
 */
export const DEFAULT_MIGRATION_SHARE = 0.5;

/** Requests' worth of server work in one migration message carrying `pairs` pairs. */
export function migrationWork(pairs: number): number {
  return MIGRATION_DATAGRAM_COST + pairs * MIGRATED_PAIR_COST;
}

/**
 * How long a client waits for one request in all (client/tracker.ts defaults: first timeout
 * 50 ms doubling to at most 1 s, 8 sends): 50+100+200+400+800+1000+1000+1000 ms. A request
 * still queued after that has been given up by its client. A test keeps the two in step.
 */
export const CLIENT_RETRY_BUDGET_MS = 4550;

export interface CapacityCounters {
  admitted: number;
  queued: number;
  /** Refused on arrival: its wait would have exceeded maxWaitMs. */
  dropped: number;
  maxQueue: number;
  /** Longest wait of an admitted request, ms (scheduled, not counting event-loop lateness). */
  maxWaitMs: number;
  /** Resends not queued because the request they repeat was still waiting (the server's choice). */
  coalesced: number;
  /** Resends of requests already answered, answered again from the reply cache (server.ts). */
  replayed: number;
  /** Requests' worth of migration work charged (chargeMigration). */
  migrationWork: number;
  /** Total time the migration was told to wait for its share, ms. */
  migrationWaitMs: number;
}

/** A clock and a one-shot timer; tests pass fake ones to check the rules deterministically. */
export interface CapacityClock {
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

const REAL_CLOCK: CapacityClock = {
  now: () => performance.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
};

interface Waiting {
  work: () => void;
  /**
   * When the server has finished the work queued before it and this one (virtual time, ms),
   * less the migration work charged before it was queued: its due time is `due + shift`.
   */
  due: number;
}

export class ServiceCapacity {
  readonly counters: CapacityCounters = {
    admitted: 0,
    queued: 0,
    dropped: 0,
    maxQueue: 0,
    maxWaitMs: 0,
    coalesced: 0,
    replayed: 0,
    migrationWork: 0,
    migrationWaitMs: 0,
  };
  /** Milliseconds of server time one request takes. */
  private readonly cost: number;
  /** Idle time the server may catch up on at once (at least one request's worth). */
  private readonly slack: number;
  /** The virtual time up to which the server's capacity is already spoken for. */
  private busyUntil = Number.NEGATIVE_INFINITY;
  /** The virtual time up to which the migration has used its share (its own clock). */
  private migrationUntil = Number.NEGATIVE_INFINITY;
  /** Migration work charged so far, ms: it delays every request queued before it by as much. */
  private shift = 0;
  /** When the last client request arrived (ms). */
  private lastArrival = Number.NEGATIVE_INFINITY;
  private readonly queue: Waiting[] = [];
  private head = 0;
  private timer: unknown;
  private closed = false;

  /** `rate` in requests/s; Infinity admits everything at once. */
  constructor(
    readonly rate: number,
    readonly maxWaitMs = CLIENT_RETRY_BUDGET_MS,
    burstMs = 2,
    private readonly clock: CapacityClock = REAL_CLOCK,
    readonly migrationShare = DEFAULT_MIGRATION_SHARE,
  ) {
    if (!(migrationShare > 0 && migrationShare <= 1))
      throw new RangeError(`migration share ${migrationShare} not in (0, 1]`);
    this.cost = 1000 / rate;
    this.slack = Math.max(burstMs, this.cost);
  }

  static unlimited(): ServiceCapacity {
    return new ServiceCapacity(Number.POSITIVE_INFINITY);
  }

  get waiting(): number {
    return this.queue.length - this.head;
  }

  /** Runs `work` now if the server is free, later in arrival order otherwise; false when refused. */
  submit(work: () => void): boolean {
    if (!Number.isFinite(this.rate)) {
      this.counters.admitted++;
      work();
      return true;
    }
    if (this.closed) {
      this.counters.dropped++;
      return false;
    }
    const now = this.clock.now();
    this.lastArrival = now;
    const due = Math.max(this.busyUntil, now - this.slack) + this.cost;
    if (due <= now && this.waiting === 0) {
      this.busyUntil = due;
      this.counters.admitted++;
      work();
      return true;
    }
    // FIFO with a fixed cost per request: the wait is known on arrival, so a request that
    // would outlive its client's patience is refused before it takes any capacity.
    const wait = due - now;
    if (wait > this.maxWaitMs) {
      this.counters.dropped++;
      return false;
    }
    this.busyUntil = due;
    this.queue.push({ work, due: due - this.shift });
    this.counters.queued++;
    if (this.waiting > this.counters.maxQueue) this.counters.maxQueue = this.waiting;
    if (wait > this.counters.maxWaitMs) this.counters.maxWaitMs = wait;
    this.schedule(now);
    return true;
  }

  /** Takes one request's worth of capacity if the server is free now (work that must not queue). */
  take(): boolean {
    if (!Number.isFinite(this.rate)) return true;
    const now = this.clock.now();
    const due = Math.max(this.busyUntil, now - this.slack) + this.cost;
    if (due > now || this.waiting > 0) return false;
    this.busyUntil = due;
    return true;
  }

  /**
   * Charges `work` requests' worth of migration work; returns how long (ms) the migration
   * must wait before doing it. The work is not queued behind clients: it delays every request
   * waiting now and every later one by its cost. Its own pace: one request's worth per
   * 1/(rate × migrationShare) s while clients wait (their queue is not empty, or
   * one arrived within the last burst), per 1/rate s when the server
   * would otherwise be idle.
   */
  chargeMigration(work: number): number {
    if (!Number.isFinite(this.rate) || this.closed || !(work > 0)) return 0;
    const now = this.clock.now();
    const ms = work * this.cost;
    const clientsWaiting = this.waiting > 0 || now - this.lastArrival < this.slack;
    const start = Math.max(this.migrationUntil, now - this.slack);
    this.migrationUntil = start + (clientsWaiting ? ms / this.migrationShare : ms);
    this.busyUntil = Math.max(this.busyUntil, now - this.slack) + ms;
    this.shift += ms;
    this.counters.migrationWork += work;
    const wait = Math.max(0, start - now);
    this.counters.migrationWaitMs += wait;
    return wait;
  }

  close(): void {
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.head = 0;
  }

  private schedule(now: number): void {
    if (this.timer !== undefined || this.closed || this.waiting === 0) return;
    const next = this.queue[this.head] as Waiting;
    this.timer = this.clock.setTimer(() => this.drain(), Math.max(0, next.due + this.shift - now));
  }

  /** Runs every request whose turn has come; a timer that fired late loses no capacity. */
  private drain(): void {
    this.timer = undefined;
    const now = this.clock.now();
    while (this.waiting > 0 && (this.queue[this.head] as Waiting).due + this.shift <= now) {
      const { work } = this.queue[this.head] as Waiting;
      this.queue[this.head] = DONE;
      this.head++;
      this.counters.admitted++;
      work();
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    this.schedule(now);
  }
}

const DONE: Waiting = { work: () => {}, due: 0 };
