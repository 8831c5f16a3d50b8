// Process faults in live runs (docs/faults.md "Process faults"): each through real processes
// on loopback, tiny sizes, with the history checker's and the audit's verdict.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DEFAULT_CONFIG } from '../../../cluster/experiment-config.js';
import { parseFault } from '../../../cluster/faults/fault-spec.js';
import { type ExperimentOutcome, runExperiment } from '../../../cluster/orchestrator.js';
import { runSmallExperiment } from '../fixtures/small-run.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function faults(...texts: string[]) {
  return texts.map((t) => {
    const f = parseFault(t);
    assert.ok(f.ok, t);
    return f.value;
  });
}

async function faultRun(prefix: string, workload: string, ...texts: string[]): Promise<ExperimentOutcome> {
  const { dir, outcome } = await runSmallExperiment(prefix, {
    workload,
    records: 1500,
    durationS: 7,
    migrateAtS: 1,
    migrationRate: 400,
    faults: faults(...texts),
  });
  dirs.push(dir);
  return outcome;
}

function assertClean(o: ExperimentOutcome): void {
  const v = o.results.summary.verdict;
  assert.equal(v.violations, 0, v.violationSamples.join('\n'));
  assert.equal(v.audited, true);
  assert.equal(v.keysLost, 0, o.auditSamples.join('\n'));
  assert.equal(v.keysWrong, 0, o.auditSamples.join('\n'));
  assert.equal(v.ok, true);
  assert.equal(o.results.summary.migration?.finished, true);
  for (const r of o.faults) assert.equal(r.error, undefined, `${r.fault}: ${r.error}`);
}

const actions = (o: ExperimentOutcome) => o.faults.flatMap((r) => r.actions).join('\n');

describe('process faults during a live migration', { timeout: 600_000 }, () => {
  test('the controller killed and restarted, then a client killed and restarted: nothing lost', async () => {
    const o = await faultRun('pf-ctl-', 'w20', 'controller@1.5,down=0.3', 'client@2.5,down=0.2');
    assertClean(o);
    assert.equal(o.faults.length, 2);
    assert.match(actions(o), /killed controller .*SIGKILL/);
    assert.match(actions(o), /controller restarted .*the switch held the pair, migrating/);
    assert.match(actions(o), /killed client-0/);
    assert.match(actions(o), /client-0 restarted/);
  });

  test('the switch killed mid-migration: rolled back, restarted on its ports, migrated again, nothing lost', async () => {
    const o = await faultRun('pf-sw-', 'w20', 'switch@2,down=0.2,again=0.3');
    assertClean(o);
    const a = actions(o);
    assert.match(a, /rolled back \(was migrating\): \d+ values and \d+ deletes returned to the source/);
    assert.match(a, /killed controller[\s\S]*killed switch/);
    assert.match(a, /switch restarted on the same ports/);
    assert.match(a, /controller restarted .*no pair/);
    assert.match(a, /migration started again/);
    assert.ok(o.results.summary.migration?.groupCount === 16);
  });

  test('a cancel mid-migration: rolled back, started again, finished, nothing lost', async () => {
    const o = await faultRun('pf-cancel-', 'w20', 'cancel@2,again=0.3');
    assertClean(o);
    assert.match(
      actions(o),
      /rolled back \(was migrating\): \d+ values and \d+ deletes returned to the source, pair removed/,
    );
    assert.match(actions(o), /migration started again 0.3 s later/);
    assert.equal(o.shardAtSource, false);
  });

  test('the destination killed mid-migration (read-only workload): rolled back, restarted empty, migrated again', async () => {
    const o = await faultRun('pf-dst-', 'c', 'destination@2,down=0.2,again=0.3');
    assertClean(o);
    assert.match(actions(o), /the destination is dead: nothing returned, pair removed/);
    assert.match(actions(o), /kv-destination restarted empty/);
  });
});

describe('the source killed mid-migration', { timeout: 300_000 }, () => {
  test('stops the run (it holds the only copy of what was not migrated), naming it, with nothing left running', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pf-src-'));
    dirs.push(dir);
    const r = await runExperiment(
      {
        ...DEFAULT_CONFIG,
        clients: 1,
        records: 1000,
        durationS: 6,
        migrateAtS: 1,
        maxGroupBits: 4,
        migrationRate: 400,
        out: join(dir, 'run'),
        buildDir: join(dir, 'build'),
        progress: 'silent',
        faults: faults('source@2'),
      },
      { handleSignals: false },
    );
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.code, 'PROCESS_FAILED');
    assert.match(r.message, /"kv-source" \(pid \d+\) was killed by SIGKILL/);
  });
});
