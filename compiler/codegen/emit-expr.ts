// Expressions with P4's width semantics. Values of up to 32 bits are JS numbers, because V8
// keeps them as small integers or doubles and never allocates for them; every arithmetic
// result is brought back into range (`& mask` or `>>> 0` for bit<W>, a shift pair or `| 0`
// for int<W>). Wider values are bigints (`BigInt.asUintN/asIntN` after arithmetic), which
// allocate but are rare on the hot path (MAC addresses, 64-bit sequence numbers).
// Statements that an expression needs first (a lookahead's bounds check, a table apply before
// `.action_run`) are hoisted into `cx.pending` and flushed before the statement.

import type { ConstValue } from '../check/const-fold.js';
import type { Type } from '../check/types.js';
import type * as Ir from '../ir/nodes.js';
import type { Gen, Scope, TableBinding } from './context.js';
import { externCall } from './emit-extern.js';
import { binary, unary } from './emit-operators.js';
import { classIdent, repOf, scalarOf, typeIdent } from './emit-types.js';
import type { Writer } from './writer.js';

export type FnKind = 'parser' | 'control' | 'action' | 'regapply' | 'function';

/** Per generated function: where code goes and what names mean. */
export class FnCtx {
  pending: string[] = [];
  /**
   * Out and inout scalar parameters of the action or function being emitted: JS cannot pass
   * a number by reference, so the function returns `[value, ...outs]` and the caller copies out.
   */
  outs: readonly string[] | undefined;
  /** Labels of the loops around the statement being emitted (innermost last): break/continue name them. */
  readonly loops: string[] = [];
  /** The return type of the function being emitted (a struct return built from `{…}`). */
  returnType: Type | undefined;
  constructor(
    readonly gen: Gen,
    public scope: Scope,
    readonly w: Writer,
    readonly kind: FnKind,
  ) {}

  hoist(line: string): void {
    this.pending.push(line);
  }

  flush(): void {
    for (const l of this.pending) this.w.line(l);
    this.pending = [];
  }

  withScope<T>(s: Scope, body: () => T): T {
    const prev = this.scope;
    this.scope = s;
    try {
      return body();
    } finally {
      this.scope = prev;
    }
  }
}

export const MASK = (w: number) => (w >= 32 ? 0xffffffff : 2 ** w - 1);

export function hex(n: number): string {
  return n < 256 ? String(n) : `0x${n.toString(16)}`;
}

export function numLit(v: bigint | number): string {
  const n = typeof v === 'bigint' ? Number(v) : v;
  return n < 0 ? `(${n})` : hex(n);
}

export function bigLit(v: bigint): string {
  return v < 0n ? `(-0x${(-v).toString(16)}n)` : `0x${v.toString(16)}n`;
}

/** A folded constant in the representation of `t`. */
export function constJs(gen: Gen, v: ConstValue, t: Type): string {
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') {
    const r = repOf(t);
    if (r === 'big') return bigLit(v);
    if (r === 'bool') return v !== 0n ? 'true' : 'false';
    return numLit(v);
  }
  if (v.kind === 'member') {
    if (v.value !== undefined) return repOf(t) === 'big' ? bigLit(v.value) : numLit(v.value);
    if (v.typeName === 'error' || t.kind === 'error') return String(gen.errorIndex(v.member));
    if (t.kind === 'enum') return String(Math.max(0, t.members.indexOf(v.member)));
    return '0';
  }
  return '0';
}

/** Brings the result of number arithmetic back into the range of `t`. */
export function wrapNum(e: string, t: Type): string {
  const s = scalarOf(t);
  if (s === undefined) return e;
  if (s.signed) return s.width >= 32 ? `((${e}) | 0)` : `((${e}) << ${32 - s.width} >> ${32 - s.width})`;
  return s.width >= 32 ? `((${e}) >>> 0)` : `((${e}) & ${hex(MASK(s.width))})`;
}

export function wrapBig(e: string, t: Type): string {
  const s = scalarOf(t);
  if (s === undefined) return e;
  return `BigInt.${s.signed ? 'asIntN' : 'asUintN'}(${s.width}, ${e})`;
}

/** Converts `js` (of type `from`) to the representation and range of `to`. */
export function convert(js: string, from: Type, to: Type): string {
  const fr = repOf(from);
  const tr = repOf(to);
  if (tr === 'bool') return fr === 'bool' ? js : fr === 'big' ? `(${js} !== 0n)` : `(${js} !== 0)`;
  if (fr === 'bool') return tr === 'big' ? `(${js} ? 1n : 0n)` : `(${js} ? 1 : 0)`;
  const fs = scalarOf(from);
  const ts = scalarOf(to);
  if (ts === undefined) return js;
  if (fs === undefined) {
    // int (infinite precision) or an enum index: already a number in range.
    return tr === 'big' ? `BigInt(${js})` : js;
  }
  if (fr === 'num' && tr === 'num') {
    if (fs.signed === ts.signed && ts.width >= fs.width) return js;
    if (!fs.signed && ts.signed && ts.width > fs.width) return js;
    return wrapNum(js, to);
  }
  if (fr === 'num' && tr === 'big') {
    if (!fs.signed || ts.signed) return `BigInt(${js})`;
    return wrapBig(`BigInt(${js})`, to);
  }
  if (fr === 'big' && tr === 'num') return `Number(${wrapBig(js, to)})`;
  if (fs.signed === ts.signed && ts.width >= fs.width) return js;
  if (!fs.signed && ts.signed && ts.width > fs.width) return js;
  return wrapBig(js, to);
}

/** The JS value of a P4 expression. */
export function expr(cx: FnCtx, e: Ir.Expr): string {
  switch (e.kind) {
    case 'Const':
      if (
        repOf(e.type) === 'obj' &&
        typeof e.value === 'object' &&
        (e.value.kind === 'list' || e.value.kind === 'struct')
      )
        return materializeConst(cx, e.value, e.type);
      return constJs(cx.gen, e.value, e.type);
    case 'Ref':
      return ref(cx, e);
    case 'Member':
      return member(cx, e);
    case 'Index':
      return indexExpr(cx, e);
    case 'Slice':
      return slice(expr(cx, e.object), e.object.type, e.hi, e.lo);
    case 'DynamicSlice':
      cx.gen.unsupported(e.span, 'a slice with a run-time base');
      return '0';
    case 'Unary':
      return unary(cx, e);
    case 'Binary':
      return binary(cx, e);
    case 'Cast':
      if (repOf(e.type) === 'obj' && (e.operand.kind === 'List' || e.operand.kind === 'StructInit'))
        return materialize(cx, e.operand, e.type);
      return convert(expr(cx, e.operand), e.operand.type, e.type);
    case 'List':
    case 'StructInit':
      if (e.type.kind === 'struct' || e.type.kind === 'header') return materialize(cx, e, e.type);
      cx.gen.unsupported(e.span, `a ${e.kind === 'List' ? 'list' : 'struct'} expression here`);
      return '0';
    case 'Mux': {
      const c = expr(cx, e.condition);
      const a = hoisting(cx, () => expr(cx, e.whenTrue));
      const b = hoisting(cx, () => expr(cx, e.whenFalse));
      if (a.pending.length === 0 && b.pending.length === 0) return `(${c} ? ${a.js} : ${b.js})`;
      // An arm that needs statements first (a call with copy-out) runs only when chosen.
      const t = cx.gen.temp('m');
      cx.hoist(`let ${t};`);
      cx.hoist(
        `if (${c}) { ${[...a.pending, `${t} = ${a.js};`].join(' ')} } else { ${[...b.pending, `${t} = ${b.js};`].join(' ')} }`,
      );
      return t;
    }
    case 'Call':
      return externCall(cx, e, false) ?? '0';
    case 'Default':
    case 'DontCare':
      return repOf(e.type) === 'obj'
        ? 'undefined'
        : repOf(e.type) === 'big'
          ? '0n'
          : repOf(e.type) === 'bool'
            ? 'false'
            : '0';
    default:
      cx.gen.unsupported(e.span, `the expression kind ${e.kind} in a value position`);
      return '0';
  }
}

/** A struct or header value written as `{…}`: a fresh object, filled before the statement. */
function materialize(cx: FnCtx, e: Ir.Expr & { kind: 'List' | 'StructInit' }, t: Type): string {
  if (t.kind !== 'struct' && t.kind !== 'header') {
    cx.gen.unsupported(e.span, 'this struct expression');
    return '0';
  }
  cx.gen.types.add(t);
  const tmp = cx.gen.temp('v');
  cx.hoist(`const ${tmp} = new ${classIdent(t)}();`);
  t.fields.forEach((f, i) => {
    const fv = e.kind === 'List' ? e.elements[i] : e.fields.find((x) => x.name === f.name)?.value;
    if (fv === undefined) return;
    if (repOf(f.type) === 'obj') {
      const inner = fv.kind === 'List' || fv.kind === 'StructInit' ? materialize(cx, fv, f.type) : expr(cx, fv);
      if (f.type.kind === 'struct' || f.type.kind === 'header')
        cx.hoist(`copy_${typeIdent(f.type)}(${tmp}.${f.name}, ${inner});`);
    } else cx.hoist(`${tmp}.${f.name} = ${convert(expr(cx, fv), fv.type, f.type)};`);
  });
  if (t.kind === 'header') cx.hoist(`${tmp}.$valid = true;`);
  return tmp;
}

/** Runs `body` with its hoisted statements collected apart, so that the caller can guard them. */
export function hoisting(cx: FnCtx, body: () => string): { js: string; pending: string[] } {
  const saved = cx.pending;
  cx.pending = [];
  try {
    const js = body();
    return { js, pending: cx.pending };
  } finally {
    cx.pending = saved;
  }
}

/** `e` as a value of type `t`: a `{…}` list, struct expression or constant becomes a `t` object. */
export function exprAs(cx: FnCtx, e: Ir.Expr, t: Type): string {
  if (repOf(t) === 'obj' && (t.kind === 'struct' || t.kind === 'header')) {
    let v = e;
    while (v.kind === 'Cast' && repOf(v.type) === 'obj') v = v.operand;
    if (v.kind === 'List' || v.kind === 'StructInit') return materialize(cx, v, t);
    if (v.kind === 'Const' && typeof v.value === 'object' && (v.value.kind === 'list' || v.value.kind === 'struct'))
      return materializeConst(cx, v.value, t);
  }
  return expr(cx, e);
}

/** A folded struct or list constant of a struct or header type, as a fresh object. */
function materializeConst(cx: FnCtx, v: ConstValue, t: Type): string {
  if (t.kind !== 'struct' && t.kind !== 'header') return '0';
  cx.gen.types.add(t);
  const tmp = cx.gen.temp('v');
  cx.hoist(`const ${tmp} = new ${classIdent(t)}();`);
  t.fields.forEach((f, i) => {
    const fv =
      typeof v === 'object' && v.kind === 'list'
        ? v.elements[i]
        : typeof v === 'object' && v.kind === 'struct'
          ? v.fields.get(f.name)
          : undefined;
    if (fv === undefined) return;
    if (repOf(f.type) === 'obj') {
      if (f.type.kind === 'struct' || f.type.kind === 'header')
        cx.hoist(`copy_${typeIdent(f.type)}(${tmp}.${f.name}, ${materializeConst(cx, fv, f.type)});`);
    } else
      cx.hoist(`${tmp}.${f.name} = ${constJs(cx.gen, typeof fv === 'bigint' ? wrapConst(fv, f.type) : fv, f.type)};`);
  });
  if (t.kind === 'header') cx.hoist(`${tmp}.$valid = true;`);
  return tmp;
}

function wrapConst(v: bigint, t: Type): bigint {
  const s = scalarOf(t);
  if (s === undefined) return v;
  return s.signed ? BigInt.asIntN(s.width, v) : BigInt.asUintN(s.width, v);
}

export function indexJs(cx: FnCtx, e: Ir.Expr): string {
  const js = expr(cx, e);
  return repOf(e.type) === 'big' ? `Number(${js})` : js;
}

/**
 * `stack[i]`: with a run-time index out of range, reads and writes go to a scratch element
 * (p4c expands such an index into a test per element, so nothing in the stack changes).
 */
function indexExpr(cx: FnCtx, e: Ir.Expr & { kind: 'Index' }): string {
  const obj = expr(cx, e.object);
  const i = indexJs(cx, e.index);
  const st = e.object.type;
  if (e.index.kind === 'Const' || st.kind !== 'headerStack') return `${obj}.e[${i}]`;
  const el = st.element;
  if (el.kind !== 'header' && el.kind !== 'struct' && el.kind !== 'headerUnion') return `${obj}.e[${i}]`;
  cx.gen.types.add(el);
  const scratch = `scratch_${typeIdent(el)}`;
  cx.gen.moduleHelpers.set(scratch, (w) => {
    w.line(`/** Where an out-of-range stack index reads and writes. */`);
    w.line(`const ${scratch} = new ${classIdent(el)}();`);
  });
  return `(${obj}.e[${i}] ?? ${scratch})`;
}

function ref(cx: FnCtx, e: Ir.Expr & { kind: 'Ref' }): string {
  const b = cx.scope.get(e.name);
  if (b === undefined) {
    cx.gen.unsupported(e.span, `the reference to '${e.name}' here`);
    return '0';
  }
  if (b.kind === 'value' || b.kind === 'packet' || b.kind === 'extern' || b.kind === 'valueSet') return b.js;
  cx.gen.unsupported(e.span, `'${e.name}' used as a value`);
  return '0';
}

function isApplyOf(e: Ir.Expr): e is Ir.Call & { callee: { kind: 'Apply' } } {
  return e.kind === 'Call' && e.callee.kind === 'Apply' && e.callee.target === 'table';
}

export function tableOf(cx: FnCtx, e: Ir.Expr): TableBinding | undefined {
  if (e.kind !== 'Ref') return undefined;
  const b = cx.scope.get(e.name);
  return b?.kind === 'table' ? b : undefined;
}

function member(cx: FnCtx, e: Ir.Expr & { kind: 'Member' }): string {
  const o = e.object;
  if (isApplyOf(o)) {
    const t = tableOf(cx, o.callee.object);
    if (t === undefined) return 'false';
    if (e.member === 'hit') return `${t.apply}()`;
    if (e.member === 'miss') return `!${t.apply}()`;
    cx.hoist(`${t.apply}();`);
    return t.act;
  }
  if (o.type.kind === 'headerStack') {
    const s = expr(cx, o);
    switch (e.member) {
      case 'size':
        return String(o.type.size);
      case 'lastIndex':
        return `(${s}.next - 1)`;
      case 'last':
        // An empty stack has no last element: StackOutOfBounds in a parser; element 0 elsewhere
        // (P4 leaves the value undefined; the switch must not crash).
        if (cx.kind === 'parser') {
          cx.hoist(`if (${s}.next === 0) return ${cx.gen.errorIndex('StackOutOfBounds')};`);
          return `${s}.e[${s}.next - 1]`;
        }
        return `${s}.e[${s}.next > 0 ? ${s}.next - 1 : 0]`;
      case 'next':
        if (cx.kind === 'parser')
          cx.hoist(`if (${s}.next >= ${o.type.size}) return ${cx.gen.errorIndex('StackOutOfBounds')};`);
        return `${s}.e[${s}.next < ${o.type.size} ? ${s}.next : ${o.type.size - 1}]`;
      default:
        cx.gen.unsupported(e.span, `header stack member '${e.member}'`);
        return '0';
    }
  }
  if (e.member === 'parser_err') cx.gen.readsParserErr[cx.gen.gress] = true;
  if (o.kind === 'Ref') {
    const b = cx.scope.get(o.name);
    const mapped = b?.kind === 'value' ? b.fieldMap?.[e.member] : undefined;
    if (b?.kind === 'value' && mapped !== undefined) return `${b.js}.${mapped}`;
  }
  return `${expr(cx, o)}.${e.member}`;
}

export function slice(obj: string, t: Type, hi: number, lo: number): string {
  const w = hi - lo + 1;
  if (repOf(t) === 'big') {
    const v = `((${obj} >> ${lo}n) & 0x${(2n ** BigInt(w) - 1n).toString(16)}n)`;
    return w > 32 ? v : `Number(${v})`;
  }
  if (lo === 0 && w >= 32) return `(${obj} >>> 0)`;
  return lo === 0 ? `(${obj} & ${hex(MASK(w))})` : `((${obj} >>> ${lo}) & ${hex(MASK(w))})`;
}

/** Leaves of a field list (`{a, b}`, a struct or a header), each with its width, most significant first. */
export function flattenFields(cx: FnCtx, e: Ir.Expr): { js: string; type: Type; width: number }[] {
  if (e.kind === 'Cast' && repOf(e.type) === 'obj') return flattenFields(cx, e.operand);
  if (e.kind === 'List') return e.elements.flatMap((x) => flattenFields(cx, x));
  if (e.kind === 'StructInit') return e.fields.flatMap((f) => flattenFields(cx, f.value));
  if (e.kind === 'Const' && typeof e.value === 'object' && e.value.kind === 'list' && e.type.kind === 'tuple') {
    const types = e.type.elements;
    return e.value.elements.map((v, i) => {
      const t = types[i] as Type;
      return { js: constJs(cx.gen, v, t), type: t, width: widthOfScalar(t) };
    });
  }
  const t = e.type;
  if (t.kind === 'header' || t.kind === 'struct') {
    const base = expr(cx, e);
    return t.fields.flatMap((f) => flattenValue(`${base}.${f.name}`, f.type));
  }
  return [{ js: expr(cx, e), type: t, width: widthOfScalar(t) }];
}

function flattenValue(js: string, t: Type): { js: string; type: Type; width: number }[] {
  if (t.kind === 'header' || t.kind === 'struct')
    return t.fields.flatMap((f) => flattenValue(`${js}.${f.name}`, f.type));
  return [{ js, type: t, width: widthOfScalar(t) }];
}

export function widthOfScalar(t: Type): number {
  if (t.kind === 'bool') return 1;
  return scalarOf(t)?.width ?? 32;
}
