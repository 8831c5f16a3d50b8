// cluster/client-tick.ts: one tick's client reports become samples, an operation count and
// merged interval percentiles.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { absorbClientReports, counterOps } from '../../cluster/client-tick.js';
import { encodeHistogram, newLatencyHistogram, recordLatencyMs } from '../../cluster/latency-histogram.js';
import type { CounterSample } from '../../cluster/run-record.js';

function histogramOf(ms: readonly number[]): string {
  const h = newLatencyHistogram();
  for (const v of ms) recordLatencyMs(h, v);
  return encodeHistogram(h);
}

test('counterOps counts reads found, reads absent and writes', () => {
  assert.equal(counterOps({ readsFound: 5, readsAbsent: 2, writes: 3 }), 10);
  assert.equal(counterOps({}), 0);
});

test('each report is appended to its own client and the operations are summed', () => {
  const samples = new Map<number, CounterSample[]>();
  absorbClientReports([{ counters: { readsFound: 1 } }, { counters: { writes: 2 } }], samples, 1000);
  const tick = absorbClientReports([{ counters: { readsFound: 4 } }, { counters: { writes: 6 } }], samples, 2000);
  assert.equal(tick.ops, 10);
  assert.deepEqual(
    samples.get(0)?.map((s) => s.atMs),
    [1000, 2000],
  );
  assert.deepEqual(samples.get(1)?.at(-1)?.counters, { writes: 6 });
});

test('interval histograms of every client are merged; none reported gives no latency', () => {
  const none = absorbClientReports([{ counters: {} }], new Map(), 0);
  assert.equal(none.latency, undefined);
  const tick = absorbClientReports(
    [
      { counters: {}, intervalHistogram: histogramOf([1, 1, 1]) },
      { counters: {}, intervalHistogram: histogramOf([9]) },
      { counters: {}, intervalHistogram: 'not a histogram' },
    ],
    new Map(),
    0,
  );
  assert.equal(tick.latency?.count, 4);
  assert.ok(tick.latency?.p50Ms !== null && Math.abs((tick.latency?.p50Ms ?? 0) - 1) < 0.01);
  assert.ok((tick.latency?.maxMs ?? 0) >= 8.9);
});
