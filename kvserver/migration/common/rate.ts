// Migration rate control: a token bucket in pairs/s or bytes/s that the migration threads
// draw from before each MIGRATE packet, so a migration can be slowed to leave the source CPU
// to clients (the paper's "long / medium / short" policies) or run flat out (Infinity).

export interface MigrationRate {
  /** Key/value pairs per second (absent = unlimited). */
  pairsPerSec?: number;
  /** Frame bytes per second (absent = unlimited). */
  bytesPerSec?: number;
  /** Tokens that may accumulate while idle, in milliseconds of rate (default 10). */
  burstMs?: number;
}

/** One bucket; `take(n)` resolves when n tokens were available (a request above the burst waits for the debt). */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly burst: number;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly rate: number,
    burstMs = 10,
  ) {
    this.burst = Number.isFinite(rate) ? Math.max(1, (rate * burstMs) / 1000) : Number.POSITIVE_INFINITY;
    this.tokens = this.burst;
    this.last = performance.now();
  }

  take(n: number): Promise<void> {
    if (!Number.isFinite(this.rate)) return Promise.resolve();
    // Callers queue in order, so one large request is not overtaken forever by small ones.
    const turn = this.chain.then(() => this.wait(n));
    this.chain = turn;
    return turn;
  }

  private async wait(n: number): Promise<void> {
    this.refill();
    this.tokens -= n;
    if (this.tokens >= 0) return;
    const ms = (-this.tokens * 1000) / this.rate;
    await new Promise((r) => setTimeout(r, ms));
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
  }
}

/** Both limits at once: a MIGRATE of `pairs` pairs and `bytes` frame bytes waits for both buckets. */
export class RateControl {
  private readonly pairs: TokenBucket;
  private readonly bytes: TokenBucket;

  constructor(rate: MigrationRate = {}) {
    this.pairs = new TokenBucket(rate.pairsPerSec ?? Number.POSITIVE_INFINITY, rate.burstMs);
    this.bytes = new TokenBucket(rate.bytesPerSec ?? Number.POSITIVE_INFINITY, rate.burstMs);
  }

  /** True when neither limit is set: admit() would never wait. */
  get unlimited(): boolean {
    return !Number.isFinite(this.pairs.rate) && !Number.isFinite(this.bytes.rate);
  }

  async admit(pairs: number, bytes: number): Promise<void> {
    await this.pairs.take(pairs);
    await this.bytes.take(bytes);
  }
}
