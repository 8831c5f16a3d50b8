// The client's retransmission timeout, adapted to the round trips it measures (the estimator
// of RFC 6298: a smoothed RTT plus four times its mean deviation, kept between a floor and a
// ceiling, doubled after a timeout until a new sample). A fixed timeout shorter than the
// machine's round trip under load resends requests whose replies are merely late: in a batched
// closed loop that is a whole window at once, work the servers then do twice
// (docs/reproducing-the-paper.md "Sources of run-to-run spread").

export class RttEstimator {
  private srtt: number | undefined;
  private rttvar = 0;
  private current: number;

  /** `minMs`: the timeout before any sample and its floor ever after; `maxMs`: its ceiling. */
  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
  ) {
    this.current = minMs;
  }

  /** The timeout for a request sent now, ms. */
  get timeoutMs(): number {
    return this.current;
  }

  /** The smoothed round trip, ms (undefined before the first sample). */
  get smoothedRttMs(): number | undefined {
    return this.srtt;
  }

  /**
   * One round trip of a request answered on its first transmission (Karn: a resent request's
   * reply could answer either send, so it is no sample).
   */
  sample(rttMs: number): void {
    if (!(rttMs >= 0) || !Number.isFinite(rttMs)) return;
    if (this.srtt === undefined) {
      this.srtt = rttMs;
      this.rttvar = rttMs / 2;
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - rttMs);
      this.srtt = 0.875 * this.srtt + 0.125 * rttMs;
    }
    this.current = this.clamp(this.srtt + Math.max(1, 4 * this.rttvar));
  }

  /** A request timed out: back off until the next sample says otherwise. */
  backOff(): void {
    this.current = this.clamp(this.current * 2);
  }

  private clamp(ms: number): number {
    return Math.min(this.maxMs, Math.max(this.minMs, ms));
  }
}
