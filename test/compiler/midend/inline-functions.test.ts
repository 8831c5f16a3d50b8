// The pass inlineFunctions alone (P4 spec §10: a function's arguments are copied in and out;
// `return` ends the function), and a compiled TNA program whose controls call functions.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import { printIr } from '../../../compiler/ir/print.js';
import { someStmt } from '../../../compiler/ir/visit.js';
import { inlineFunctions } from '../../../compiler/midend/inline-functions.js';
import { cleanup, rig } from '../codegen/helpers.js';
import { shell } from '../codegen/stage-shell.js';
import { controlNamed, lowered } from './helpers.js';

after(cleanup);

const FUNCTIONS = `
bit<8> twice(in bit<8> v) { return v + v; }
bit<8> clamp(in bit<8> v, in bit<8> top) {
    if (v > top) { return top; }
    bit<8> r = v;
    return r;
}
void swap(inout bit<8> a, inout bit<8> b) { bit<8> t = a; a = b; b = t; }
bit<8> unused(in bit<8> v) { return v; }
`;

describe('inlineFunctions', () => {
  const source = `#include <core.p4>\n${FUNCTIONS}
control C(inout bit<8> x, inout bit<8> y) {
    apply {
        x = twice(y) + 1;
        swap(x, y);
        y = clamp(y, 8w100);
        bit<8> z = clamp(x, 8w3);
        x = z;
    }
}`;
  const sink = new DiagnosticSink();
  const program = inlineFunctions(lowered(source), sink);
  const c = controlNamed(program, 'C');
  const text = printIr({ ...program, controls: [c] });

  it('leaves no function and no call of one', () => {
    assert.equal(sink.errorCount, 0);
    assert.deepEqual(program.functions, []);
    assert.doesNotMatch(text, /twice\(|clamp\(|swap\(/);
  });

  it('substitutes a one-return function into its expression', () => {
    assert.match(text, /x = \(\(y \+ y\) \+ 1\);/);
  });

  it('copies inout arguments straight through when they do not overlap', () => {
    assert.match(text, /swap\.\d+\.t = x;\s+x = y;\s+y = swap\.\d+\.t;/);
  });

  it('turns return into an assignment of the result and a flag', () => {
    assert.match(text, /clamp\.result = 100;/);
    assert.match(text, /clamp\.\d+\.returned = true;/);
    assert.equal(
      someStmt(c.apply, (s) => s.kind === 'Return'),
      false,
    );
  });

  it('runs as P4 says once compiled', async () => {
    const r = await rig(
      shell('', 'hdr.h.a = twice(hdr.h.b); swap(hdr.h.c, hdr.h.d); hdr.h.e = clamp(hdr.h.e, 8w10);', FUNCTIONS),
      { source: true },
    );
    r.engine.receive(1, Uint8Array.from([0, 7, 1, 2, 50, 0, 0, 0]));
    r.engine.receive(1, Uint8Array.from([0, 7, 1, 2, 5, 0, 0, 0]));
    assert.deepEqual(
      r.out.map((o) => [...o.frame]),
      [
        [14, 7, 2, 1, 10, 0, 0, 0],
        [14, 7, 2, 1, 5, 0, 0, 0],
      ],
    );
  });
});

describe('inlineFunctions with a struct value written in place', () => {
  it('binds the value to a local instead of taking a member of it', () => {
    const source = `#include <core.p4>
header h_t { bit<16> t; }
struct pair_t { h_t h; }
bit<16> next_of(in pair_t v) { return v.h.t + 1; }
control C(inout bit<16> x) {
    apply { x = next_of({ { 16w41 } }); }
}`;
    const sink = new DiagnosticSink();
    const program = inlineFunctions(lowered(source), sink);
    const text = printIr({ ...program, controls: [controlNamed(program, 'C')] });
    assert.equal(sink.errorCount, 0);
    assert.doesNotMatch(text, /\}\.h\.t/, 'no member taken of a value written in place');
    assert.match(text, /next_of\.\d+\.v/);
  });
});
