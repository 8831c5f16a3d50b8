// The pass specializeBlocks alone: blocks given to the main package with constructor arguments
// become copies with the arguments in place of the parameters (one copy per use).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import type * as Ir from '../../../compiler/ir/nodes.js';
import { printIr } from '../../../compiler/ir/print.js';
import { specializeBlocks } from '../../../compiler/midend/specialize-blocks.js';
import { controlNamed, lowered } from './helpers.js';

const SOURCE = `
#include <core.p4>
control C(inout bit<8> x)(bit<8> step) {
    action bump() { x = x + step; }
    table t { actions = { bump; } default_action = bump(); size = step; }
    apply { t.apply(); }
}
control Plain(inout bit<8> x) { apply { } }
control Ctype(inout bit<8> x);
package Three(Ctype a, Ctype b, Ctype c);
Three(C(8w1), C(8w2), Plain()) main;
`;

describe('specializeBlocks', () => {
  const before = lowered(SOURCE);
  const after = specializeBlocks(before, new DiagnosticSink());

  it('gives each use its own copy, the first under the block name', () => {
    const names = after.main?.args.map((a) => (a.value as Ir.BlockInstance).name);
    assert.deepEqual(names, ['C', 'C_2', 'Plain']);
    for (const a of after.main?.args ?? []) assert.deepEqual((a.value as Ir.BlockInstance).ctorArgs, []);
    assert.deepEqual(controlNamed(after, 'C').ctorParams, []);
  });

  it('replaces the constructor parameters by the arguments, table sizes included', () => {
    const text = (name: string) =>
      printIr({ ...after, controls: [controlNamed(after, name)], actions: [], main: undefined });
    assert.match(text('C'), /x = \(x \+ 1\);/);
    assert.match(text('C_2'), /x = \(x \+ 2\);/);
    assert.equal(controlNamed(after, 'C_2').tables[0]?.size, 2n);
  });

  it('leaves a main package without constructor arguments as it was', () => {
    const p = lowered(SOURCE.replace('Three(C(8w1), C(8w2), Plain()) main;', 'Three(Plain(), Plain(), Plain()) main;'));
    assert.equal(specializeBlocks(p, new DiagnosticSink()), p);
  });
});
