// Statements of actions, control bodies, parser states and register-action bodies: assignment
// (scalars, slices, whole headers and structs), calls, if/else, switch on values or on a
// table's action_run, local variables, exit and return. Each statement is preceded by the
// P4 line it came from.

import type { Type } from '../check/types.js';
import type * as Ir from '../ir/nodes.js';
import { visitExpr } from '../ir/visit.js';
import { markWritten } from './container-validity.js';
import { constJs, convert, expr, exprAs, type FnCtx, numLit, tableOf } from './emit-expr.js';
import { externCall } from './emit-extern.js';
import { portMetadataUnpack } from './emit-port-metadata.js';
import { copyLine, initOf, repOf, scalarOf, splitField, zeroOf } from './emit-types.js';

export function statements(cx: FnCtx, body: readonly Ir.Stmt[]): void {
  for (const s of body) statement(cx, s);
}

/** A nested block: its declarations shadow outer names only inside it (as JS's `{}` does). */
function scoped(cx: FnCtx, body: readonly Ir.Stmt[]): void {
  cx.withScope(cx.scope.child(), () => statements(cx, body));
}

export function statement(cx: FnCtx, s: Ir.Stmt): void {
  const w = cx.w;
  if (s.kind !== 'Block') w.sourceComment(s.span);
  switch (s.kind) {
    case 'Assign':
      assign(cx, s.target, s.value);
      markWritten(cx.gen, w, s.target);
      return;
    case 'CallStmt': {
      const js = externCall(cx, s.call, true);
      cx.flush();
      if (js !== undefined && js !== '') w.line(`${js};`);
      return;
    }
    case 'If':
      ifStatement(cx, s, false);
      return;
    case 'Switch':
      switchStatement(cx, s);
      return;
    case 'Block':
      w.block('', () => scoped(cx, s.body));
      return;
    case 'VarDecl':
      varDecl(cx, s.variable);
      return;
    case 'Exit':
      if (cx.gen.exitFlag === undefined || cx.kind === 'parser' || cx.kind === 'regapply') {
        cx.gen.unsupported(s.span, 'exit here');
        return;
      }
      w.line(`${cx.gen.exitFlag} = true;`);
      w.line(cx.outs === undefined ? 'return;' : `return [${['0', ...cx.outs].join(', ')}];`);
      return;
    case 'Return':
      if (s.value !== undefined) {
        const v = cx.returnType === undefined ? expr(cx, s.value) : exprAs(cx, s.value, cx.returnType);
        cx.flush();
        w.line(cx.outs === undefined ? `return ${v};` : `return [${[v, ...cx.outs].join(', ')}];`);
      } else if (cx.outs !== undefined) w.line(`return [${['0', ...cx.outs].join(', ')}];`);
      else w.line(cx.kind === 'regapply' ? 'return rv;' : 'return;');
      return;
    case 'For':
      forLoop(cx, s);
      return;
    case 'ForIn':
      forInLoop(cx, s);
      return;
    // Labelled, so that a break inside a P4 switch (a JS switch) still leaves the loop.
    case 'Break':
      w.line(cx.loops.length === 0 ? 'break;' : `break ${cx.loops.at(-1)};`);
      return;
    case 'Continue':
      w.line(cx.loops.length === 0 ? 'continue;' : `continue ${cx.loops.at(-1)};`);
      return;
  }
}

/**
 * `for (init; cond; update) body`: the update runs at the top of every pass but the first,
 * so `continue` (a JS continue) still runs it; the condition is re-evaluated after it.
 */
function forLoop(cx: FnCtx, s: Ir.Stmt & { kind: 'For' }): void {
  const w = cx.w;
  w.block('', () =>
    cx.withScope(cx.scope.child(), () => {
      statements(cx, s.init);
      const first = cx.gen.temp('first');
      const label = cx.gen.temp('loop');
      cx.loops.push(label);
      w.block(`${label}: for (let ${first} = true; ; ${first} = false)`, () => {
        if (s.update.length > 0) w.block(`if (!${first})`, () => statements(cx, s.update));
        if (s.condition !== undefined) {
          const c = expr(cx, s.condition);
          cx.flush();
          w.line(`if (!(${c})) break;`);
        }
        scoped(cx, s.body);
      });
      cx.loops.pop();
    }),
  );
}

/** `for (T v in lo .. hi)` and `for (T v in stack)` (every element, in index order). */
function forInLoop(cx: FnCtx, s: Ir.Stmt & { kind: 'ForIn' }): void {
  const w = cx.w;
  const v = s.variable;
  const js = cx.gen.ident(v.name);
  const col = s.collection;
  w.block('', () =>
    cx.withScope(cx.scope.child(), () => {
      cx.scope.set(v.name, { kind: 'value', js, type: v.type });
      const label = cx.gen.temp('loop');
      const body = () => {
        cx.loops.push(label);
        scoped(cx, s.body);
        cx.loops.pop();
      };
      if (col.kind === 'IntRange') {
        const lo = expr(cx, col.low);
        const hi = expr(cx, col.high);
        cx.flush();
        w.block(`${label}: for (let ${js} = ${lo}; ${js} <= ${hi}; ${js}++)`, body);
        return;
      }
      if (col.type.kind === 'headerStack') {
        const st = expr(cx, col);
        cx.flush();
        w.block(`${label}: for (const ${js} of ${st}.e)`, body);
        return;
      }
      cx.gen.unsupported(s.span, 'a for-in loop over this collection');
    }),
  );
}

function ifStatement(cx: FnCtx, s: Ir.Stmt & { kind: 'If' }, isElse: boolean): void {
  const w = cx.w;
  const c = expr(cx, s.condition);
  if (isElse && cx.pending.length > 0) {
    // The condition needs statements first: a nested `if` inside a plain `else`.
    w.line('} else {').indent();
    ifStatement(cx, s, false);
    w.dedent().line('}');
    return;
  }
  cx.flush();
  w.line(`${isElse ? '} else ' : ''}if (${unwrap(c)}) {`).indent();
  scoped(cx, s.thenBody);
  w.dedent();
  const only = s.elseBody.length === 1 ? s.elseBody[0] : undefined;
  if (only?.kind === 'If') {
    w.sourceComment(only.span);
    ifStatement(cx, only, true);
    return;
  }
  if (s.elseBody.length > 0) {
    w.line('} else {').indent();
    scoped(cx, s.elseBody);
    w.dedent();
  }
  w.line('}');
}

/** `(a === b)` → `a === b` where the parentheses enclose the whole condition. */
function unwrap(c: string): string {
  if (!c.startsWith('(') || !c.endsWith(')')) return c;
  let depth = 0;
  for (let i = 0; i < c.length; i++) {
    if (c[i] === '(') depth++;
    else if (c[i] === ')') depth--;
    if (depth === 0 && i < c.length - 1) return c;
  }
  return c.slice(1, -1);
}

function switchStatement(cx: FnCtx, s: Ir.Stmt & { kind: 'Switch' }): void {
  const w = cx.w;
  const on = expr(cx, s.on);
  const table =
    s.on.kind === 'Member' && s.on.object.kind === 'Call' && s.on.object.callee.kind === 'Apply'
      ? tableOf(cx, s.on.object.callee.object)
      : undefined;
  cx.flush();
  w.block(`switch (${on})`, () => {
    for (const c of s.cases) {
      for (const l of c.labels) {
        if (l === 'default') w.line('default:');
        else if (l.kind === 'ActionLabel') {
          const i = table?.actions.indexOf(l.action) ?? -1;
          w.line(`case ${i}: // ${l.action}`);
        } else w.line(`case ${constJs(cx.gen, l.value, s.on.type)}:`);
      }
      w.block('', () => {
        scoped(cx, c.body);
        w.line('break;');
      });
    }
  });
}

function varDecl(cx: FnCtx, v: Ir.Variable): void {
  const js = cx.gen.ident(v.name);
  cx.scope.set(v.name, { kind: 'value', js, type: v.type });
  if (repOf(v.type) === 'obj') {
    if (
      v.type.kind !== 'header' &&
      v.type.kind !== 'struct' &&
      v.type.kind !== 'headerUnion' &&
      v.type.kind !== 'headerStack'
    ) {
      cx.gen.unsupported(v.span, `a local variable of type ${v.type.kind}`);
      return;
    }
    cx.gen.types.add(v.type);
    cx.w.line(`const ${js} = ${initOf(v.type)};`);
    if (v.init !== undefined) assignTo(cx, js, v.type, v.init);
    return;
  }
  const init = v.init === undefined ? zeroOf(v.type) : expr(cx, v.init);
  cx.flush();
  cx.w.line(`let ${js} = ${init};`);
}

/** The JS place a P4 l-value names (a variable, field or stack element). */
export function lvalue(cx: FnCtx, e: Ir.Expr): string {
  return expr(cx, e);
}

export function assign(cx: FnCtx, target: Ir.Expr, value: Ir.Expr): void {
  const w = cx.w;
  if (target.kind === 'DontCare') {
    const v = expr(cx, value);
    cx.flush();
    w.line(`${v};`);
    return;
  }
  if (target.kind === 'Slice') {
    const t = flatSlice(target);
    const obj = lvalue(cx, t.object);
    const v = expr(cx, value);
    cx.flush();
    w.line(`${obj} = ${sliceStore(obj, t.object.type, t.hi, t.lo, v)};`);
    return;
  }
  if (repOf(target.type) === 'obj') {
    assignTo(cx, lvalue(cx, target), target.type, value);
    return;
  }
  if (splitMember(target) && assignSplit(cx, target, value)) return;
  const lv = lvalue(cx, callsFunction(value) ? freezeIndexes(cx, target) : target);
  const v = expr(cx, value);
  cx.flush();
  w.line(`${lv} = ${v};`);
}

/** Whether evaluating `e` calls a function (which may copy out into what the target reads). */
function callsFunction(e: Ir.Expr): boolean {
  let found = false;
  visitExpr(e, {
    expr: (x) => {
      if (x.kind === 'Call' && x.callee.kind === 'Function' && !x.callee.isExtern) found = true;
      return !found;
    },
  });
  return found;
}

/**
 * The target with its run-time stack indexes evaluated now, into constants: P4 evaluates the
 * left-hand side before the right, so a call on the right that changes an index variable
 * must not move the target.
 */
function freezeIndexes(cx: FnCtx, e: Ir.Expr): Ir.Expr {
  switch (e.kind) {
    case 'Member':
      return { ...e, object: freezeIndexes(cx, e.object) };
    case 'Slice':
      return { ...e, object: freezeIndexes(cx, e.object) };
    case 'Index': {
      const object = freezeIndexes(cx, e.object);
      if (e.index.kind === 'Const') return { ...e, object };
      const name = cx.gen.temp('ix');
      cx.hoist(`const ${name} = ${expr(cx, e.index)};`);
      cx.scope.set(name, { kind: 'value', js: name, type: e.index.type });
      return { ...e, object, index: { kind: 'Ref', name, ref: 'variable', type: e.index.type, span: e.index.span } };
    }
    default:
      return e;
  }
}

/** Whether `e` is a field stored as `$hi`/`$lo` numbers (emit-types.ts). */
function splitMember(e: Ir.Expr): e is Ir.Expr & { kind: 'Member' } {
  if (e.kind !== 'Member') return false;
  const o = e.object.type;
  return (o.kind === 'header' || o.kind === 'struct') && splitField(o, e.type);
}

/** Split field ← constant or split field: move the halves, never building a bigint. */
function assignSplit(cx: FnCtx, target: Ir.Expr & { kind: 'Member' }, value: Ir.Expr): boolean {
  const width = scalarOf(target.type)?.width ?? 64;
  let v: string[] | undefined;
  if (value.kind === 'Const' && typeof value.value === 'bigint') {
    const u = BigInt.asUintN(width, value.value);
    v = [numLit(Number(u >> 32n)), numLit(Number(u & 0xffffffffn))];
  } else if (
    splitMember(value) &&
    scalarOf(value.type)?.width === width &&
    scalarOf(value.type)?.signed === scalarOf(target.type)?.signed
  ) {
    const src = expr(cx, value.object);
    v = [`${src}.${value.member}$hi`, `${src}.${value.member}$lo`];
  }
  if (v === undefined) return false;
  const dst = expr(cx, target.object);
  cx.flush();
  cx.w.line(`${dst}.${target.member}$hi = ${v[0]};`);
  cx.w.line(`${dst}.${target.member}$lo = ${v[1]};`);
  return true;
}

/** Whole-value assignment of a header, struct or stack: field by field, never by reference. */
function assignTo(cx: FnCtx, dst: string, t: Type, value: Ir.Expr): void {
  const w = cx.w;
  let v = value;
  while (v.kind === 'Cast' && repOf(v.type) === 'obj') v = v.operand;
  if (v.kind === 'InvalidHeader') {
    cx.flush();
    w.line(`${dst}.$valid = false;`);
    return;
  }
  if ((v.kind === 'StructInit' || v.kind === 'List') && (t.kind === 'struct' || t.kind === 'header')) {
    const values =
      v.kind === 'StructInit' ? t.fields.map((f) => v.fields.find((x) => x.name === f.name)?.value) : v.elements;
    t.fields.forEach((f, i) => {
      const fv = values[i];
      if (fv === undefined) return;
      if (repOf(f.type) === 'obj') assignTo(cx, `${dst}.${f.name}`, f.type, fv);
      else {
        const js = convert(expr(cx, fv), fv.type, f.type);
        cx.flush();
        w.line(`${dst}.${f.name} = ${js};`);
      }
    });
    if (t.kind === 'header') w.line(`${dst}.$valid = true;`);
    return;
  }
  if (v.kind === 'Call' && v.callee.kind === 'Function' && v.callee.name === 'port_metadata_unpack') {
    portMetadataUnpack(cx, v, dst);
    return;
  }
  const src = exprAs(cx, v, t);
  cx.flush();
  cx.gen.types.add(t);
  copyLine(w, t, dst, src);
}

/** The statement storing JS value `v` (already of the target's type) into l-value `target`. */
export function storeLine(cx: FnCtx, target: Ir.Expr, v: string): string {
  if (target.kind === 'Slice') {
    const t = flatSlice(target);
    const obj = lvalue(cx, t.object);
    return `${obj} = ${sliceStore(obj, t.object.type, t.hi, t.lo, v)};`;
  }
  return `${lvalue(cx, target)} = ${v};`;
}

/** `x[7:4][3:0]` as `x[7:4]`: a slice of a slice names bits of the innermost object. */
function flatSlice(e: Ir.Expr & { kind: 'Slice' }): Ir.Expr & { kind: 'Slice' } {
  let t = e;
  while (t.object.kind === 'Slice') {
    const inner: Ir.Expr & { kind: 'Slice' } = t.object;
    t = { ...t, object: inner.object, hi: inner.lo + t.hi, lo: inner.lo + t.lo };
  }
  return t;
}

/** `x[hi:lo] = v` as a read-modify-write of x. */
function sliceStore(obj: string, t: Type, hi: number, lo: number, v: string): string {
  const w = hi - lo + 1;
  const s = scalarOf(t);
  const width = s?.width ?? 32;
  if (repOf(t) === 'big') {
    const field = ((1n << BigInt(w)) - 1n) << BigInt(lo);
    const keep = ((1n << BigInt(width)) - 1n) ^ field;
    const vb = w > 32 ? v : `BigInt(${v})`;
    return `((${obj} & 0x${keep.toString(16)}n) | (${vb} << ${lo}n))`;
  }
  const field = (2 ** w - 1) * 2 ** lo;
  const all = width >= 32 ? 0xffffffff : 2 ** width - 1;
  const keep = all - field;
  const moved = lo === 0 ? v : `(${v} * ${2 ** lo})`;
  return `(((${obj} & 0x${keep.toString(16)}) >>> 0) + ${moved})`;
}
