// Latency histograms of a run (HDR, microseconds, 3 significant digits) and the one correct
// way to combine them: add the counts. Percentiles of a merged population are never averages
// of the parts' percentiles.

import * as hdr from 'hdr-histogram-js';
import { err, ok, type Result } from '../runtime/result.js';

/** Latencies above a minute are clamped to it: a request that slow has failed in all but name. */
export const MAX_LATENCY_US = 60_000_000;

/** 32-bit counts record about 10× faster than 'packed'; packed suits many long-lived histograms. */
export function newLatencyHistogram(bitBucketSize: 32 | 'packed' = 32): hdr.Histogram {
  return hdr.build({
    bitBucketSize,
    lowestDiscernibleValue: 1,
    highestTrackableValue: MAX_LATENCY_US,
    numberOfSignificantValueDigits: 3,
  });
}

/** Records one latency given in milliseconds (as histories hold them). */
export function recordLatencyMs(h: hdr.Histogram, ms: number): void {
  const us = Math.round(ms * 1000);
  h.recordValue(Math.min(Math.max(us, 1), MAX_LATENCY_US));
}

/** A new histogram holding the sum of all counts of `parts` (the parts are unchanged). */
export function mergeHistograms(parts: Iterable<hdr.Histogram>): hdr.Histogram {
  const sum = newLatencyHistogram();
  for (const p of parts) sum.add(p);
  return sum;
}

/** Compact text form, for sending a histogram between processes or keeping it in JSON. */
export function encodeHistogram(h: hdr.Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

export function decodeHistogram(text: string): Result<hdr.Histogram, 'BAD_HISTOGRAM'> {
  try {
    const decoded = hdr.decodeFromCompressedBase64(text, 'packed');
    // Re-home into our shape so that later merges never overflow a narrower decoded range.
    const h = newLatencyHistogram();
    h.add(decoded);
    return ok(h);
  } catch (e) {
    return err('BAD_HISTOGRAM', `not an encoded HDR histogram: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Latency statistics in milliseconds; null fields when nothing was recorded. */
export interface LatencyStats {
  count: number;
  meanMs: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  p999Ms: number | null;
  maxMs: number | null;
}

export function latencyStats(h: hdr.Histogram): LatencyStats {
  if (h.totalCount === 0) return { count: 0, meanMs: null, p50Ms: null, p99Ms: null, p999Ms: null, maxMs: null };
  return {
    count: h.totalCount,
    meanMs: h.mean / 1000,
    p50Ms: h.getValueAtPercentile(50) / 1000,
    p99Ms: h.getValueAtPercentile(99) / 1000,
    p999Ms: h.getValueAtPercentile(99.9) / 1000,
    maxMs: h.maxValue / 1000,
  };
}
