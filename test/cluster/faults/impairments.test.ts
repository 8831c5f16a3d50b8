// The fault suite's network half: each impairment of docs/faults.md set on every host's
// switch port while a tiny NetMigrate migration runs (and one for the whole run, load and INIT
// included). Each must end with the migration finished, the checker's verdict OK and nothing
// lost at the destination, and the switch's log must show the impairment acted.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ImpairmentCounters } from '../../../runtime/ports/impairment.js';
import type { ImpairmentRecord } from '../../../runtime/ports/port-impairments.js';
import { assertCleanRun, FaultRuns } from './fault-run.js';

const RECORDS = 300;

function total(log: readonly ImpairmentRecord[], k: keyof ImpairmentCounters): number {
  return log.reduce((sum, r) => sum + r.counters[k], 0);
}

const CASES: { name: string; spec: string; whole?: boolean; acted: (keyof ImpairmentCounters)[] }[] = [
  { name: 'loss', spec: 'all:drop=0.1', acted: ['dropped'] },
  { name: 'duplication', spec: 'all:dup=0.2', acted: ['duplicated'] },
  { name: 'reordering', spec: 'all:reorder=3ms', acted: ['delayed'] },
  { name: 'delay and jitter', spec: 'all:delay=2ms,jitter=2ms', acted: ['delayed'] },
  { name: 'bandwidth cap', spec: 'all:rate=2mbit,queue=20', acted: ['delayed'] },
  { name: 'link flaps', spec: 'all:flap=40ms/25ms', acted: ['linkDowns', 'flapDropped'] },
  {
    name: 'loss and duplication for the whole run (load, INIT, TERMINATE)',
    spec: 'all:drop=0.03,dup=0.03',
    whole: true,
    acted: ['dropped', 'duplicated'],
  },
];

describe('NetMigrate under network impairments', { timeout: 20 * 60_000 }, () => {
  let runs: FaultRuns;
  before(async () => {
    runs = await FaultRuns.create('nm-faults-');
  });
  after(() => runs?.remove());

  for (const c of CASES)
    test(`${c.name} (${c.spec}${c.whole === true ? '' : ', during the migration'}): verdict OK, nothing lost`, async () => {
      const o = await runs.run(c.name.replace(/\W+/g, '-'), {
        impair: [c.spec],
        impairDuringMigration: c.whole !== true,
        seed: 7,
      });
      assertCleanRun(o, RECORDS);
      // Every host's port but the auditor's, both directions.
      const ports = new Set(o.impairments.map((r) => r.port));
      assert.deepEqual(
        [...ports].sort((a, b) => a - b),
        [1, 2, 10, 11],
      );
      assert.equal(o.impairments.length, 8);
      for (const k of c.acted) assert.ok(total(o.impairments, k) > 0, `${k}: ${o.impairmentLines.join('\n')}`);
      if (c.whole !== true)
        for (const r of o.impairments) assert.ok(r.clearedAtMs !== undefined, 'cleared when the migration ended');
      assert.ok(o.impairmentLines.length === 9, o.impairmentLines.join('\n'));
    });
});
