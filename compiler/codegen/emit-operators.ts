// P4's operators on generated values: arithmetic and bitwise operators kept in their width
// (a mask or `>>> 0` for bit<W> numbers, asUintN/asIntN for bigints), saturating ones,
// shifts, comparisons (equality of headers, structs and stacks field by field), `++`, and the
// short-circuit operators (the right operand's hoisted statements run only when needed).

import type { Type } from '../check/types.js';
import type * as Ir from '../ir/nodes.js';
import { expr, type FnCtx, hex, hoisting, MASK, wrapBig, wrapNum } from './emit-expr.js';
import { type Rep, repOf, scalarOf } from './emit-types.js';

/**
 * Both operands, left first as P4 evaluates them: when the right one needs statements first
 * (a call that copies out), the left one's value is taken before them.
 */
function operands(cx: FnCtx, e: Ir.Expr & { kind: 'Binary' }): [string, string] {
  const a = expr(cx, e.left);
  const b = hoisting(cx, () => expr(cx, e.right));
  if (b.pending.length === 0) return [a, b.js];
  if (/^(?:\d+|0x[0-9a-f]+n?|true|false|\(-?\d+\))$/.test(a)) {
    for (const l of b.pending) cx.hoist(l);
    return [a, b.js];
  }
  const t = cx.gen.temp('l');
  cx.hoist(`const ${t} = ${a};`);
  for (const l of b.pending) cx.hoist(l);
  return [t, b.js];
}

/**
 * `==` of two values of a header, struct, stack or varbit type: two invalid headers are equal,
 * a valid and an invalid one are not, valid ones compare field by field.
 */
function equality(cx: FnCtx, a: string, b: string, t: Type): string | undefined {
  switch (t.kind) {
    case 'varbit':
      return `(${a}$w === ${b}$w && ${a} === ${b})`;
    case 'header':
    case 'struct':
    case 'headerUnion': {
      const parts: string[] = [];
      for (const f of t.fields) {
        const fa = `${a}.${f.name}`;
        const fb = `${b}.${f.name}`;
        const p = repOf(f.type) === 'obj' ? equality(cx, fa, fb, f.type) : `${fa} === ${fb}`;
        if (p === undefined) return undefined;
        parts.push(p);
      }
      const fields = parts.length === 0 ? 'true' : parts.join(' && ');
      if (t.kind !== 'header') return `(${fields})`;
      return `(${a}.$valid === ${b}.$valid && (!${a}.$valid || (${fields})))`;
    }
    case 'headerStack': {
      const parts: string[] = [];
      for (let i = 0; i < t.size; i++) {
        const p = equality(cx, `${a}.e[${i}]`, `${b}.e[${i}]`, t.element);
        if (p === undefined) return undefined;
        parts.push(p);
      }
      return `(${parts.join(' && ')})`;
    }
    default:
      return undefined;
  }
}

export function unary(cx: FnCtx, e: Ir.Expr & { kind: 'Unary' }): string {
  const a = expr(cx, e.operand);
  const r = repOf(e.type);
  if (e.op === '!') return `!${a}`;
  const s = scalarOf(e.type);
  if (e.op === '-') return r === 'big' ? wrapBig(`-${a}`, e.type) : wrapNum(`-${a}`, e.type);
  // ~
  if (r === 'big') return s?.signed === true ? `(~${a})` : wrapBig(`~${a}`, e.type);
  return s?.signed === true ? `(~${a})` : wrapNum(`~${a}`, e.type);
}

const CMP: Partial<Record<Ir.BinaryOp, string>> = {
  '==': '===',
  '!=': '!==',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
  '&&': '&&',
  '||': '||',
};

export function binary(cx: FnCtx, e: Ir.Expr & { kind: 'Binary' }): string {
  const op = e.op;
  if (op === '++') return concat(cx, e);
  if (op === '&&' || op === '||') {
    const a = expr(cx, e.left);
    const b = hoisting(cx, () => expr(cx, e.right));
    if (b.pending.length === 0) return `(${a} ${op} ${b.js})`;
    // The right operand needs statements first: they run only when it is evaluated.
    const t = cx.gen.temp('sc');
    cx.hoist(`let ${t} = ${a};`);
    cx.hoist(`if (${op === '&&' ? t : `!${t}`}) { ${[...b.pending, `${t} = ${b.js};`].join(' ')} }`);
    return t;
  }
  const cmp = CMP[op];
  if (cmp !== undefined) {
    if (repOf(e.left.type) === 'obj') {
      const [l, r] = operands(cx, e);
      const eq = equality(cx, l, r, e.left.type);
      if (eq === undefined || (op !== '==' && op !== '!=')) {
        cx.gen.unsupported(e.span, `${op} on ${e.left.type.kind} values`);
        return 'false';
      }
      return op === '==' ? eq : `!${eq}`;
    }
    const [l, r] = operands(cx, e);
    return `(${l} ${cmp} ${r})`;
  }
  const t = e.type;
  const r: Rep = repOf(t);
  const s = scalarOf(t);
  if (op === '<<' || op === '>>') return shift(cx, e, expr(cx, e.left), r);
  const [a, b] = operands(cx, e);
  const w = s?.width ?? 32;
  const signed = s?.signed ?? false;
  if (op === '|+|' || op === '|-|') {
    const fn = `sat${op === '|+|' ? 'Add' : 'Sub'}${signed ? 'S' : 'U'}${r === 'big' ? 'Big' : ''}`;
    cx.gen.imports.add(fn);
    return `${fn}(${a}, ${b}, ${w})`;
  }
  if (r === 'big') {
    switch (op) {
      case '+':
      case '-':
      case '*':
        return wrapBig(`${a} ${op} ${b}`, t);
      case '/':
      case '%':
        return `(${b} === 0n ? 0n : ${a} ${op} ${b})`;
      default:
        return `(${a} ${op} ${b})`;
    }
  }
  if (s === undefined) return `(${a} ${op} ${b})`;
  switch (op) {
    case '+':
    case '-':
      return wrapNum(`${a} ${op} ${b}`, t);
    case '*':
      return wrapNum(`Math.imul(${a}, ${b})`, t);
    case '/':
      return signed ? `((${a} / ${b}) | 0)` : `((${a} / ${b}) >>> 0)`;
    case '%':
      return signed ? `((${a} % ${b}) | 0)` : `((${a} % ${b}) >>> 0)`;
    default:
      // & | ^ of values in range stay in range, except that bit<32> must stay unsigned.
      return !signed && w >= 32 ? `((${a} ${op} ${b}) >>> 0)` : `(${a} ${op} ${b})`;
  }
}

function shift(cx: FnCtx, e: Ir.Expr & { kind: 'Binary' }, a: string, r: Rep): string {
  const t = e.type;
  const s = scalarOf(t);
  const w = s?.width ?? 32;
  const signed = s?.signed ?? false;
  const amount = e.right;
  const k = amount.kind === 'Const' && typeof amount.value === 'bigint' ? Number(amount.value) : undefined;
  if (r === 'big') {
    const n =
      k !== undefined ? `${k}n` : repOf(amount.type) === 'big' ? expr(cx, amount) : `BigInt(${expr(cx, amount)})`;
    return e.op === '<<' ? wrapBig(`${a} << ${n}`, t) : `(${a} >> ${n})`;
  }
  if (k !== undefined) {
    if (e.op === '<<') return k >= w ? '0' : wrapNum(`${a} << ${k}`, t);
    if (signed) return `(${a} >> ${Math.min(k, 31)})`;
    return k >= w ? '0' : `(${a} >>> ${k})`;
  }
  const n = repOf(amount.type) === 'big' ? `Number(${expr(cx, amount)})` : expr(cx, amount);
  const tmp = cx.gen.temp('sh');
  cx.hoist(`const ${tmp} = ${n};`);
  if (e.op === '<<') return `(${tmp} >= ${w} ? 0 : ${wrapNum(`${a} << ${tmp}`, t)})`;
  if (signed) return `(${a} >> (${tmp} > 31 ? 31 : ${tmp}))`;
  return `(${tmp} >= ${w} ? 0 : ${a} >>> ${tmp})`;
}

function concat(cx: FnCtx, e: Ir.Expr & { kind: 'Binary' }): string {
  const ls = scalarOf(e.left.type);
  const rs = scalarOf(e.right.type);
  const s = scalarOf(e.type);
  if (ls === undefined || rs === undefined || s === undefined) {
    cx.gen.unsupported(e.span, '++ of these operands');
    return '0';
  }
  const unsignedOf = (js: string, t: Type, width: number, big: boolean): string => {
    const sc = scalarOf(t);
    const isBig = repOf(t) === 'big';
    if (big) {
      const b = isBig ? js : `BigInt(${js})`;
      return sc?.signed === true ? `BigInt.asUintN(${width}, ${b})` : b;
    }
    return sc?.signed === true ? (width >= 32 ? `(${js} >>> 0)` : `(${js} & ${hex(MASK(width))})`) : js;
  };
  const big = s.width > 32;
  const [l, r] = operands(cx, e);
  const a = unsignedOf(l, e.left.type, ls.width, big);
  const b = unsignedOf(r, e.right.type, rs.width, big);
  if (big) {
    const v = `((${a} << ${rs.width}n) | ${b})`;
    return s.signed ? wrapBig(v, e.type) : v;
  }
  const v = `(${a} * ${2 ** rs.width} + ${b})`;
  return s.signed ? wrapNum(v, e.type) : v;
}
