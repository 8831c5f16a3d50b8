// Migration control of a running cluster (docs/faults.md "Migration control"): status, migrate
// and cancel over the control port while clients run; the cancelled migration is rolled back
// and the audit reads every key from the source with its last acknowledged write.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { sendMigrationCommand } from '../../../cluster/faults/migration-control.js';
import { runSmallExperiment } from '../fixtures/small-run.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let dir: string | undefined;
after(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

async function command(address: string, cmd: 'migrate' | 'status' | 'cancel'): Promise<Record<string, unknown>> {
  const r = await sendMigrationCommand(address, cmd, 60_000);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.value;
}

describe('netmigrate migrate | status | cancel against a running cluster', { timeout: 300_000 }, () => {
  test('a migration started by hand, cancelled mid-way, rolled back with no key lost', async () => {
    const seen: Record<string, unknown>[] = [];
    let listening!: (a: string) => void;
    const addressKnown = new Promise<string>((resolve) => {
      listening = resolve;
    });
    const run = runSmallExperiment(
      'pf-mc-',
      {
        workload: 'w20',
        records: 1500,
        durationS: 8,
        migrationRate: 300,
        manualMigration: true,
        controlSocket: '127.0.0.1:0',
      },
      { onControlListening: (a) => listening(a) },
    );
    const driving = (async () => {
      const address = await addressKnown;
      const deadline = Date.now() + 120_000;
      let s = await command(address, 'status');
      while (s.phase !== 'run' && Date.now() < deadline) {
        await sleep(200);
        s = await command(address, 'status');
      }
      seen.push(s);
      const refused = await command(address, 'cancel');
      seen.push(refused);
      seen.push(await command(address, 'migrate'));
      seen.push(await command(address, 'migrate'));
      s = await command(address, 'status');
      while ((s.groupsCompleted as number) < 3 && Date.now() < deadline) {
        await sleep(100);
        s = await command(address, 'status');
      }
      seen.push(await command(address, 'cancel'));
      seen.push(await command(address, 'status'));
    })();
    const [{ dir: d, outcome }] = await Promise.all([run, driving]);
    dir = d;
    const [before, refused, started, busy, cancelled, after] = seen as Record<string, unknown>[];
    assert.equal(before?.state, 'none');
    assert.equal(refused?.ok, false);
    assert.equal(refused?.code, 'NOT_RUNNING');
    assert.equal(started?.ok, true);
    assert.equal(started?.state, 'running');
    assert.equal(busy?.code, 'BUSY');
    assert.equal(cancelled?.ok, true);
    assert.match(
      String((cancelled?.actions as string[] | undefined)?.[0]),
      /rolled back \(was migrating\): \d+ values/,
    );
    assert.equal(after?.state, 'cancelled');
    assert.ok((after?.groupsCompleted as number) < 16, 'cancelled before the end');

    assert.equal(outcome.shardAtSource, true);
    const v = outcome.results.summary.verdict;
    assert.equal(v.violations, 0, v.violationSamples.join('\n'));
    assert.equal(v.audited, true);
    assert.equal(v.keysChecked, 1500);
    assert.equal(v.keysLost, 0, outcome.auditSamples.join('\n'));
    assert.equal(v.keysWrong, 0, outcome.auditSamples.join('\n'));
    assert.equal(v.ok, true);
  });
});
