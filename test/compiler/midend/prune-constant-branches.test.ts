// The pass pruneConstantBranches alone: an `if` on a constant keeps the branch taken; a table
// only the dropped branch applied goes, a table the source never applies stays.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import { pruneConstantBranches } from '../../../compiler/midend/prune-constant-branches.js';
import { controlNamed, lowered } from './helpers.js';

const SOURCE = `
#include <core.p4>
struct md_t { bit<8> a; bit<8> b; }
control C(inout md_t md) {
    action set(bit<8> v) { md.b = v; }
    table taken { key = { md.a: exact; } actions = { set; NoAction; } }
    table dropped { key = { md.a: exact; } actions = { set; NoAction; } }
    table never { key = { md.a: exact; } actions = { set; NoAction; } }
    table runtime { key = { md.a: exact; } actions = { set; NoAction; } }
    apply {
        if (true) { taken.apply(); } else { dropped.apply(); }
        if (md.a == 1) { runtime.apply(); }
    }
}
`;

describe('pruneConstantBranches', () => {
  const sink = new DiagnosticSink();
  const c = controlNamed(pruneConstantBranches(lowered(SOURCE), sink), 'C');

  it('keeps the branch taken and the run-time condition', () => {
    assert.deepEqual(
      c.apply.map((s) => s.kind),
      ['Block', 'If'],
    );
  });

  it('removes only the table whose applies were all in the dropped branch', () => {
    assert.deepEqual(
      c.tables.map((t) => t.name),
      ['taken', 'never', 'runtime'],
    );
    assert.equal(sink.errorCount, 0);
  });

  it('leaves a program without constant conditions untouched', () => {
    const p = lowered(SOURCE.replace('if (true)', 'if (md.b == 2)'));
    assert.equal(pruneConstantBranches(p, new DiagnosticSink()), p);
  });
});
