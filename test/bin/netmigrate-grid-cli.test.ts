// `netmigrate grid` and `compare --repeat` on the command line: bad options are usage errors
// (exit 2, before any process starts), and --quick fills in only what the user left out.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyQuick, explicitOptions, gridSizes } from '../../bin/commands/netmigrate-grid.js';
import { DEFAULT_CONFIG } from '../../cluster/experiment-config.js';
import { GRID_PRESET, QUICK_PRESET } from '../../cluster/grid-axes.js';
import { NETMIGRATE, runCli } from './helpers.js';

describe('netmigrate grid on the command line', () => {
  test('a missing or unknown axis, a bad --repeat or a bad experiment option prints the usage and exits 2', async () => {
    for (const args of [
      ['grid'],
      ['grid', '--axis', 'latency'],
      ['grid', '--axis', 'capacity', '--repeat', '0'],
      ['--repeat', '1.5', 'grid', '--axis', 'records'],
      ['grid', '--axis', 'write-ratio', '--records', '0'],
      ['compare', '--repeat', 'x'],
    ]) {
      const r = await runCli(NETMIGRATE, args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /Options:/, args.join(' '));
    }
  });

  test('--help names the axes', async () => {
    const r = await runCli(NETMIGRATE, ['grid', '--help']);
    assert.equal(r.code, 0);
    for (const axis of ['write-ratio', 'capacity', 'records', 'filter-size']) assert.match(r.stdout, new RegExp(axis));
  });

  test('compare takes --quick too (before or after other options), and checks the rest first', async () => {
    const help = await runCli(NETMIGRATE, ['compare', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--quick/);
    // compare's own key count (a migration long enough to rank protocols), run's stays.
    assert.match(help.stdout, /--records[^\n]*\n[^\n]*\[default: 1000000\]/);
    const runHelp = await runCli(NETMIGRATE, ['run', '--help']);
    assert.match(runHelp.stdout, /--records[^\n]*\[default: 200000\]/);
    const bad = await runCli(NETMIGRATE, ['compare', '--repeat', '0', '--quick']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--repeat/);
  });

  test('--quick sets the small sizes except those given explicitly, in either spelling', () => {
    assert.deepEqual(
      [...explicitOptions(['grid', '--records=500', '--no-audit', '--quick'])],
      ['records', 'audit', 'quick'],
    );
    const c = applyQuick({ ...DEFAULT_CONFIG, records: 500, audit: false }, ['--records', '500', '--no-audit']);
    assert.equal(c.records, 500);
    assert.equal(c.audit, false);
    assert.equal(c.durationS, QUICK_PRESET.durationS);
    assert.equal(c.maxGroupBits, QUICK_PRESET.maxGroupBits);
    assert.equal(c.workload, DEFAULT_CONFIG.workload);
  });

  test('without --quick a grid takes its own sizes (GRID_PRESET) where none is given', () => {
    const given = gridSizes({ ...DEFAULT_CONFIG, durationS: 20 }, ['grid', '--duration', '20'], false);
    assert.equal(given.durationS, 20);
    assert.equal(given.records, GRID_PRESET.records);
    assert.equal(given.migrateAtS, GRID_PRESET.migrateAtS);
    assert.equal(given.maxGroupBits, GRID_PRESET.maxGroupBits, 'about 20 keys a group at the grid size');
    const groups = gridSizes({ ...DEFAULT_CONFIG, maxGroupBits: 12 }, ['grid', '--max-group-bits', '12'], false);
    assert.equal(groups.maxGroupBits, 12, 'a group count given on the command line wins');
    const quick = gridSizes(DEFAULT_CONFIG, ['grid', '--quick'], true);
    assert.equal(quick.records, QUICK_PRESET.records);
  });
});
