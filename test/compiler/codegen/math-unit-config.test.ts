// The MathUnit configuration the compiler derives from a constructor
// (compiler/codegen/math-unit-config.ts): the largest scale that keeps every entry below 256,
// entries rounded half to even, the data list read from entry 15 down.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConstValue } from '../../../compiler/check/const-fold.js';
import { boolType } from '../../../compiler/check/types.js';
import { mathUnitSettings } from '../../../compiler/codegen/math-unit-config.js';
import type * as Ir from '../../../compiler/ir/nodes.js';

const span = { start: 0, end: 0 };
const k = (value: ConstValue): Ir.Expr => ({ kind: 'Const', value, type: boolType, span }) as Ir.Expr;
const op = (name: string) => k({ kind: 'member', type: 'MathOp_t', member: name } as unknown as ConstValue);
const inst = (...args: Ir.Expr[]): Ir.Instance => ({
  kind: 'Instance',
  name: 'mu',
  type: boolType,
  typeName: 'MathUnit',
  typeArgs: [],
  ctorArgs: args,
  methods: [],
  span,
});

describe('MathUnit settings', () => {
  test('SQR, 1: shift 1, scale -6, data[m] = m² for m = 8..15 (bf-p4c math_unit1 lists the same)', () => {
    const s = mathUnitSettings(inst(op('SQR'), k(1n)));
    assert.deepEqual(s, {
      invert: false,
      shift: 1,
      scale: -6,
      data: Array.from({ length: 16 }, (_, m) => (m >= 8 ? m * m : 0)),
    });
  });

  test('RSQRT, 2^24: invert, shift -1, scale 17, entries from m = 4', () => {
    const s = mathUnitSettings(inst(op('RSQRT'), k(1n << 24n)));
    assert.ok(typeof s !== 'string');
    assert.equal(s.scale, 17);
    assert.deepEqual(s.data, [0, 0, 0, 0, 181, 162, 148, 137, 128, 121, 114, 109, 105, 100, 97, 93]);
  });

  test('MUL, 1, 10 (a tenth): scale -10, round(m · 12.8) with halves to even', () => {
    const s = mathUnitSettings(inst(op('MUL'), k(1n), k(10n)));
    assert.ok(typeof s !== 'string');
    assert.equal(s.scale, -10);
    assert.deepEqual(s.data.slice(8), [102, 115, 128, 141, 154, 166, 179, 192]);
  });

  test('given settings: data listed from entry 15 down, missing entries 0', () => {
    const list: Ir.Expr = { kind: 'List', elements: [k(9n), k(8n), k(7n)], type: boolType, span } as Ir.Expr;
    const s = mathUnitSettings(inst(k(true), k(-1n), k(3n), list));
    assert.ok(typeof s !== 'string');
    assert.deepEqual([s.invert, s.shift, s.scale], [true, -1, 3]);
    assert.deepEqual(s.data.slice(12), [0, 7, 8, 9]);
    assert.equal(typeof mathUnitSettings(inst(k(false), k(2n), k(0n), list)), 'string');
  });
});
