// netmigrate's impairment options (cluster/impairments.ts): host names resolved to switch
// ports, the switch arguments and control-plane specs built from them, the report's lines, and
// bad specs refused as usage errors by `netmigrate run`.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatImpairmentLog,
  impairProblems,
  resolveImpairments,
  switchImpairArgs,
} from '../../cluster/impairments.js';
import { planTopology } from '../../cluster/topology.js';
import { emptyCounters } from '../../runtime/ports/impairment.js';
import { parseImpairSpec } from '../../runtime/ports/impairment-spec.js';
import { NETMIGRATE, runCli } from '../bin/helpers.js';

describe('netmigrate impairments', () => {
  test('host names become switch ports; all leaves the auditor out', async () => {
    const t = await planTopology(2);
    const r = resolveImpairments(
      ['all:drop=0.01', 'servers+client-1:delay=1ms,dir=out', 'auditor+12:dup=0.1,seed=4'],
      t,
      9,
    );
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(
      r.value.map((x) => [x.ports, x.seed]),
      [
        [[1, 2, 10, 11, 12], 9],
        [[1, 2, 11], 9],
        [[3, 12], 4],
      ],
    );
    const args = switchImpairArgs(r.value);
    assert.deepEqual(args, [
      '--impair',
      '1+2+10+11+12:drop=0.01,seed=9',
      '--impair',
      '1+2+11:delay=1ms,dir=out,seed=9',
      '--impair',
      '3+12:dup=0.1,seed=4',
    ]);
    // What the switch is given parses back to the same impairment.
    const back = parseImpairSpec(args[3] as string);
    assert.ok(back.ok);
    assert.deepEqual(back.value.config, { delayMs: 1 });
    assert.equal(back.value.direction, 'out');
    const missing = resolveImpairments(['client-5:drop=0.1'], t, 1);
    assert.equal(missing.ok, false);
  });

  test('bad targets and specs are found before anything starts', () => {
    assert.deepEqual(impairProblems(['all:drop=0.1', 'clients:dup=0.2', '4:delay=1ms']), []);
    assert.equal(impairProblems(['switch:drop=0.1']).length, 1);
    assert.match(impairProblems(['all:drop=7'])[0] ?? '', /probability/);
  });

  test('the report names each host, direction, spec and what it did', async () => {
    const t = await planTopology(1);
    const counters = { ...emptyCounters(), seen: 1000, dropped: 10, duplicated: 5, delivered: 995 };
    const lines = formatImpairmentLog(
      [
        { port: 1, direction: 'in', spec: 'drop=0.01', seed: 1, setAtMs: 500, counters },
        { port: 10, direction: 'out', spec: 'drop=0.01', seed: 1, setAtMs: 2500, clearedAtMs: 4000, counters },
      ],
      t,
      1000,
    );
    assert.equal(lines.length, 3);
    assert.match(
      lines[1] ?? '',
      /source \(port 1\) in drop=0\.01 seed 1, from before the run phase to the end: 1,000 frames, 10 lost/,
    );
    assert.match(lines[2] ?? '', /client-0 \(port 10\) out .* from 1\.50 s to 3\.00 s: .*5 duplicated/);
  });

  test('netmigrate run: a bad --impair prints the usage and exits 2', async () => {
    for (const args of [
      ['run', '--impair', 'all:drop=2'],
      ['run', '--impair', 'nobody:drop=0.1'],
      ['run', '--impair-during-migration'],
    ]) {
      const r = await runCli(NETMIGRATE, args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /Options:/);
    }
  });
});
