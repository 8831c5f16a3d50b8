// Client latency figures against a schedule whose answers are known: request latencies of
// 1..400 ms (one of each), so the median, the 99th percentile and the maximum are exact up to
// the histogram's 3 significant digits, and two artifact batches of 200 requests whose spans
// (first invoke to last response) are chosen. Times are given, never measured.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ARTIFACT_BATCH, PhaseMetrics } from '../../client/metrics.js';

/** Within the histogram's precision: 3 significant digits. */
function near(actualUs: number, expectedUs: number, what: string): void {
  assert.ok(
    Math.abs(actualUs - expectedUs) <= expectedUs * 1e-3 + 1,
    `${what}: ${actualUs} µs, expected ${expectedUs}`,
  );
}

describe('client latency figures on a known schedule', () => {
  // Request i (1..400) is invoked at 10 s + i ms and answered i ms later; a shuffled order of
  // completion changes nothing (percentiles do not depend on order; batches take min/max).
  const schedule = Array.from({ length: 400 }, (_, k) => {
    const i = k + 1;
    return { invoke: 10_000 + i, response: 10_000 + 2 * i };
  });

  it('one interval over the phase: p50, p99 and max of the 400 latencies, every request counted', () => {
    const m = new PhaseMetrics(0);
    for (const r of schedule) m.record(r.invoke, r.response);
    m.recordFailure();
    m.finish();
    assert.equal(m.intervals.length, 1);
    const iv = m.intervals[0];
    assert.ok(iv !== undefined);
    assert.equal(iv.ops, 400);
    assert.equal(iv.failures, 1);
    near(iv.p50Us, 200_000, 'interval p50');
    near(iv.p99Us, 396_000, 'interval p99');
    near(iv.maxUs, 400_000, 'interval max');
    const s = m.summary();
    assert.equal(s.ops, 400);
    assert.equal(s.failures, 1);
    assert.equal(s.latency.count, 400);
    near(s.latency.p50Us, 200_000, 'run p50');
    near(s.latency.p99Us, 396_000, 'run p99');
    near(s.latency.p999Us, 400_000, 'run p99.9');
    near(s.latency.meanUs, 200_500, 'run mean');
  });

  it('batch latency: each run of 200 requests spans its first invoke to its last response', () => {
    const m = new PhaseMetrics(0);
    for (const r of schedule) m.record(r.invoke, r.response);
    m.finish();
    const b = m.summary().artifactBatchLatency;
    assert.equal(ARTIFACT_BATCH, 200);
    assert.equal(b.count, 2);
    // Batch 1: requests 1..200, invoked from 10,001 ms, last answered at 10,400 ms: 399 ms.
    // Batch 2: requests 201..400, invoked from 10,201 ms, last answered at 10,800 ms: 599 ms.
    near(b.maxUs, 599_000, 'batch 2');
    near(b.meanUs, (399_000 + 599_000) / 2, 'mean of the two batches');
    near(b.p50Us, 399_000, 'batch 1 (the lower of two)');
  });

  it('an incomplete last batch is not counted; out-of-order completions give the same batch', () => {
    const m = new PhaseMetrics(0);
    const first = schedule.slice(0, 200).reverse();
    for (const r of [...first, ...schedule.slice(200, 300)]) m.record(r.invoke, r.response);
    m.finish();
    const b = m.summary().artifactBatchLatency;
    assert.equal(b.count, 1);
    near(b.maxUs, 399_000, 'the one full batch');
  });
});
