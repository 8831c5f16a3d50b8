// How busy the shard's clients are as a migration starts: client requests per second served
// by the source over the last half second to second, from a running total sampled every
// half second (the server's request counters; no per-request work). 'auto' migration threads
// read it once, at the start, to leave busy clients their share of the switch and the servers
// (docs/scale.md "Clients during the migration").

/** Client requests per second at or above which 'auto' treats the clients as busy. */
export const BUSY_CLIENT_REQUESTS_PER_SEC = 1000;

const SAMPLE_MS = 500;

export class ClientActivity {
  /** The previous sample and the one before it: [time, total]. */
  private samples: [number, number][];
  private readonly timer: NodeJS.Timeout;

  constructor(
    /** Client requests served so far (monotone). */
    private readonly total: () => number,
    private readonly now: () => number = () => performance.now(),
  ) {
    const first: [number, number] = [this.now(), this.total()];
    this.samples = [first, first];
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref();
  }

  /** Takes a sample (the timer does this every half second). */
  sample(): void {
    this.samples = [this.samples[1] as [number, number], [this.now(), this.total()]];
  }

  /** Requests per second since the older kept sample (0 when no time has passed). */
  perSecond(): number {
    const [t0, n0] = this.samples[0] as [number, number];
    const ms = this.now() - t0;
    return ms <= 0 ? 0 : ((this.total() - n0) * 1000) / ms;
  }

  busy(): boolean {
    return this.perSecond() >= BUSY_CLIENT_REQUESTS_PER_SEC;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
