// The pass moveInitializers alone: a local's initializer runs each time its block runs (P4
// spec §11.3), so it becomes an assignment where the block starts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import type * as Ir from '../../../compiler/ir/nodes.js';
import { printIr } from '../../../compiler/ir/print.js';
import { moveInitializers } from '../../../compiler/midend/move-initializers.js';
import { controlNamed, lowered, parserNamed } from './helpers.js';

const SOURCE = `
#include <core.p4>
header h_t { bit<8> a; }
parser P(packet_in pkt, out h_t h) {
    bit<8> count = 8w3;
    state start { pkt.extract(h); count = count + h.a; transition accept; }
}
control C(inout bit<8> x) {
    bit<8> fixed = 8w5;
    bit<8> copy = x + 1;
    apply { x = copy + fixed; }
}
`;

describe('moveInitializers', () => {
  const after = moveInitializers(lowered(SOURCE), new DiagnosticSink());

  it("puts a parser local's initializer first in the start state", () => {
    const p = parserNamed(after, 'P');
    assert.equal((p.locals[0] as Ir.Variable).init, undefined);
    const text = printIr({ ...after, parsers: [p], controls: [], actions: [] });
    assert.match(text, /state start \{\s+count = 3;\s+pkt\.extract/);
  });

  it("puts a control local's run-time initializer first in apply and keeps constant ones", () => {
    const c = controlNamed(after, 'C');
    assert.deepEqual(
      c.locals.map((l) => [(l as Ir.Variable).name, (l as Ir.Variable).init?.kind]),
      [
        ['fixed', 'Const'],
        ['copy', undefined],
      ],
    );
    assert.equal(c.apply[0]?.kind, 'Assign');
    const text = printIr({ ...after, parsers: [], controls: [c], actions: [] });
    assert.match(text, /apply \{\s+copy = \(x \+ 1\);\s+x = \(copy \+ fixed\);/);
  });

  it('leaves a program without initializers as the same object', () => {
    const p = lowered('#include <core.p4>\ncontrol D(inout bit<8> x) { bit<8> y; apply { y = x; x = y; } }');
    assert.equal(moveInitializers(p, new DiagnosticSink()), p);
  });
});
