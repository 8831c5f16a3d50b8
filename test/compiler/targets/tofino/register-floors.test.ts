// The placement with no per-stage limit (warning 4008, docs/tofino-resources.md "Estimates
// and certainties") finds its own register stages. Reusing the strict placement's, where a
// full stage had pushed a register's access late, kept the register there and turned an
// overflow of our estimates into error 4000 (WisePIFinder's sketch registers).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runTofino, tna } from './helpers.js';

/**
 * Register r is read on one arm at once and written, with a result, on the other after a
 * 10-table chain; `extra` tables that need the chain's last value fill the write's stage.
 */
function program(extra: number, chain = 10): string {
  const locals = [
    '    Register<bit<32>, bit<16>>(1024) r;',
    '    RegisterAction<bit<32>, bit<16>, bit<32>>(r) rd = { void apply(inout bit<32> v) { v = v | 1; } };',
    '    RegisterAction<bit<32>, bit<16>, bit<32>>(r) wr = { void apply(inout bit<32> v, out bit<32> o) { v = v + 1; o = v; } };',
    '    action read() { rd.execute(hdr.d.h1); }',
    '    action write() { md.b = wr.execute(hdr.d.h1); }',
    '    table tr { actions = { read; } const default_action = read; size = 1; }',
    '    table tw { actions = { write; } const default_action = write; size = 1; }',
  ];
  const apply = ['        if (hdr.d.b1 == 0) { tr.apply(); } else {'];
  for (let i = 0; i < chain; i++) {
    locals.push(`    action set${i}(bit<32> v) { md.a = md.a + v; }`);
    locals.push(`    table t${i} { key = { md.a : exact; } actions = { set${i}; } size = 16; }`);
    apply.push(`        t${i}.apply();`);
  }
  for (let i = 0; i < extra; i++) {
    locals.push(`    table u${i} { key = { md.a : exact; } actions = { NoAction; } size = 16; }`);
    apply.push(`        u${i}.apply();`);
  }
  apply.push('        if (md.a == 1) { tw.apply(); }', '        if (md.b == 1) { md.c = 1; }', '        }');
  return tna(locals.join('\n'), apply.join('\n'));
}

describe('register stages of the placement without per-stage limits', () => {
  it('a register a full stage pushed late is placed again by the chains: warning 4008, not 4000', () => {
    const run = runTofino(program(16));
    assert.deepEqual(
      run.found.map((d) => d.code),
      [4008],
      run.rendered,
    );
    const tw = run.map.pipes[0]?.units.find((u) => u.name === 'tw');
    assert.equal(tw?.stage, 10);
  });

  it('a chain that is too long stays error 4000', () => {
    const run = runTofino(program(16, 11));
    assert.deepEqual(
      run.found.map((d) => d.code),
      [4000],
      run.rendered,
    );
  });

  it('with room in the stage nothing is reported', () => {
    assert.deepEqual(
      runTofino(program(4)).found.map((d) => d.code),
      [],
    );
  });
});
