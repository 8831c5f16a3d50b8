// Client measurements: per-interval throughput and p50/p99 latency (HDR histograms, in
// microseconds, per request), the whole-run histogram, and the artifact's metric beside
// them: the latency of each batch of 200 consecutive requests (docs/netmigrate.md §8).

import * as hdr from 'hdr-histogram-js';

export const ARTIFACT_BATCH = 200;

export interface IntervalStats {
  /** Interval start and end, milliseconds since the phase began. */
  startMs: number;
  endMs: number;
  ops: number;
  failures: number;
  opsPerSec: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

export interface LatencySummary {
  count: number;
  meanUs: number;
  p50Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
}

function newHistogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
}

function summarize(h: hdr.Histogram): LatencySummary {
  if (h.totalCount === 0) return { count: 0, meanUs: 0, p50Us: 0, p99Us: 0, p999Us: 0, maxUs: 0 };
  return {
    count: h.totalCount,
    meanUs: h.mean,
    p50Us: h.getValueAtPercentile(50),
    p99Us: h.getValueAtPercentile(99),
    p999Us: h.getValueAtPercentile(99.9),
    maxUs: h.maxValue,
  };
}

export class PhaseMetrics {
  readonly intervals: IntervalStats[] = [];
  private readonly overall = newHistogram();
  private readonly interval = newHistogram();
  private readonly batches = newHistogram();
  private intervalStart: number;
  private intervalOps = 0;
  private intervalFailures = 0;
  private lastEncoded: string | undefined;
  private totalOps = 0;
  private totalFailures = 0;
  private timer: NodeJS.Timeout | undefined;
  private batchFirstInvoke = Number.POSITIVE_INFINITY;
  private batchLastResponse = 0;
  private batchCount = 0;
  readonly startedAt: number;
  endedAt: number | undefined;

  /** Starts interval reporting every `intervalMs` (0 = one interval for the whole phase). */
  constructor(readonly intervalMs: number) {
    this.startedAt = performance.now();
    this.intervalStart = this.startedAt;
    if (intervalMs > 0) {
      this.timer = setInterval(() => this.closeInterval(performance.now()), intervalMs);
      this.timer.unref();
    }
  }

  /** One completed request (or transaction), times from performance.now(). */
  record(invoke: number, response: number): void {
    const us = Math.max(1, Math.round((response - invoke) * 1000));
    this.overall.recordValue(us);
    this.interval.recordValue(us);
    this.intervalOps++;
    this.totalOps++;
    if (invoke < this.batchFirstInvoke) this.batchFirstInvoke = invoke;
    if (response > this.batchLastResponse) this.batchLastResponse = response;
    if (++this.batchCount === ARTIFACT_BATCH) {
      this.batches.recordValue(Math.max(1, Math.round((this.batchLastResponse - this.batchFirstInvoke) * 1000)));
      this.batchCount = 0;
      this.batchFirstInvoke = Number.POSITIVE_INFINITY;
      this.batchLastResponse = 0;
    }
  }

  recordFailure(): void {
    this.intervalFailures++;
    this.totalFailures++;
  }

  get completed(): number {
    return this.totalOps;
  }
  get failed(): number {
    return this.totalFailures;
  }

  /** Ends the phase: closes the last interval and stops the timer. */
  finish(): void {
    if (this.endedAt !== undefined) return;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.endedAt = performance.now();
    if (this.intervalOps > 0 || this.intervalFailures > 0 || this.intervals.length === 0)
      this.closeInterval(this.endedAt);
  }

  summary(): {
    latency: LatencySummary;
    artifactBatchLatency: LatencySummary;
    ops: number;
    failures: number;
    seconds: number;
    opsPerSec: number;
  } {
    const end = this.endedAt ?? performance.now();
    const seconds = (end - this.startedAt) / 1000;
    return {
      latency: summarize(this.overall),
      artifactBatchLatency: summarize(this.batches),
      ops: this.totalOps,
      failures: this.totalFailures,
      seconds,
      opsPerSec: seconds > 0 ? this.totalOps / seconds : 0,
    };
  }

  /** The last closed interval's latencies (HDR compressed base64, µs), for a live progress line. */
  get lastIntervalHistogram(): string | undefined {
    return this.lastEncoded;
  }

  private closeInterval(now: number): void {
    const s = summarize(this.interval);
    this.lastEncoded = this.interval.totalCount > 0 ? hdr.encodeIntoCompressedBase64(this.interval) : undefined;
    const ms = now - this.intervalStart;
    this.intervals.push({
      startMs: this.intervalStart - this.startedAt,
      endMs: now - this.startedAt,
      ops: this.intervalOps,
      failures: this.intervalFailures,
      opsPerSec: ms > 0 ? (this.intervalOps * 1000) / ms : 0,
      p50Us: s.p50Us,
      p99Us: s.p99Us,
      maxUs: s.maxUs,
    });
    this.interval.reset();
    this.intervalOps = 0;
    this.intervalFailures = 0;
    this.intervalStart = now;
  }
}
