// Opt-in: the NetMigrate artifact's own switch program, unchanged, in a live run. The program
// is not ours to commit: fetch it outside the repository (Froot-NetSys/NetMigrate,
// tna_kv_migration/migration/kv_migration.p4 with its includes) and name it:
//   P4TS_NETMIGRATE_ARTIFACT=/path/to/kv_migration.p4 node --test dist/test/cluster/artifact-program.test.js
// It must compile, select the artifact profile, and carry a small migration to a clean verdict
// with every request to the source shard answered by the destination afterwards.

import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { PROFILES, selectProfile, surfaceFromP4Info } from '../../cluster/controller/index.js';
import { ensureProgramBuild } from '../../cluster/netmigrate-build.js';
import { runSmallExperiment } from './fixtures/small-run.js';

const program = process.env.P4TS_NETMIGRATE_ARTIFACT;

describe('the artifact program (P4TS_NETMIGRATE_ARTIFACT)', { skip: program === undefined, timeout: 600_000 }, () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test('compiles unchanged and fits the artifact profile', async () => {
    const r = await ensureProgramBuild({ program: program as string });
    assert.ok(r.ok, r.ok ? '' : r.message);
    const p4info = JSON.parse(readFileSync(join(r.value.dir, 'p4info.json'), 'utf8'));
    const profile = selectProfile(surfaceFromP4Info(p4info), PROFILES);
    assert.ok(profile.ok, profile.ok ? '' : profile.message);
    assert.equal(profile.value.profile.name, 'artifact');
  });

  test('a small migration through it ends with a clean verdict and the shard at the destination', async () => {
    const { dir, outcome } = await runSmallExperiment('nm-artifact-', {
      program: program as string,
      records: 3000,
      durationS: 8,
    });
    dirs.push(dir);
    const s = outcome.results.summary;
    assert.equal(outcome.profile.name, 'artifact');
    assert.equal(s.migration?.finished, true);
    assert.ok(s.verdict.ok, JSON.stringify(s.verdict));
    const kinds = outcome.controllerEvents.map((e) => e.kind);
    assert.ok(kinds.includes('init'), kinds.join(','));
    const terminate = outcome.controllerEvents.find((e) => e.kind === 'terminate');
    assert.ok(terminate?.kind === 'terminate', kinds.join(','));
    assert.deepEqual([terminate.filtersCleared, terminate.filtersSaturated], [false, true]);
    assert.equal(outcome.sourceProbe?.fromDestination, outcome.sourceProbe?.probed);
    assert.ok(s.clients.doubleReads > 0, 'the program double-read keys of groups in flight');
  });
});
