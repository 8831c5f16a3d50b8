// The service-capacity cap that models an overloaded server (docs/netmigrate.md §6, "source
// capacity"): a token bucket admitting `share × baseline` requests per second. Requests
// beyond it wait in a bounded FIFO (the socket buffer of a busy server) and are dropped when
// it is full, so an overloaded server shows what a CPU-limited one shows: queueing latency
// first, then loss. The baseline is the server's own measured peak rate (see calibrate in
// server.ts) or a given figure; share 1 without a baseline means "no cap".

export interface CapacityOptions {
  /** Fraction of the baseline the server may use: 1, 0.7, 0.4 in the paper. */
  share: number;
  /** Peak requests/s of this server at 100 %; measured at start when absent and share < 1. */
  baselineOpsPerSec?: number;
  /** Requests that may wait for a token before new ones are dropped. */
  queueLimit?: number;
  /** Tokens that may accumulate while idle, in milliseconds of rate (default 2 ms). */
  burstMs?: number;
}

export interface CapacityCounters {
  admitted: number;
  queued: number;
  dropped: number;
  maxQueue: number;
  /** Resends not queued because the request they repeat was still waiting (the server's choice). */
  coalesced: number;
}

export class ServiceCapacity {
  readonly counters: CapacityCounters = { admitted: 0, queued: 0, dropped: 0, maxQueue: 0, coalesced: 0 };
  private tokens: number;
  private last: number;
  private readonly queue: (() => void)[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly burst: number;
  private closed = false;

  /** `rate` in requests/s; Infinity admits everything at once. */
  constructor(
    readonly rate: number,
    readonly queueLimit = 4096,
    burstMs = 2,
  ) {
    this.burst = Number.isFinite(rate) ? Math.max(1, (rate * burstMs) / 1000) : Number.POSITIVE_INFINITY;
    this.tokens = this.burst;
    this.last = performance.now();
  }

  static unlimited(): ServiceCapacity {
    return new ServiceCapacity(Number.POSITIVE_INFINITY);
  }

  get waiting(): number {
    return this.queue.length - this.head;
  }

  /** Runs `work` now if a token is free, later in arrival order otherwise; false when dropped. */
  submit(work: () => void): boolean {
    if (!Number.isFinite(this.rate)) {
      this.counters.admitted++;
      work();
      return true;
    }
    if (this.waiting === 0 && this.take()) {
      this.counters.admitted++;
      work();
      return true;
    }
    if (this.waiting >= this.queueLimit || this.closed) {
      this.counters.dropped++;
      return false;
    }
    this.queue.push(work);
    this.counters.queued++;
    if (this.waiting > this.counters.maxQueue) this.counters.maxQueue = this.waiting;
    this.schedule();
    return true;
  }

  /** Takes one token if available (for work that must not queue, e.g. a migration scan step). */
  take(): boolean {
    if (!Number.isFinite(this.rate)) return true;
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  close(): void {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.head = 0;
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.closed) return;
    this.refill();
    const wait = this.tokens >= 1 ? 0 : ((1 - this.tokens) * 1000) / this.rate;
    this.timer = setTimeout(() => this.drain(), Math.max(0, wait));
  }

  private drain(): void {
    this.timer = undefined;
    this.refill();
    while (this.waiting > 0 && this.tokens >= 1) {
      this.tokens -= 1;
      const work = this.queue[this.head] as () => void;
      this.queue[this.head] = noop;
      this.head++;
      this.counters.admitted++;
      work();
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (this.waiting > 0) this.schedule();
  }
}

function noop(): void {}
