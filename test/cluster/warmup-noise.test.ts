// A run with a warm-up: the clients work before t = 0, and none of that work is measured;
// and the run's noise figures (GC pauses, frames per datagram, UDP losses) are in its results.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { runSmallExperiment } from './fixtures/small-run.js';

describe('a run with a warm-up, and its noise figures', { timeout: 300_000 }, () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('operations of the warm-up are in the history but not in the measured run', async () => {
    const { dir, outcome } = await runSmallExperiment('p4ts-warmup-', {
      records: 2000,
      durationS: 2,
      migrateAtS: 0.5,
      warmupS: 1,
      maxGroupBits: 3,
      migrationRate: undefined,
    });
    dirs.push(dir);
    const { record, summary, timeline } = outcome.results;
    assert.ok(summary.verdict.ok, summary.verdict.violationSamples.join('\n'));
    assert.equal(record.parameters.warmupS, 1);
    const client = record.clients[0];
    assert.ok(client !== undefined);
    const warm = client.results.history.filter((op) => op.response < record.startedAtMs);
    assert.ok(warm.length > 0, 'the clients completed operations during the warm-up');
    // Every measured operation completed at or after t = 0.
    const measured = timeline.intervals.reduce((a, r) => a + r.ops, 0);
    assert.equal(measured, timeline.windows.whole.ops);
    const after0 = client.results.history.filter(
      (op) => Number.isFinite(op.response) && op.response >= record.startedAtMs,
    ).length;
    assert.ok(measured <= after0);
    // The migration starts --migrate-at after t = 0, not after the clients started.
    const start = summary.migration?.startS;
    assert.ok(start !== undefined && start >= 0.5, `migration started at ${start} s`);

    // Noise figures: the clients' samples carry GC and NIC counts, the servers were sampled.
    const w = summary.windows.whole;
    assert.ok(w.framesPerDatagramOut !== null && w.framesPerDatagramOut >= 1);
    assert.ok(w.gcPauseMs !== null && w.gcPauseMs >= 0);
    assert.ok(summary.servers?.['kv-source'] !== undefined);
    if (summary.udp?.kernel !== undefined) assert.ok(summary.udp.kernel.inDatagrams >= 0);
  });
});
