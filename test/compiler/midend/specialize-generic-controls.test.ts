// The pass specializeGenericControls alone: a control instantiated with type arguments becomes
// a copy with its type variables replaced (one copy per distinct list of type arguments).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { printType } from '../../../compiler/check/types.js';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import type * as Ir from '../../../compiler/ir/nodes.js';
import { specializeGenericControls } from '../../../compiler/midend/specialize-generic-controls.js';
import { controlNamed, lowered } from './helpers.js';

const SOURCE = `
#include <core.p4>
extern Box<T> { Box(); T get(in T x); }
control Twice<T>(in T a, out T b) {
    Box<T>() box;
    T tmp;
    apply { tmp = box.get(a); b = tmp; }
}
control Top(inout bit<8> x, inout bit<16> y) {
    Twice<bit<8>>() t8;
    Twice<bit<16>>() t16;
    Twice<bit<8>>() t8b;
    apply { t8.apply(x, x); t16.apply(y, y); t8b.apply(x, x); }
}
control Ctype(inout bit<8> x, inout bit<16> y);
package P(Ctype c);
P(Top()) main;
`;

const instance = (c: Ir.Control, name: string) =>
  c.locals.find((l): l is Ir.Instance => l.kind === 'Instance' && l.name === name) as Ir.Instance;

describe('specializeGenericControls', () => {
  const before = lowered(SOURCE);
  const after = specializeGenericControls(before, new DiagnosticSink());
  const top = controlNamed(after, 'Top');

  it('gives each distinct list of type arguments one copy, which the instances name', () => {
    assert.equal(instance(top, 't8').typeName, instance(top, 't8b').typeName);
    assert.notEqual(instance(top, 't8').typeName, instance(top, 't16').typeName);
    assert.deepEqual(
      after.controls.map((c) => c.name),
      ['Twice', 'Top', 'Twice_2', 'Twice_3'],
    );
  });

  it('replaces the type variable in parameters, locals and extern instances', () => {
    const c16 = controlNamed(after, instance(top, 't16').typeName);
    assert.deepEqual(
      c16.params.map((p) => printType(p.type)),
      ['bit<16>', 'bit<16>'],
    );
    const box = instance(c16, 'box');
    assert.deepEqual(box.typeArgs.map(printType), ['bit<16>']);
    const tmp = c16.locals.find((l) => l.kind === 'Variable');
    assert.equal(tmp === undefined ? undefined : printType((tmp as Ir.Local & { type: never }).type), 'bit<16>');
  });

  it('leaves a program without generic control instances as it was', () => {
    const p = lowered(SOURCE.replace(/Twice<bit<(8|16)>>\(\) (\w+);/g, '').replace(/t\w+\.apply\([^)]*\);/g, ''));
    assert.equal(specializeGenericControls(p, new DiagnosticSink()), p);
  });
});
