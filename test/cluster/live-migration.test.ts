// A small live NetMigrate experiment end to end, through real processes and real UDP: the
// compiled NetMigrate program in a p4ts switch process, the controller, source and destination
// KV servers, a loader and a client. The migration must complete with a clean verdict (no
// read the checker rejects, no key lost or wrong at the destination), reads of groups in
// flight must have been double-read, and afterwards the switch must send requests for the
// migrated shard to the destination.

import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ExperimentOutcome } from '../../cluster/orchestrator.js';
import { runSmallExperiment } from './fixtures/small-run.js';

describe('a live NetMigrate migration through the emulated switch', { timeout: 240_000 }, () => {
  let dir: string;
  let outcome: ExperimentOutcome;

  before(async () => {
    ({ dir, outcome } = await runSmallExperiment('nm-live-', {
      workload: 'b',
      records: 3000,
      durationS: 8,
      migrateAtS: 2,
    }));
  });

  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('the migration starts at the chosen time and completes over its 2^max-group-bits groups', () => {
    const m = outcome.results.summary.migration;
    assert.ok(m !== null);
    assert.equal(m.finished, true, `migration failed: ${m.failed}`);
    assert.equal(m.failed, null);
    // Not before the chosen time (2 s, less the clocks' skew between processes), and within the run.
    assert.ok(m.startS >= 1.5 && m.startS < 8, `started at ${m.startS} s`);
    assert.equal(m.groupCount, 16);
  });

  test("the checker finds no lost or wrong read in the clients' histories", () => {
    const v = outcome.results.summary.verdict;
    assert.equal(v.violations, 0, v.violationSamples.join('\n'));
    assert.ok(v.readsChecked > 0, 'reads were checked');
    assert.equal(outcome.results.summary.clients.failures, 0);
  });

  test('the destination holds every key with its last acknowledged write, and the source no longer serves the shard', () => {
    const v = outcome.results.summary.verdict;
    assert.equal(v.audited, true);
    assert.equal(v.keysChecked, 3000);
    assert.equal(v.keysLost, 0, outcome.auditSamples.join('\n'));
    assert.equal(v.keysWrong, 0, outcome.auditSamples.join('\n'));
    assert.equal(outcome.auditUnanswered, 0);
    assert.equal(v.sourceStillServing, false);
    assert.equal(v.ok, true);
  });

  test('reads of groups in flight were double-read during the migration', () => {
    const during = outcome.results.summary.windows.during;
    assert.ok(during !== undefined);
    assert.ok((during.doubleReads ?? 0) > 0, `double reads during the migration: ${during.doubleReads}`);
    const before = outcome.results.summary.windows.before;
    assert.equal(before?.doubleReads ?? 0, 0, 'no double read before the migration');
  });

  test('afterwards the switch sends requests for the migrated shard to the destination', () => {
    const p = outcome.sourceProbe;
    assert.ok(p !== undefined);
    assert.ok(p.probed > 0);
    assert.equal(p.fromDestination, p.probed, JSON.stringify(p));
    const kinds = outcome.controllerEvents.map((e) => e.kind);
    assert.ok(kinds.includes('init'), kinds.join(','));
    assert.ok(kinds.includes('terminate'), kinds.join(','));
  });

  test('the results folder has the report, the summary, the intervals and the plots', () => {
    for (const f of [
      'report.html',
      'summary.json',
      'summary.txt',
      'intervals.csv',
      'events.json',
      'throughput.svg',
      'latency.svg',
    ])
      assert.ok(existsSync(join(outcome.out, f)), f);
    assert.match(outcome.summaryText, /verdict: OK/);
  });
});
