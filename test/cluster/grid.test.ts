// `netmigrate grid` end to end at a tiny size, one test per axis: every point of the axis runs
// through real processes (the compiled switch, controller, servers, client) and must finish
// its migration with a clean verdict; the grid's table, CSV and plots are written. To keep
// `npm test` to seconds, each point runs once with one protocol, the four in turn (so every
// protocol meets some point), and the switch builds are the repository's cached ones
// (build/netmigrate and build/netmigrate-<size>, compiled only when stale).

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_CONFIG, type ExperimentConfig, PROTOCOL_CHOICES } from '../../cluster/experiment-config.js';
import { type GridOutcome, gridSpec, runGrid } from '../../cluster/grid.js';
import type { GridAxis } from '../../cluster/grid-axes.js';
import { DEFAULT_BUILD_DIR, ensureNetMigrateBuild } from '../../cluster/netmigrate-build.js';

const RUN_GUARD_MS = 600_000;

describe('netmigrate grid at a tiny size', { timeout: 4 * RUN_GUARD_MS }, () => {
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nm-grid-'));
    const b = await ensureNetMigrateBuild();
    assert.ok(b.ok, b.ok ? '' : b.message);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function tiny(axis: GridAxis): ExperimentConfig {
    return {
      ...DEFAULT_CONFIG,
      records: 300,
      durationS: 1,
      migrateAtS: 0.3,
      warmupS: 0,
      clients: 1,
      maxGroupBits: 3,
      out: join(dir, axis),
      progress: 'silent',
      finishGraceS: 60,
    };
  }

  async function grid(axis: GridAxis): Promise<GridOutcome> {
    const config = tiny(axis);
    const spec = gridSpec(axis, config, 1, true);
    const inTurn = (i: number) => [spec.protocols[i % spec.protocols.length] ?? 'netmigrate'] as const;
    const failed: string[] = [];
    const r = await runGrid(
      config,
      { ...spec, protocolsAt: inTurn },
      {
        handleSignals: false,
        stream: process.stderr,
        onRun: (s) => {
          if (s.error !== undefined) failed.push(`${s.point}, ${s.protocol}: ${s.error}`);
        },
      },
    );
    assert.ok(r.ok, r.ok ? '' : `${r.code}: ${r.message}`);
    const g = r.value.report;
    assert.equal(g.samples.length, g.points.length, 'one run per point');
    assert.deepEqual(
      g.samples.map((s) => s.protocol),
      g.points.map((_, i) => inTurn(i)[0]),
    );
    assert.deepEqual(failed, [], 'every run completes');
    for (const s of g.samples) {
      const summary = JSON.parse(readFileSync(join(s.out, 'summary.json'), 'utf8'));
      assert.equal(s.ok, true, `${s.point}, ${s.protocol}: ${JSON.stringify(summary.verdict.violationSamples)}`);
      assert.equal(summary.verdict.keysLost, 0);
    }
    for (const f of ['README.md', 'grid.csv', 'grid.json', 'grid.txt', 'ops-during.svg', 'migration-s.svg'])
      assert.ok(existsSync(join(r.value.out, f)), f);
    return r.value;
  }

  test('write ratio: 0 to 30 % writes, each point with its own workload', async () => {
    const g = await grid('write-ratio');
    const workloads = g.report.samples.map(
      (s) => JSON.parse(readFileSync(join(s.out, 'summary.json'), 'utf8')).parameters.workload,
    );
    assert.deepEqual([...new Set(workloads)], ['w0', 'w5', 'w10', 'w20', 'w30']);
  });

  test('capacity: one baseline measured by the first run caps every protocol at 70 and 40 %', async () => {
    const g = await grid('capacity');
    const baseline = g.report.capacityBaselineOpsPerSec;
    assert.ok(baseline !== undefined && baseline > 0);
    const capped = g.report.samples.filter((s) => s.slug !== 'capacity-100');
    assert.deepEqual(
      capped.map((s) => s.protocol),
      PROTOCOL_CHOICES.slice(1, 3),
      'the capped points run the baselines (the first run, uncapped, is NetMigrate)',
    );
    for (const s of capped) {
      const summary = JSON.parse(readFileSync(join(s.out, 'summary.json'), 'utf8'));
      assert.equal(`capacity-${summary.parameters.capacityPercent}`, s.slug);
      assert.equal(
        summary.parameters.capacityBaselineOpsPerSec,
        baseline,
        `${s.out}: capped at a share of the shared baseline`,
      );
    }
  });

  test('records: each point loads its own number of keys', async () => {
    const g = await grid('records');
    for (const s of g.report.samples) {
      const summary = JSON.parse(readFileSync(join(s.out, 'summary.json'), 'utf8'));
      assert.equal(summary.verdict.keysChecked, summary.parameters.records);
    }
  });

  test('filter sizes: NetMigrate alone, one switch build per size, the measured FP beside the bound', async () => {
    const g = await grid('filter-size');
    assert.deepEqual(g.report.protocols, ['netmigrate']);
    for (const p of g.report.points) assert.ok(existsSync(`${DEFAULT_BUILD_DIR}-${p.slug}`), p.slug);
    const csv = readFileSync(join(g.out, 'grid.csv'), 'utf8').trim().split('\n');
    assert.equal(csv.length, 1 + g.report.points.length);
    assert.ok(existsSync(join(g.out, 'filter-fp-percent.svg')));
  });
});
