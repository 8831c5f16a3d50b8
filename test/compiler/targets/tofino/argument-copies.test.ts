// The mid end inlines a sub-control whose arguments alias (`s.apply(md, md.a, md.b)`) with
// copies in and out of its parameters. p4c's inliner and bf-p4c's copy propagation leave no
// such copies where they change no value, so they cost no table and no stage
// (docs/tofino-resources.md "Argument copies of inlined controls"); a real chain through the
// results still does.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { cleanup, rig } from '../../codegen/helpers.js';
import { shell } from '../../codegen/stage-shell.js';
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

/** Two applies of a sub-control whose arguments alias, with a return and an out parameter. */
const ALIASING = shell(
  'Acc() acc1;\n    Acc() acc2;',
  `acc1.apply(hdr, md, hdr.h.a, hdr.h.e);
        acc2.apply(hdr, md, md.x, hdr.h.f);
        hdr.h.i = md.x + md.y;`,
  `
control Acc(inout hdr_t h, inout md_t m, in bit<8> k, out bit<8> r) {
    apply {
        if (k == 7) { m.y = 1; return; }
        m.x = h.h.b + k;
        r = m.x ^ h.h.c;
        h.h.d = r;
    }
}`,
);

describe('argument copies: the rewritten control computes what the program does', () => {
  after(cleanup);
  it('stage order (copies replaced) and program order (copies run) give the same packets', async () => {
    const staged = await rig(ALIASING, { source: true });
    const plain = await rig(ALIASING, { source: true, targetChecks: false });
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 1, 7));
    fc.assert(
      fc.property(fc.array(byte, { minLength: 8, maxLength: 8 }), (frame) => {
        staged.out.length = 0;
        plain.out.length = 0;
        staged.engine.receive(1, Uint8Array.from(frame));
        plain.engine.receive(1, Uint8Array.from(frame));
        assert.deepEqual(staged.out, plain.out);
      }),
      { numRuns: 200 },
    );
  });
});
