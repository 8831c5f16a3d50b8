// Control-plane names of IR objects (compiler/ir/control-plane-name.ts): `@name` or the local
// name under the block, a leading dot absolute, and the `@name` an inlined local takes.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  controlPlaneName,
  inlinedAnnotations,
  nameAnnotationOf,
  withNameAnnotation,
} from '../../../compiler/ir/control-plane-name.js';

const named = (body: string) => [{ name: 'name', body }];

describe('control-plane names', () => {
  test('an @name body: one string, or strings joined by ++', () => {
    assert.equal(nameAnnotationOf(named('"ecmp"')), 'ecmp');
    assert.equal(nameAnnotationOf(named('"ing" ++ ".t"')), 'ing.t');
    assert.equal(nameAnnotationOf([{ name: 'hidden', body: '' }]), undefined);
    assert.equal(nameAnnotationOf(undefined), undefined);
  });

  test('under the block, absolute with a leading dot, bare at top level', () => {
    assert.equal(controlPlaneName('ecmp_t', named('"ecmp"'), 'SwitchIngress'), 'SwitchIngress.ecmp');
    assert.equal(controlPlaneName('drop_1', named('".drop"'), 'SwitchIngress'), 'drop');
    assert.equal(controlPlaneName('t', [], 'Ig'), 'Ig.t');
    assert.equal(controlPlaneName('NoAction', [], ''), 'NoAction');
  });

  test('withNameAnnotation replaces an @name or adds one, keeping the others', () => {
    assert.deepEqual(withNameAnnotation([{ name: 'hidden', body: '' }, ...named('"a"')], 'b'), [
      { name: 'hidden', body: '' },
      { name: 'name', body: '"b"' },
    ]);
    assert.deepEqual(withNameAnnotation(undefined, 'x.y'), named('"x.y"'));
  });

  test('inlined: untouched without @name; instance.name otherwise; absolute stays', () => {
    const plain = { name: 't', annotations: [] };
    assert.equal(inlinedAnnotations({ name: 'inst' }, plain), plain.annotations);
    assert.deepEqual(
      inlinedAnnotations({ name: 'inst' }, { name: 't', annotations: named('"pick"') }),
      named('"inst.pick"'),
    );
    assert.deepEqual(inlinedAnnotations({ name: 'inst', annotations: named('"outer"') }, plain), named('"outer.t"'));
    const absolute = { name: 'a', annotations: named('".drop"') };
    assert.equal(inlinedAnnotations({ name: 'inst' }, absolute), absolute.annotations);
  });
});
