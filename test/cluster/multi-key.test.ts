// Multi-key requests live (docs/netmigrate.md §9 "Multi-key requests"): workload M's scans
// (MULTI_READ) and multi-key updates (MULTI_WRITE, values moving with their keys) of up to 4
// keys, which the compiled NetMigrate switch walks one key per pass (recirculation and E2E
// mirroring), routing each key by its own group while a shard migrates. Every request must
// complete, every key's answer and final value must pass the checker and the audit, and keys of
// groups in flight must have been double-read; the filter false-positive figure is reported.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { ExperimentOutcome } from '../../cluster/orchestrator.js';
import { Op } from '../../wire/ops.js';
import { lastLogEvent } from './fixtures/run-logs.js';
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
    assert.ok(s.verdict.readsChecked > 0, 'reads were checked');
    // The preload's writes (one per preloaded key the clients touched) are in the checked
    // histories too; the clients' own multi-key writes come on top of them.
    const preloaded = outcome.results.record.clients.find((c) => c.clientId === 1)?.results.history.length ?? 0;
    assert.ok(preloaded > 0, 'the preloaded keys the clients touched joined the histories');
    assert.ok(
      s.verdict.writesChecked > preloaded,
      `only ${s.verdict.writesChecked} writes checked (${preloaded} preloaded)`,
    );
    assert.equal(s.verdict.keysLost, 0);
    assert.equal(s.verdict.keysWrong, 0);
    assert.equal(s.verdict.ok, true);
  });

  test('keys of groups in flight were double-read, one key of a scan at a time', () => {
    assert.ok((s().windows.during?.doubleReads ?? 0) > 0, `double reads: ${s().windows.during?.doubleReads}`);
    const client = lastLogEvent(outcome.out, 'client-0', 'results') as {
      run: { ops: number };
      counters: { mismatchedReplies: number; readsFound: number; readsAbsent: number; writes: number };
    };
    const c = client.counters;
    // Each reply of a walked request answers exactly one key (the one its bitmap no longer
    // holds); a reply answering none or several would not match its request.
    assert.equal(c.mismatchedReplies, 0);
    const keyAnswers = c.readsFound + c.readsAbsent + c.writes;
    assert.ok(keyAnswers > client.run.ops, `${keyAnswers} key answers for ${client.run.ops} requests of up to 4 keys`);
    // Every key answered came from one multi-key packet a server received: the switch sent one
    // packet per key, never the whole request at once.
    const multiPackets = (name: string) => {
      const requests = (lastLogEvent(outcome.out, name, 'report').server as { requests: Record<string, number> })
        .requests;
      return (requests[String(Op.MULTI_READ)] ?? 0) + (requests[String(Op.MULTI_WRITE)] ?? 0);
    };
    const packets = multiPackets('kv-source') + multiPackets('kv-destination');
    assert.ok(packets >= keyAnswers, `${packets} multi-key packets at the servers for ${keyAnswers} key answers`);
  });

  test('the run reports the switch filters’ false-positive figure', () => {
    const f = s().traffic.filter;
    assert.ok(f !== null);
    assert.ok(f.idleRequests > 0);
    assert.match(outcome.summaryText, /switch filters: .* false positives/);
  });

  const s = () => outcome.results.summary;
});
