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

/**
 * `n` registers, each accessed on both arms of an if: at once on one arm, and on the other
 * after `set` writes md.a, which every second-arm access reads. Stateful ALUs (4 a stage)
 * spread the registers over stages; each register must sit where its second access can run.
 */
function sharedRegisters(n: number): string {
  const locals = [
    '    action set() { md.a = hdr.d.f1; }',
    '    table ts { key = { hdr.d.f2 : exact; } actions = { set; } size = 16; }',
  ];
  const first: string[] = [];
  const second: string[] = [];
  for (let i = 0; i < n; i++) {
    locals.push(
      `    Register<bit<32>, bit<16>>(1024) r${i};`,
      `    RegisterAction<bit<32>, bit<16>, bit<32>>(r${i}) w${i} = { void apply(inout bit<32> v) { v = hdr.d.f2; } };`,
      `    RegisterAction<bit<32>, bit<16>, bit<32>>(r${i}) c${i} = { void apply(inout bit<32> v) { if (md.a == 0) { v = v + 1; } } };`,
      `    action aw${i}() { w${i}.execute(hdr.d.h1); }`,
      `    action ac${i}() { c${i}.execute(hdr.d.h1); }`,
    );
    first.push(`            aw${i}();`);
    second.push(`            ac${i}();`);
  }
  const apply = [
    '        if (hdr.d.b1 == 0) {',
    ...first,
    '        } else {',
    '            ts.apply();',
    ...second,
    '        }',
  ];
  return tna(locals.join('\n'), apply.join('\n'));
}

describe('register stages found in as many rounds as they take', () => {
  it('36 registers, 4 a stage, each after a one-stage dependency on one arm: stages 1 to 9, no 4014', () => {
    // Each round of the floor search moves only the four registers that filled the first
    // free stage; eight rounds left the last two registers in stage 0 (NetCL agg-ours, 4014).
    const run = runTofino(sharedRegisters(36));
    assert.deepEqual(
      run.found.map((d) => d.code),
      [],
      run.rendered,
    );
    const stages = run.map.pipes[0]?.registers.map((r) => r.stage) ?? [];
    assert.equal(stages.length, 36);
    assert.equal(Math.min(...stages), 1);
    assert.equal(Math.max(...stages), 9);
  });

  it('48 such registers need stages 1 to 12: past the last stage, reported (4008, stateful ALUs being an estimate)', () => {
    const run = runTofino(sharedRegisters(48));
    assert.deepEqual(
      run.found.map((d) => d.code),
      [4008],
      run.rendered,
    );
  });
});
