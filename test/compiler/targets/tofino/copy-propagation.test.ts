// A local holding a plain copy of fields (`bool v = hdr.x.isValid();`) costs no stage to the
// condition or statement that reads it: p4c's LocalCopyPropagation puts the expression there,
// so that reader waits only for the fields the copy reads (docs/tofino-resources.md
// "Copies of fields into locals"). SipHash's halfsiphash24_ingressegress.p4 fits so.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectMarked, tna } from './helpers.js';

/** Ten tables in a match chain on md.a (stages 0-9), then `tail` in the apply body. */
function afterChain(tail: string): string {
  const locals: string[] = [];
  const apply: string[] = [];
  for (let i = 0; i < 10; i++) {
    locals.push(`    action set${i}(bit<32> v) { md.a = md.a + v; }`);
    locals.push(`    table t${i} { key = { md.a : exact; } actions = { set${i}; } size = 16; }`);
    apply.push(`        t${i}.apply();`);
  }
  return tna(locals.join('\n'), `${apply.join('\n')}\n${tail}`);
}

function stagesOf(src: string): Map<string, number> {
  const run = expectMarked(src);
  return new Map((run.map.pipes[0]?.units ?? []).map((u) => [u.name, u.stage]));
}

function gatewayStage(stages: Map<string, number>): number | undefined {
  return [...stages].find(([name]) => name.startsWith('cond_'))?.[1];
}

describe('copies of fields into locals', () => {
  it('a condition on a local copied from a field shares the copy’s stage', () => {
    const stages = stagesOf(afterChain('        bit<32> c = md.a;\n        if (c == 5) { md.b = 1; }'));
    assert.equal(stages.get('t9'), 9);
    assert.equal(gatewayStage(stages), 10);
  });

  it('a declaration with a validity test (SipHash: bool is_sip = hdr.sip.isValid()) costs no stage', () => {
    const stages = stagesOf(tna('', '        bool v = hdr.d.isValid();\n        if (!v) { md.b = 1; }'));
    assert.equal(gatewayStage(stages), 0);
  });

  it('a statement reading the local shares the stage too', () => {
    const stages = stagesOf(afterChain('        bit<32> c = md.a + 1;\n        md.b = c;'));
    const synth = [...stages].filter(([n]) => n.startsWith('tbl_')).map(([, s]) => s);
    assert.deepEqual(synth, [10, 10]);
  });

  it('not when a unit between rewrites what the copy read: the condition waits a stage', () => {
    const src = afterChain(
      '        bit<32> c = md.a;\n        t_w.apply();\n        if (c == 5) { md.b = 1; }',
    ).replace(
      '    action set0(',
      '    action w() { md.a = 7; }\n    table t_w { key = { hdr.d.f1 : exact; } actions = { w; } size = 16; }\n    action set0(',
    );
    const stages = stagesOf(src);
    assert.equal(gatewayStage(stages), 11);
  });

  it('not when the local is computed by an extern (a register result is no copy)', () => {
    const src = tna(
      `    Register<bit<32>, bit<10>>(1024) reg;
    RegisterAction<bit<32>, bit<10>, bit<32>>(reg) ra = { void apply(inout bit<32> value, out bit<32> rv) { rv = value; } };`,
      '        bit<32> c = ra.execute(hdr.d.h1[9:0]);\n        if (c == 5) { md.b = 1; }',
    );
    assert.equal(gatewayStage(stagesOf(src)), 1);
  });

  it('a table whose key reads the local still waits a stage (only conditions and statements are rewritten)', () => {
    const src = tna(
      '    action a() { md.b = 1; }\n    table t { key = { md.c : exact; } actions = { a; } size = 16; }',
      '        md.c = hdr.d.f1;\n        t.apply();',
    );
    assert.equal(stagesOf(src).get('t'), 1);
  });
});
