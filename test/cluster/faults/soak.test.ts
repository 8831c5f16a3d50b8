import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFault } from '../../../cluster/faults/fault-spec.js';
import { planSoakRun, replayCommand, seededRandom } from '../../../cluster/faults/soak.js';
import { parseImpairSpec } from '../../../runtime/ports/impairment-spec.js';

describe('netmigrate soak plans', () => {
  it('the same seed draws the same run, another seed another', () => {
    assert.deepEqual(planSoakRun(7), planSoakRun(7));
    const runs = new Set(Array.from({ length: 20 }, (_, i) => JSON.stringify(planSoakRun(i))));
    assert.ok(runs.size > 15);
    const r = seededRandom(1);
    const xs = Array.from({ length: 1000 }, r);
    assert.ok(xs.every((x) => x >= 0 && x < 1));
  });

  it('never draws a killed source, and a killed destination only with a read-only workload', () => {
    for (let seed = 0; seed < 300; seed++) {
      const run = planSoakRun(seed);
      assert.ok(run.faults.length >= 1);
      assert.ok(run.faults.every((f) => f.kind !== 'source'));
      if (run.faults.some((f) => f.kind === 'destination')) assert.equal(run.overrides.workload, 'c');
      assert.ok(
        run.faults.every((f) => f.atS > (run.overrides.migrateAtS ?? 0)),
        'faults come after the migration starts',
      );
    }
  });

  it('prints a netmigrate run line whose faults parse back to the plan', () => {
    const run = planSoakRun(1234);
    const line = replayCommand(run);
    assert.match(line, /^netmigrate run --protocol netmigrate /);
    assert.match(line, /--seed 1234/);
    const faults = [...line.matchAll(/--fault (\S+)/g)].map((m) => parseFault(m[1] as string));
    assert.deepEqual(
      faults.map((f) => (f.ok ? f.value : undefined)),
      run.faults,
    );
    assert.deepEqual(
      [...line.matchAll(/--impair (\S+)/g)].map((m) => m[1]),
      run.impair,
    );
  });

  it('most runs also impair the network, every drawn spec parses, within what is promised', () => {
    let impaired = 0;
    for (let seed = 0; seed < 300; seed++) {
      const run = planSoakRun(seed);
      if (run.impair.length === 0) {
        assert.equal(run.impairDuringMigration, false);
        continue;
      }
      impaired++;
      for (const spec of run.impair) {
        assert.ok(spec.startsWith('all:'), spec);
        const p = parseImpairSpec(spec);
        assert.ok(p.ok, p.ok ? spec : p.message);
      }
      const drop = Number(/drop=([\d.]+)/.exec(run.impair[0] as string)?.[1]);
      assert.ok(drop <= 0.02, run.impair[0]);
    }
    assert.ok(impaired > 150 && impaired < 250, `${impaired} of 300 runs impaired`);
  });
});
