// Multi-key requests live (netmigrate.md §9 "Multi-key requests"): workload M's scans
// (MULTI_READ) and multi-key updates (MULTI_WRITE, values moving with their keys) of up to 4
// keys, which the compiled NetMigrate switch walks one key per pass (recirculation and E2E
// mirroring), routing each key by its own group while a shard migrates. Every request must
// complete, every key's answer and final value must pass the checker and the audit, and keys of
// groups in flight must have been double-read; the filter false-positive figure is reported.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { ExperimentOutcome } from '../../cluster/orchestrator.js';
import { runSmallExperiment } from './fixtures/small-run.js';

describe('multi-key reads walked by the switch during a live migration', { timeout: 240_000 }, () => {
  let dir: string;
  let outcome: ExperimentOutcome;

  before(async () => {
    ({ dir, outcome } = await runSmallExperiment('nm-multi-', {
      workload: 'm',
      records: 2000,
      durationS: 6,
      migrateAtS: 1.5,
    }));
  });

  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('every multi-key request completes and every key read or written passes the checker and the audit', () => {
    const s = outcome.results.summary;
    assert.equal(s.migration?.finished, true, `migration: ${s.migration?.failed}`);
    assert.equal(s.clients.failures, 0);
    assert.equal(s.verdict.violations, 0, s.verdict.violationSamples.join('\n'));
    assert.ok(s.verdict.readsChecked > 500, `only ${s.verdict.readsChecked} reads checked`);
    assert.ok(s.verdict.writesChecked > 2500, `only ${s.verdict.writesChecked} writes checked (2,000 loaded)`);
    assert.equal(s.verdict.keysLost, 0);
    assert.equal(s.verdict.keysWrong, 0);
    assert.equal(s.verdict.ok, true);
  });

  test('keys of groups in flight were double-read, one key of a scan at a time', () => {
    assert.ok((s().windows.during?.doubleReads ?? 0) > 0, `double reads: ${s().windows.during?.doubleReads}`);
  });

  test('the run reports the switch filters’ false-positive figure', () => {
    const f = s().traffic.filter;
    assert.ok(f !== null);
    assert.ok(f.idleRequests > 0);
    assert.match(outcome.summaryText, /switch filters: .* false positives/);
  });

  const s = () => outcome.results.summary;
});
