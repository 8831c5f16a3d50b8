// Compile-time evaluation of P4 expressions with bigint and P4's width rules: bit<W> wraps
// modulo 2^W, int<W> is two's complement, and `int` has infinite precision. The type checker
// calls these on operands it already typed; every failure is a value naming the problem.

import type { BinaryOperator, UnaryOperator } from '../parser/ast.js';
import { printType, type Type } from './types.js';

/** A member of an enum, error or match_kind (a serializable enum member also has a value). */
export interface MemberValue {
  readonly kind: 'member';
  readonly typeName: string;
  readonly member: string;
  readonly value?: bigint;
}

export interface ListValue {
  readonly kind: 'list';
  readonly elements: readonly ConstValue[];
}

export interface StructValue {
  readonly kind: 'struct';
  readonly fields: ReadonlyMap<string, ConstValue>;
}

export type ConstValue = bigint | boolean | string | MemberValue | ListValue | StructValue;

export type Folded =
  | { readonly ok: true; readonly value: ConstValue }
  | { readonly ok: false; readonly reason: string };

const ok = (value: ConstValue): Folded => ({ ok: true, value });
const fail = (reason: string): Folded => ({ ok: false, reason });

/** Brings an integer into the range of its type: modulo 2^W for bit<W>, two's complement for int<W>. */
export function wrapInt(v: bigint, t: Type): bigint {
  if (t.kind === 'bit') return BigInt.asUintN(t.width, v);
  if (t.kind === 'int') return BigInt.asIntN(t.width, v);
  if (t.kind === 'serEnum') return wrapInt(v, t.underlying);
  return v;
}

export function fitsInType(v: bigint, t: Type): boolean {
  return wrapInt(v, t) === v;
}

/** Whether `v` fits in W bits at all, read as either unsigned or two's complement (for int → bit<W>). */
export function fitsInWidth(v: bigint, t: Type): boolean {
  if (t.kind !== 'bit' && t.kind !== 'int') return true;
  const w = BigInt(t.width);
  if (t.kind === 'bit') return v >= 0n && v < 1n << w;
  return t.width > 0 && v >= -(1n << (w - 1n)) && v < 1n << (w - 1n);
}

function clamp(v: bigint, t: Type): bigint {
  if (t.kind === 'bit') {
    const max = (1n << BigInt(t.width)) - 1n;
    return v < 0n ? 0n : v > max ? max : v;
  }
  if (t.kind === 'int') {
    const max = (1n << BigInt(t.width - 1)) - 1n;
    const min = -(1n << BigInt(t.width - 1));
    return v < min ? min : v > max ? max : v;
  }
  return v;
}

export function foldUnary(op: UnaryOperator, v: ConstValue, t: Type): Folded {
  switch (op) {
    case '!':
      return typeof v === 'boolean' ? ok(!v) : fail('! needs a bool');
    case '~':
      if (typeof v !== 'bigint') return fail('~ needs an integer');
      if (t.kind === 'infint') return fail('~ is not defined on int');
      return ok(wrapInt(~v, t));
    case '-':
      return typeof v === 'bigint' ? ok(wrapInt(-v, t)) : fail('- needs an integer');
    case '+':
      return typeof v === 'bigint' ? ok(v) : fail('+ needs an integer');
  }
}

/**
 * Folds `a op b` where both operands already have the result's operand type `t` (after
 * implicit casts), except for shifts (the amount keeps its own type) and `++` (use foldConcat).
 */
export function foldBinary(op: BinaryOperator, a: ConstValue, b: ConstValue, t: Type): Folded {
  if (op === '&&' || op === '||') {
    if (typeof a !== 'boolean' || typeof b !== 'boolean') return fail(`${op} needs bool operands`);
    return ok(op === '&&' ? a && b : a || b);
  }
  if (op === '==' || op === '!=') {
    const eq = constEquals(a, b);
    return ok(op === '==' ? eq : !eq);
  }
  if (typeof a !== 'bigint' || typeof b !== 'bigint') return fail(`${op} needs integer operands`);
  switch (op) {
    case '<':
      return ok(a < b);
    case '>':
      return ok(a > b);
    case '<=':
      return ok(a <= b);
    case '>=':
      return ok(a >= b);
    case '+':
      return ok(wrapInt(a + b, t));
    case '-':
      return ok(wrapInt(a - b, t));
    case '*':
      return ok(wrapInt(a * b, t));
    case '/':
    case '%':
      if (b === 0n) return fail('division by zero');
      if (a < 0n || b < 0n) return fail(`${op} of a negative value`);
      return ok(wrapInt(op === '/' ? a / b : a % b, t));
    case '|+|':
      return t.kind === 'infint' ? fail('saturating arithmetic needs a fixed width') : ok(clamp(a + b, t));
    case '|-|':
      return t.kind === 'infint' ? fail('saturating arithmetic needs a fixed width') : ok(clamp(a - b, t));
    case '&':
      return ok(wrapInt(a & b, t));
    case '|':
      return ok(wrapInt(a | b, t));
    case '^':
      return ok(wrapInt(a ^ b, t));
    case '<<':
      if (b < 0n) return fail('negative shift amount');
      // A shift by at least the width clears a fixed-width value; avoid building huge bigints.
      if ((t.kind === 'bit' || t.kind === 'int') && b >= BigInt(t.width)) return ok(0n);
      if (b > 1_000_000n) return fail('shift amount too large');
      return ok(wrapInt(a << b, t));
    case '>>':
      if (b < 0n) return fail('negative shift amount');
      if (b > 1_000_000n) return ok(a < 0n ? -1n : 0n);
      return ok(wrapInt(a >> b, t));
    case '++':
      return fail('use foldConcat for ++');
  }
}

/** `a ++ b`: the result has the left operand's signedness and the sum of the widths. */
export function foldConcat(a: bigint, aType: Type, b: bigint, bType: Type, result: Type): Folded {
  if (!(bType.kind === 'bit' || bType.kind === 'int') || !(aType.kind === 'bit' || aType.kind === 'int'))
    return fail('++ needs fixed-width operands');
  const hi = BigInt.asUintN(aType.width, a);
  const lo = BigInt.asUintN(bType.width, b);
  return ok(wrapInt((hi << BigInt(bType.width)) | lo, result));
}

/** `v[hi:lo]`: always unsigned. */
export function foldSlice(v: bigint, hi: number, lo: number): bigint {
  return BigInt.asUintN(hi - lo + 1, v >> BigInt(lo));
}

/** An explicit or implicit cast of a known value. */
export function foldCast(v: ConstValue, from: Type, to: Type): Folded {
  if (to.kind === 'bool') {
    if (typeof v === 'boolean') return ok(v);
    if (typeof v === 'bigint' && (v === 0n || v === 1n)) return ok(v === 1n);
    return fail(`cannot cast ${String(v)} to bool`);
  }
  const target = to.kind === 'newtype' ? to.base : to;
  if (target.kind === 'bit' || target.kind === 'int' || target.kind === 'infint') {
    if (typeof v === 'boolean') return ok(v ? 1n : 0n);
    if (typeof v === 'bigint') return ok(wrapInt(v, target));
    if (typeof v === 'object' && v.kind === 'member' && v.value !== undefined) return ok(wrapInt(v.value, target));
    return fail(`cannot cast ${printType(from)} to ${printType(to)}`);
  }
  if (target.kind === 'serEnum' && typeof v === 'bigint') {
    const value = wrapInt(v, target.underlying);
    const name = [...target.members].find(([, m]) => m === value)?.[0] ?? '';
    return ok({ kind: 'member', typeName: target.name, member: name, value });
  }
  return ok(v);
}

export function constEquals(a: ConstValue, b: ConstValue): boolean {
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (a.kind === 'member' && b.kind === 'member') {
    if (a.value !== undefined && b.value !== undefined) return a.value === b.value;
    return a.typeName === b.typeName && a.member === b.member;
  }
  if (a.kind === 'list' && b.kind === 'list')
    return (
      a.elements.length === b.elements.length && a.elements.every((e, i) => constEquals(e, b.elements[i] as ConstValue))
    );
  if (a.kind === 'struct' && b.kind === 'struct') {
    if (a.fields.size !== b.fields.size) return false;
    for (const [k, v] of a.fields) {
      const w = b.fields.get(k);
      if (w === undefined || !constEquals(v, w)) return false;
    }
    return true;
  }
  return false;
}

export function printConst(v: ConstValue): string {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  switch (v.kind) {
    case 'member':
      return `${v.typeName}.${v.member}`;
    case 'list':
      return `{${v.elements.map(printConst).join(', ')}}`;
    case 'struct':
      return `{${[...v.fields].map(([k, f]) => `${k} = ${printConst(f)}`).join(', ')}}`;
  }
}
