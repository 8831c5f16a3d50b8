// One progress tick's view of the clients (cluster/orchestrator.ts asks every client for a
// report once a second): each report's counters appended to that client's samples, the
// operations all clients completed so far, and the percentiles of their last closed
// intervals merged into one histogram.

import type * as hdr from 'hdr-histogram-js';
import type { ClientCounters } from '../client/driver.js';
import type { Message } from './child-mailbox.js';
import { decodeHistogram, type LatencyStats, latencyStats, mergeHistograms } from './latency-histogram.js';
import type { CounterSample } from './run-record.js';

/** Operations a client's counters have completed: reads (found or not) and writes. */
export const counterOps = (c: Partial<ClientCounters>) => (c.readsFound ?? 0) + (c.readsAbsent ?? 0) + (c.writes ?? 0);

export interface ClientTick {
  /** Operations completed by every client since its start. */
  readonly ops: number;
  /** Latency of the clients' last closed intervals together; undefined when none reported one. */
  readonly latency: LatencyStats | undefined;
}

/**
 * Takes one report per client (index i is client i): appends its counters to `samples` at
 * `atMs` and merges the interval histograms that decode (a report without one is skipped).
 */
export function absorbClientReports(
  reports: readonly Message[],
  samples: Map<number, CounterSample[]>,
  atMs: number,
): ClientTick {
  let ops = 0;
  const histograms: hdr.Histogram[] = [];
  reports.forEach((r, i) => {
    const counters = r.counters as Partial<ClientCounters>;
    ops += counterOps(counters);
    if (typeof r.intervalHistogram === 'string') {
      const h = decodeHistogram(r.intervalHistogram);
      if (h.ok) histograms.push(h.value);
    }
    const list = samples.get(i) ?? [];
    list.push({ atMs, counters });
    samples.set(i, list);
  });
  return { ops, latency: histograms.length === 0 ? undefined : latencyStats(mergeHistograms(histograms)) };
}
