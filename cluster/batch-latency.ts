// Latency as the NetMigrate artifact's YCSB client reports it (docs/reproducing-the-paper.md):
// the wall time of a batch of 200 requests, not of one request. Our clients keep a window of
// requests in flight rather than sending 200 and waiting, so a batch here is 200 consecutive
// operations of one client in issue order, timed from the first one's send to the last reply
// among them: the figure a reader can set beside the paper's "ms" latencies. (The clients
// report the same measure over their whole run; this one is cut to the migration window.)

import type { HistoryOp } from '../client/history.js';
import { ARTIFACT_BATCH } from '../client/metrics.js';

export interface BatchLatency {
  batches: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/**
 * Batch latencies of each client's history (epoch ms), keeping batches whose first send falls
 * in [fromMs, toMs). A batch holding an operation that never got its reply is left out (the
 * artifact counts such a request as a loss after its 8 ms timeout, which has no counterpart here).
 */
export function batchLatencies(
  histories: readonly (readonly HistoryOp[])[],
  fromMs: number,
  toMs: number,
  batch = ARTIFACT_BATCH,
): BatchLatency {
  const latencies: number[] = [];
  for (const history of histories) {
    const ops = [...history].sort((a, b) => a.invoke - b.invoke);
    for (let i = 0; i + batch <= ops.length; i += batch) {
      const first = ops[i] as HistoryOp;
      if (first.invoke < fromMs || first.invoke >= toMs) continue;
      let last = first.invoke;
      let answered = true;
      for (let j = i; j < i + batch; j++) {
        const r = (ops[j] as HistoryOp).response;
        if (!Number.isFinite(r)) answered = false;
        else if (r > last) last = r;
      }
      if (answered) latencies.push(last - first.invoke);
    }
  }
  latencies.sort((a, b) => a - b);
  return { batches: latencies.length, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}
