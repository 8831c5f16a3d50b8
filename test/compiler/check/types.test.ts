import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignable } from '../../../compiler/check/assignable.js';
import { Scope } from '../../../compiler/check/scopes.js';
import {
  bitType,
  boolType,
  freshTypeVar,
  infIntType,
  intType,
  printType,
  sameType,
  substitute,
  type Type,
  unknownType,
  widthOf,
} from '../../../compiler/check/types.js';
import { runCheck } from './helpers.js';

describe('printing types the way P4 writes them', () => {
  it('prints fixed-width integers with their width', () => {
    assert.equal(printType(bitType(8)), 'bit<8>');
    assert.equal(printType(intType(16)), 'int<16>');
    assert.equal(printType(infIntType), 'int');
  });
  it('prints tuples, lists and stacks', () => {
    assert.equal(printType({ kind: 'tuple', elements: [bitType(8), boolType] }), 'tuple<bit<8>, bool>');
    assert.equal(printType({ kind: 'list', element: bitType(1) }), 'list<bit<1>>');
    const h: Type = { kind: 'header', name: 'h_t', fields: [] };
    assert.equal(printType({ kind: 'headerStack', element: h, size: 4 }), 'h_t[4]');
  });
});

describe('type equality and the error type', () => {
  it('bit<8> and bit<16> differ', () => {
    assert.equal(sameType(bitType(8), bitType(16)), false);
  });
  it('the error type equals everything, so one mistake is reported once', () => {
    assert.equal(sameType(unknownType, bitType(8)), true);
    assert.equal(assignable(boolType, unknownType), true);
    assert.equal(assignable(unknownType, { kind: 'tuple', elements: [] }), true);
  });
  it('widths of structured types add up', () => {
    const t: Type = {
      kind: 'header',
      name: 'h',
      fields: [
        { name: 'a', type: bitType(8) },
        { name: 'b', type: boolType },
      ],
    };
    assert.equal(widthOf(t), 9);
  });
});

describe('implicit conversions', () => {
  it('an int converts to bit<W> and int<W>', () => {
    assert.equal(assignable(infIntType, bitType(8)), true);
    assert.equal(assignable(infIntType, intType(8)), true);
  });
  it('bit<W> does not convert to int<W> or to another width', () => {
    assert.equal(assignable(bitType(8), intType(8)), false);
    assert.equal(assignable(bitType(8), bitType(16)), false);
  });
  it('a list of values converts to a struct with matching fields', () => {
    const s: Type = {
      kind: 'struct',
      name: 's',
      fields: [
        { name: 'a', type: bitType(8) },
        { name: 'b', type: boolType },
      ],
    };
    assert.equal(assignable({ kind: 'tuple', elements: [infIntType, boolType] }, s), true);
    assert.equal(assignable({ kind: 'tuple', elements: [infIntType] }, s), false);
  });
  it('exact matching (out arguments) allows no conversion', () => {
    assert.equal(assignable(infIntType, bitType(8), undefined, true), false);
  });
});

describe('type inference', () => {
  it('binds a type variable from the first argument', () => {
    const T = freshTypeVar('T');
    const b = new Map<number, Type>();
    assert.equal(assignable(bitType(8), T, b), true);
    assert.equal(printType(substitute(T, b)), 'bit<8>');
    assert.equal(assignable(bitType(16), T, b), false);
  });
  it('a fixed width seen after an int wins (max(1, x))', () => {
    const T = freshTypeVar('T');
    const b = new Map<number, Type>();
    assignable(infIntType, T, b);
    assignable(bitType(4), T, b);
    assert.equal(printType(substitute(T, b)), 'bit<4>');
  });
});

describe('scopes', () => {
  const id = (name: string) => ({ kind: 'Identifier' as const, name, span: { start: 0, end: 0 } });
  const constant = (name: string) => ({
    kind: 'ConstantDeclaration' as const,
    annotations: [],
    type: { kind: 'BaseType' as const, name: 'bool' as const, span: { start: 0, end: 0 } },
    name: id(name),
    value: { kind: 'BooleanLiteral' as const, value: true, span: { start: 0, end: 0 } },
    span: { start: 0, end: 0 },
  });
  it('an inner declaration hides an outer one', () => {
    const outer = new Scope(undefined);
    const inner = new Scope(outer);
    const a = constant('x');
    const b = constant('x');
    outer.declare('x', a);
    inner.declare('x', b);
    assert.equal(inner.lookup('x')?.[0], b);
    assert.equal(outer.lookup('x')?.[0], a);
    assert.equal(inner.root(), outer);
  });
  it('a second declaration of a name in one scope clashes with the first', () => {
    const s = new Scope(undefined);
    const a = constant('x');
    s.declare('x', a);
    assert.equal(s.declare('x', constant('x')), a);
  });
});

describe('an integer literal where a `type` is expected (p4c inserts an implicit cast)', () => {
  const decls = '#include <core.p4>\ntype bit<10> vrf_id_t;\ntype vrf_id_t vrf2_t;\n';
  it('initialises a constant or variable of a `type` over bit<W>, also through a `type` of a `type`', () => {
    const r = runCheck(`${decls}const vrf_id_t K = 0;\nconst vrf2_t K2 = 5;\n`);
    assert.deepEqual(
      r.found.filter((f) => f.name !== 'no-main'),
      [],
    );
    assert.equal(r.checked !== undefined, true);
  });
  it('a literal too wide for the bits beneath is a warning, as for bit<W>', () => {
    const r = runCheck(`${decls}const vrf_id_t K = 2000;\n`);
    assert.deepEqual(
      r.found.filter((f) => f.name !== 'no-main').map((f) => [f.line, f.severity]),
      [[4, 'warning']],
    );
  });
  it('a value of the `type` still needs a cast to become its bit<W>, and a bit<W> to become the `type`', () => {
    const r = runCheck(`${decls}const vrf_id_t K = 1;\nconst bit<10> B = K;\nconst vrf_id_t C = 10w3;\n`);
    assert.deepEqual(
      r.found.filter((f) => f.name !== 'no-main').map((f) => [f.line, f.severity]),
      [
        [5, 'error'],
        [6, 'error'],
      ],
    );
  });
});
