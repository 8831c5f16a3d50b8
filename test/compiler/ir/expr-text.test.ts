// The one expression printer in its two styles: the IR dump's spelling and Tofino's terse key
// and diagnostic spelling, pinned form by form so neither drifts when the other changes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bitType, boolType, type Type } from '../../../compiler/check/types.js';
import { exprText } from '../../../compiler/ir/expr-text.js';
import type * as Ir from '../../../compiler/ir/index.js';
import { exprText as tofinoExprText } from '../../../compiler/targets/tofino/expr-text.js';

const span = { start: 0, end: 0 };
const b8 = bitType(8);
const ref = (name: string): Ir.Expr => ({ kind: 'Ref', name, ref: 'variable', type: b8, span });
const num = (value: bigint): Ir.Expr => ({ kind: 'Const', value, type: b8, span });
const hdrA: Ir.Expr = { kind: 'Member', object: ref('hdr'), member: 'a', type: b8, span };
const serEnum = { kind: 'serEnum', name: 'Color' } as unknown as Type;

const both = (e: Ir.Expr) => [exprText(e), tofinoExprText(e)];

describe('exprText: IR dump and terse styles', () => {
  it('spell names, members, indexes, slices, binaries and muxes alike', () => {
    const e: Ir.Expr = {
      kind: 'Mux',
      condition: { kind: 'Binary', op: '==', left: hdrA, right: num(3n), type: boolType, span },
      whenTrue: {
        kind: 'Slice',
        object: { kind: 'Index', object: ref('s'), index: num(1n), type: b8, span },
        hi: 7,
        lo: 4,
        type: b8,
        span,
      },
      whenFalse: {
        kind: 'List',
        elements: [num(1n), { kind: 'Const', value: true, type: boolType, span }],
        type: b8,
        span,
      },
      type: b8,
      span,
    };
    assert.deepEqual(both(e), Array(2).fill('((hdr.a == 3) ? s[1][7:4] : {1, true})'));
  });

  it('differ in `+:` spacing, unary parentheses and cast type names', () => {
    const slice: Ir.Expr = { kind: 'DynamicSlice', object: ref('x'), base: ref('i'), width: 4, type: bitType(4), span };
    assert.deepEqual(both(slice), ['x[i +: 4]', 'x[i+:4]']);
    const neg: Ir.Expr = { kind: 'Unary', op: '~', operand: hdrA, type: b8, span };
    assert.deepEqual(both(neg), ['~hdr.a', '~(hdr.a)']);
    assert.deepEqual(both({ kind: 'Cast', operand: hdrA, type: bitType(16), span }), [
      '(bit<16>)hdr.a',
      '(bit<16>)hdr.a',
    ]);
    assert.deepEqual(both({ kind: 'Cast', operand: hdrA, type: serEnum, span }), ['(Color)hdr.a', '(serEnum)hdr.a']);
  });

  it('terse calls drop type arguments; terse constants other than numbers are JSON', () => {
    const call: Ir.Expr = {
      kind: 'Call',
      callee: { kind: 'Method', object: ref('h'), method: 'get', externName: 'Hash' },
      args: [{ kind: 'List', elements: [hdrA], type: b8, span }, undefined],
      params: [],
      typeArgs: [bitType(16)],
      type: bitType(16),
      span,
    };
    assert.deepEqual(both(call), ['h.get<bit<16>>({hdr.a}, _)', 'h.get({hdr.a}, _)']);
    const member: Ir.Expr = {
      kind: 'Const',
      value: { kind: 'member', typeName: 'Color', member: 'RED' },
      type: serEnum,
      span,
    };
    assert.deepEqual(both(member), ['Color.RED', '{"kind":"member","typeName":"Color","member":"RED"}']);
  });

  it('terse style names the forms the rule checks never compare by their kind', () => {
    assert.deepEqual(both({ kind: 'DontCare', type: b8, span }), ['_', 'DontCare']);
    assert.deepEqual(both({ kind: 'InvalidHeader', type: b8, span }), ['{#}', 'InvalidHeader']);
    assert.deepEqual(both({ kind: 'New', typeName: 'Hash', ctorArgs: [num(0n)], type: b8, span }), ['Hash(0)', 'New']);
  });
});
