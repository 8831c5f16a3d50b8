// The mid end inlines a sub-control whose arguments alias (`s.apply(md, md.a, md.b)`) with
// copies in and out of its parameters. p4c's inliner and bf-p4c's copy propagation leave no
// such copies where they change no value, so they cost no table and no stage
// (docs/tofino-resources.md "Argument copies of inlined controls"); a real chain through the
// results still does.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runTofino, tna } from './helpers.js';

const SLOT = `control Slot(inout meta_t m, in bit<32> idx, out bit<32> res) {
    Register<bit<32>, bit<32>>(1024) r;
    RegisterAction<bit<32>, bit<32>, bit<32>>(r) ra = {
        void apply(inout bit<32> v, out bit<32> o) { v = v + 1; o = v; }
    };
    apply { res = ra.execute(idx); }
}
control Ig(`;

/** `n` instances of Slot, applied in a row with the given (index, result) arguments. */
function slots(args: readonly (readonly [string, string])[]): string {
  const locals = args.map((_, i) => `    Slot() s${i};`).join('\n');
  const apply = args.map(([idx, res], i) => `        s${i}.apply(md, ${idx}, ${res});`).join('\n');
  return tna(locals, apply).replace('control Ig(', SLOT);
}

const field = (i: number): string => ['md.a', 'md.b', 'md.c', 'md.e'][i % 4] as string;

function executeStages(src: string): { stages: number[]; codes: number[] } {
  const run = runTofino(src, 'tofino', 'test.p4', true);
  const units = run.map.pipes[0]?.units ?? [];
  return {
    stages: units.filter((u) => u.registers.length > 0).map((u) => u.stage),
    codes: run.found.map((d) => d.code),
  };
}

describe('argument copies of inlined controls', () => {
  it('copies that change no value cost no stage: independent register reads share the first stages', () => {
    const outs = ['md.b', 'md.c', 'md.e', 'hdr.d.f1', 'hdr.d.f2'];
    const { stages, codes } = executeStages(slots(outs.map((o) => ['md.a', o] as const)));
    assert.deepEqual(codes, []);
    assert.equal(stages.length, 5);
    // 4 stateful ALUs a stage: the five executes need two stages, not a chain of copies.
    assert.ok(Math.max(...stages) <= 1, `stages ${stages.join(', ')}`);
  });

  it('a result that feeds the next index is still a chain: 13 in a row do not fit', () => {
    const args = Array.from({ length: 13 }, (_, i) => [field(i), field(i + 1)] as const);
    const { codes } = executeStages(slots(args));
    assert.deepEqual(codes, [4000]);
  });

  it('12 in a row fit, one stage each', () => {
    const args = Array.from({ length: 12 }, (_, i) => [field(i), field(i + 1)] as const);
    const { stages, codes } = executeStages(slots(args));
    assert.deepEqual(codes, []);
    assert.deepEqual(stages, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});
