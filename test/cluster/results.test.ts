import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { HistoryOp } from '../../client/history.js';
import { NO_RESPONSE } from '../../client/history.js';
import {
  decodeHistogram,
  encodeHistogram,
  latencyStats,
  mergeHistograms,
  newLatencyHistogram,
  recordLatencyMs,
} from '../../cluster/latency-histogram.js';
import { verdictLine } from '../../cluster/report/summary-table.js';
import { summarizeRun } from '../../cluster/results.js';
import type { MigrationEvent } from '../../cluster/run-record.js';
import { buildTimeline, longestGapBetween } from '../../cluster/timeline.js';
import { baseRecord, clientRecord, counters, traffic } from './fixtures/synthetic-run.js';

const T0 = 1_000_000;
let tagSeq = 0;
/** A completed read of `key` (absent) with its response at `atS` seconds and latency `ms`. */
const read = (atS: number, ms: number, key = 1): HistoryOp => ({
  kind: 'read',
  key,
  tag: null,
  invoke: T0 + atS * 1000 - ms,
  response: T0 + atS * 1000,
});
const write = (atS: number, ms: number, key = 1000 + tagSeq): HistoryOp => ({
  kind: 'write',
  key,
  tag: `t${tagSeq++}`,
  invoke: T0 + atS * 1000 - ms,
  response: T0 + atS * 1000,
});
const migration = (startS: number, endS?: number, groups = 4): MigrationEvent[] => [
  { kind: 'started', atMs: T0 + startS * 1000, protocol: 'netmigrate', groupCount: groups, threads: 1 },
  ...(endS === undefined
    ? []
    : [{ kind: 'finished' as const, atMs: T0 + endS * 1000, durationMs: (endS - startS) * 1000 }]),
];

describe('latency histograms', () => {
  it('merging adds counts: percentiles of the merge equal those of one histogram of every value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 1, max: 5_000_000 }), { maxLength: 200 }), { minLength: 1, maxLength: 5 }),
        (parts) => {
          const hs = parts.map((values) => {
            const h = newLatencyHistogram();
            for (const v of values) h.recordValue(v);
            return h;
          });
          const all = newLatencyHistogram();
          for (const v of parts.flat()) all.recordValue(v);
          const merged = mergeHistograms(hs);
          assert.equal(merged.totalCount, all.totalCount);
          for (const p of [50, 90, 99, 99.9]) assert.equal(merged.getValueAtPercentile(p), all.getValueAtPercentile(p));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('an encoded histogram decodes to the same distribution; garbage is an error value', () => {
    const h = newLatencyHistogram();
    for (let i = 1; i <= 1000; i++) recordLatencyMs(h, i / 10);
    const back = decodeHistogram(encodeHistogram(h));
    assert.ok(back.ok);
    const [got, want] = [latencyStats(back.value), latencyStats(h)];
    assert.deepEqual({ ...got, maxMs: 0 }, { ...want, maxMs: 0 });
    // A decoded maximum is its bucket's highest equivalent value: equal within HDR precision.
    assert.ok(Math.abs((got.maxMs as number) - (want.maxMs as number)) / (want.maxMs as number) < 1e-3);
    const bad = decodeHistogram('not a histogram');
    assert.equal(bad.ok, false);
    assert.equal(bad.ok ? '' : bad.code, 'BAD_HISTOGRAM');
  });

  it('latencies are kept in ms with HDR precision (3 significant digits)', () => {
    const h = newLatencyHistogram();
    recordLatencyMs(h, 12.345);
    const s = latencyStats(h);
    assert.ok(Math.abs((s.p50Ms as number) - 12.345) / 12.345 < 1e-3);
    assert.deepEqual(latencyStats(newLatencyHistogram()).p99Ms, null);
  });
});

describe('timeline across clients', () => {
  it('percentiles merge across clients by adding histograms, not by averaging the clients’ percentiles', () => {
    const fast = Array.from({ length: 100 }, (_, i) => read(0.1 + i * 0.005, 1));
    const slow = Array.from({ length: 10 }, (_, i) => read(0.2 + i * 0.01, 100, 2));
    const t = buildTimeline(
      baseRecord({ endedAtMs: T0 + 1000, clients: [clientRecord(0, fast), clientRecord(1, slow)] }),
    );
    const row = t.intervals[0];
    assert.equal(row?.ops, 110);
    // 100 of 110 samples are 1 ms: the median is 1 ms (the mean of the clients' medians would be 50.5).
    assert.ok(Math.abs((row?.p50Ms as number) - 1) < 0.01);
    assert.ok(Math.abs((row?.p99Ms as number) - 100) < 0.1);
  });

  it('each operation counts in the interval of its completion, by kind, with ops/s over the interval', () => {
    const ops = [read(0.5, 1), write(0.7, 2), read(1.2, 1), read(1.4, 1), write(2.9, 1)];
    const t = buildTimeline(baseRecord({ endedAtMs: T0 + 3000, clients: [clientRecord(0, ops)] }));
    assert.deepEqual(
      t.intervals.map((r) => [r.ops, r.reads, r.writes]),
      [
        [2, 1, 1],
        [2, 2, 0],
        [1, 0, 1],
      ],
    );
    assert.deepEqual(
      t.intervals.map((r) => r.opsPerSec),
      [2, 2, 1],
    );
    assert.equal(t.intervals[1]?.writeP99Ms, null);
  });

  it('a multi-key read recorded once per key counts as one operation', () => {
    const scan = [1, 2, 3].map((key) => read(0.5, 1, key));
    const t = buildTimeline(baseRecord({ endedAtMs: T0 + 1000, clients: [clientRecord(0, scan)] }));
    assert.equal(t.intervals[0]?.ops, 1);
  });

  it('a write that never got a response is not a completion', () => {
    const lost: HistoryOp = { kind: 'write', key: 9, tag: 'x', invoke: T0 + 100, response: NO_RESPONSE };
    const t = buildTimeline(baseRecord({ endedAtMs: T0 + 1000, clients: [clientRecord(0, [lost, read(0.5, 1)])] }));
    assert.equal(t.windows.whole.ops, 1);
  });

  it('per-interval counters are differences of the clients’ cumulative samples, summed over clients', () => {
    const samples = (k: number) => [
      { atMs: T0, counters: counters({ doubleReads: 0, resends: 0 }) },
      { atMs: T0 + 1000, counters: counters({ doubleReads: 3 * k, resends: k }) },
      { atMs: T0 + 2000, counters: counters({ doubleReads: 10 * k, resends: k }) },
    ];
    const rec = baseRecord({
      endedAtMs: T0 + 2000,
      clients: [clientRecord(0, [read(0.5, 1)], {}, samples(1)), clientRecord(1, [read(1.5, 1)], {}, samples(2))],
    });
    const t = buildTimeline(rec);
    assert.deepEqual(
      t.intervals.map((r) => r.doubleReads),
      [9, 21],
    );
    assert.deepEqual(
      t.intervals.map((r) => r.retries),
      [3, 0],
    );
    const without = buildTimeline(baseRecord({ endedAtMs: T0 + 1000, clients: [clientRecord(0, [read(0.5, 1)])] }));
    assert.equal(without.intervals[0]?.doubleReads, null);
  });

  it('group progress counts distinct groups, cumulative at the end of each interval', () => {
    const events: MigrationEvent[] = [
      ...migration(0.2, 2.5, 3),
      { kind: 'group-started', atMs: T0 + 300, group: 0, thread: 0 },
      { kind: 'group-started', atMs: T0 + 350, group: 0, thread: 0 },
      { kind: 'group-completed', atMs: T0 + 900, group: 0, thread: 0 },
      { kind: 'group-started', atMs: T0 + 1100, group: 1, thread: 0 },
      { kind: 'group-completed', atMs: T0 + 2100, group: 1, thread: 0 },
    ];
    const t = buildTimeline(baseRecord({ endedAtMs: T0 + 3000, migrationEvents: events }));
    assert.deepEqual(
      t.intervals.map((r) => [r.groupsStarted, r.groupsCompleted]),
      [
        [1, 1],
        [2, 1],
        [2, 2],
      ],
    );
    assert.deepEqual(
      t.intervals.map((r) => r.phase),
      ['during', 'during', 'after'],
    );
  });
});

describe('before, during and after the migration', () => {
  // 10 s run, migration 4–7 s: 10 ops/s before, 20 ops/s during, 5 ops/s after.
  const ops: HistoryOp[] = [];
  for (let t = 0.05; t < 4; t += 0.1) ops.push(read(t, 1));
  for (let t = 4.025; t < 7; t += 0.05) ops.push(read(t, 3));
  for (let t = 7.1; t < 10; t += 0.2) ops.push(read(t, 2));
  const rec = baseRecord({ endedAtMs: T0 + 10_000, clients: [clientRecord(0, ops)], migrationEvents: migration(4, 7) });

  it('each window has its own throughput and latency', () => {
    const { windows } = buildTimeline(rec);
    assert.equal(windows.before?.ops, 40);
    assert.equal(windows.during?.ops, 60);
    assert.equal(windows.after?.ops, 15);
    assert.ok(Math.abs((windows.before?.opsPerSec as number) - 10) < 1e-9);
    assert.ok(Math.abs((windows.during?.opsPerSec as number) - 20) < 1e-9);
    assert.ok(Math.abs((windows.after?.opsPerSec as number) - 5) < 1e-9);
    assert.ok(Math.abs((windows.during?.latency.p50Ms as number) - 3) < 0.01);
    assert.equal(windows.whole.ops, 115);
  });

  it('migration time is from its start event to its finish event', () => {
    const r = summarizeRun(rec);
    assert.equal(r.summary.migration?.startS, 4);
    assert.equal(r.summary.migration?.seconds, 3);
    assert.equal(r.summary.migration?.finished, true);
  });

  it("the source's window and waits reach summary.json; none without counters", () => {
    const source = {
      migrateWindow: 256,
      startWaitMs: 12,
      scanMs: 3,
      migrateWaitMs: 40,
      completeWaitMs: 5,
      rateWaitMs: 0,
    };
    const destination = { pairsMigrated: 4096 };
    const r = summarizeRun({ ...rec, migrationCounters: [source, destination] });
    assert.deepEqual(r.summary.migrationWaits, {
      window: 256,
      startWaitMs: 12,
      scanMs: 3,
      migrateWaitMs: 40,
      completeWaitMs: 5,
      rateWaitMs: 0,
    });
    assert.equal(summarizeRun({ ...rec, migrationCounters: [] }).summary.migrationWaits, undefined);
  });

  it('a migration that never finished lasts to the end of the run, with no after window', () => {
    const r = summarizeRun({ ...rec, migrationEvents: migration(4) });
    assert.equal(r.summary.migration?.seconds, null);
    assert.equal(r.summary.windows.after, undefined);
    assert.equal(r.summary.windows.during?.endS, 10);
  });

  it('a migration that finishes after the clients stopped is measured only while they ran: no after window, no false outage', () => {
    const r = summarizeRun({ ...rec, migrationEvents: migration(4, 12) });
    assert.equal(r.summary.migration?.seconds, 8, 'the migration itself still lasts 8 s');
    assert.equal(r.summary.windows.during?.endS, 10);
    assert.ok(Math.abs((r.summary.windows.during?.opsPerSec as number) - 75 / 6) < 1e-9);
    assert.equal(r.summary.windows.after, undefined);
    assert.ok(
      (r.summary.longestGapDuringMigration?.ms as number) < 1000,
      'the 2 s after the clients stopped are no outage',
    );
  });

  it('the drain after the clients’ run duration is no outage', () => {
    const ops = [read(4.5, 1), read(5.0, 1), read(5.5, 1), read(5.9, 1), read(6.3, 1)];
    const r = summarizeRun(
      baseRecord({
        parameters: { durationS: 6 },
        endedAtMs: T0 + 7000,
        clients: [clientRecord(0, ops)],
        migrationEvents: migration(4, 12),
      }),
    );
    // 4.0 → 4.5 is the longest gap; 6.3 → 7.0 (results arriving) is not counted.
    assert.ok(Math.abs((r.summary.longestGapDuringMigration?.ms as number) - 500) < 1e-6);
  });

  it('without a migration the whole run is "before"', () => {
    const r = summarizeRun({ ...rec, migrationEvents: [] });
    assert.equal(r.summary.migration, null);
    assert.equal(r.summary.windows.before?.ops, 115);
    assert.equal(r.summary.windows.during, undefined);
  });
});

describe('longest time with no completed operation', () => {
  it('is the largest distance between consecutive completions of all clients, at sub-millisecond resolution', () => {
    const a = [read(1.0, 1), read(1.1, 1), read(1.5, 1)];
    const b = [read(1.05, 1), read(1.2, 1), read(1.7505, 1)];
    const t = buildTimeline(baseRecord({ endedAtMs: T0 + 3000, clients: [clientRecord(0, a), clientRecord(1, b)] }));
    assert.ok(Math.abs((t.longestGap?.ms as number) - 300) < 1e-6, String(t.longestGap?.ms));
    assert.ok(Math.abs((t.longestGap?.startS as number) - 1.2) < 1e-9);
  });

  it('during the migration, an outage from its very start counts from the start', () => {
    const ops = [read(0.5, 1), read(2.45, 1), read(2.6, 1), read(3.9, 1)];
    const t = buildTimeline(
      baseRecord({ endedAtMs: T0 + 4000, clients: [clientRecord(0, ops)], migrationEvents: migration(2, 3) }),
    );
    // 2.0 → 2.45 is 450 ms; 2.6 → 3.0 (the end) is 400 ms.
    assert.ok(Math.abs((t.longestGapDuringMigration?.ms as number) - 450) < 1e-6);
    assert.equal(t.longestGapDuringMigration?.startS, 2);
  });

  it('with no completion at all during the migration, the gap is the whole migration', () => {
    const g = longestGapBetween(new Float64Array([1, 10]), 2, 5, true);
    assert.deepEqual(g, { from: 2, to: 5 });
    assert.equal(longestGapBetween(new Float64Array([1]), 0, 5, false), undefined);
  });
});

describe('traffic overhead (paper Table 4)', () => {
  it('client-side extra bytes and server-side extra bytes are percentages of query bytes', () => {
    const rec = baseRecord({
      clients: [
        clientRecord(0, [], { traffic: traffic({ baseBytes: 6000, extraRequestBytes: 50, extraReplyBytes: 20 }) }),
        clientRecord(1, [], { traffic: traffic({ baseBytes: 4000, metadataBytes: 30 }) }),
      ],
      migrationCounters: [
        { migrationBytes: 90_000, lateWriteBytes: 3, pullBytes: 100, pulledKeys: 2 },
        { migrationBytes: 10_000, dirtyBytes: 7, pullBytes: 50 },
      ],
    });
    const t = summarizeRun(rec).summary.traffic;
    assert.equal(t.queryBytes, 10_000);
    assert.equal(t.clientExtraBytes, 100);
    assert.equal(t.clientExtraPercent, 1);
    assert.equal(t.serverExtraBytes, 10);
    assert.equal(t.serverExtraPercent, 0.1);
    assert.equal(t.migrationBytes, 100_000);
    assert.equal(t.pullBytes, 150);
  });

  it('with no query traffic the percentages are 0, not NaN', () => {
    const t = summarizeRun(baseRecord({ migrationCounters: [{ lateWriteBytes: 5 }] })).summary.traffic;
    assert.equal(t.serverExtraPercent, 0);
  });
});

describe('correctness verdict', () => {
  it('a read of a value that was never written fails the verdict, with the violation as text', () => {
    const bad: HistoryOp = { kind: 'read', key: 7, tag: 'ghost', invoke: T0 + 10, response: T0 + 11 };
    const v = summarizeRun(baseRecord({ clients: [clientRecord(0, [write(0.001, 0.5, 7), bad])] })).summary.verdict;
    assert.equal(v.ok, false);
    assert.equal(v.violations, 1);
    assert.equal(v.readsChecked, 1);
    assert.match(v.violationSamples[0] as string, /value-never-written/);
  });

  it('the destination audit decides too: a lost key or a source still serving fails the run', () => {
    const rec = baseRecord({ clients: [clientRecord(0, [read(0.1, 1)])] });
    assert.equal(summarizeRun(rec).summary.verdict.ok, true);
    assert.equal(summarizeRun(rec).summary.verdict.audited, false);
    const audit = { keysChecked: 100, keysLost: 0, keysWrong: 0, sourceStillServing: false };
    assert.equal(summarizeRun({ ...rec, audit }).summary.verdict.ok, true);
    assert.equal(summarizeRun({ ...rec, audit: { ...audit, keysLost: 1 } }).summary.verdict.ok, false);
    assert.equal(summarizeRun({ ...rec, audit: { ...audit, sourceStillServing: true } }).summary.verdict.ok, false);
    assert.equal(summarizeRun({ ...rec, audit: { ...audit, keysWrong: 2 } }).summary.verdict.keysWrong, 2);
  });

  it('a key the destination never answered is not verified: the audit fails and says so', () => {
    const rec = baseRecord({ clients: [clientRecord(0, [read(0.1, 1)])] });
    const audit = { keysChecked: 100, keysLost: 0, keysWrong: 0, keysUnanswered: 3, sourceStillServing: false };
    const r = summarizeRun({ ...rec, audit });
    assert.equal(r.summary.verdict.ok, false);
    assert.equal(r.summary.verdict.keysUnanswered, 3);
    assert.match(verdictLine(r.summary.verdict), /^FAILED: .*3 UNANSWERED/);
  });
});
