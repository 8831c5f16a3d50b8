// Calls of actions and functions: an action call from an apply block or another action, the
// program's own functions the mid end left (copy-in/copy-out through the returned array), and
// the architecture's extern functions (min, max, verify, port_metadata_unpack, v1model's).

import { sizeOf } from '../check/check-methods.js';
import { widthOf } from '../check/types.js';
import type * as Ir from '../ir/nodes.js';
import { validityCall } from './container-validity.js';
import { expr, exprAs, type FnCtx } from './emit-expr.js';
import { arg, exitCheck } from './emit-extern.js';
import { portMetadataUnpack } from './emit-port-metadata.js';
import { psaFunctionCall } from './emit-psa.js';
import { statements, storeLine } from './emit-stmt.js';
import { classIdent, repOf, typeIdent, zeroOf } from './emit-types.js';
import { v1modelFunctionCall } from './emit-v1model.js';

export function actionCall(cx: FnCtx, call: Ir.Call, name: string): string | undefined {
  const b = cx.scope.get(name);
  if (b?.kind !== 'action') {
    cx.gen.unsupported(call.span, `the call of action ${name}`);
    return undefined;
  }
  const { args, outs, copyBack } = callArgs(cx, call);
  cx.flush();
  if (outs.length === 0) cx.w.line(`${b.js}(${args.join(', ')});`);
  else {
    const r = cx.gen.temp('r');
    cx.w.line(`const ${r} = ${b.js}(${args.join(', ')});`);
    for (const [i, lv] of outs.entries()) cx.w.line(storeLine(cx, lv, `${r}[${i + 1}]`));
  }
  for (const l of copyBack) cx.w.line(l);
  exitCheck(cx);
  return undefined;
}

/**
 * Arguments of an action or function call: out scalars pass their type's zero, inout ones
 * their value; `outs` are the l-values to copy the returned `[value, ...outs]` into. In
 * v1model a header or struct argument is copied in to a scratch object of the call site (and,
 * when out or inout, copied back after the call: `copyBack`), so that a callee writing the
 * caller's variable directly neither changes its own copy nor survives the copy-out (P4 §6.7).
 */
function callArgs(cx: FnCtx, call: Ir.Call): { args: string[]; outs: Ir.Expr[]; copyBack: string[] } {
  const outs: Ir.Expr[] = [];
  const copyBack: string[] = [];
  const args = call.args.map((a, i) => {
    const p = call.params[i];
    if (a === undefined) return 'undefined';
    if (p !== undefined && (p.direction === 'out' || p.direction === 'inout') && repOf(p.type) !== 'obj') {
      if (a.kind === 'DontCare') return zeroOf(p.type);
      outs.push(a);
      return p.direction === 'out' ? zeroOf(p.type) : expr(cx, a);
    }
    const t = p?.type;
    if (
      (cx.gen.arch === 'v1model' || cx.gen.arch === 'psa') &&
      p !== undefined &&
      (p.direction === 'in' || p.direction === 'out' || p.direction === 'inout') &&
      t !== undefined &&
      (t.kind === 'header' || t.kind === 'struct' || t.kind === 'headerUnion') &&
      a.kind !== 'DontCare' &&
      (a.kind === 'Ref' || a.kind === 'Member' || a.kind === 'Index')
    ) {
      cx.gen.types.add(t);
      const scratch = cx.gen.ident(`copy_in_${typeIdent(t)}`);
      cx.gen.moduleHelpers.set(scratch, (w) => w.line(`const ${scratch} = new ${classIdent(t)}();`));
      const place = expr(cx, a);
      cx.hoist(
        p.direction === 'inout' ? `copy_${typeIdent(t)}(${scratch}, ${place});` : `reset_${typeIdent(t)}(${scratch});`,
      );
      if (p.direction !== 'in') copyBack.push(`copy_${typeIdent(t)}(${place}, ${scratch});`);
      return scratch;
    }
    return p === undefined ? expr(cx, a) : exprAs(cx, a, p.type);
  });
  return { args, outs, copyBack };
}

export function functionCall(cx: FnCtx, call: Ir.Call, name: string): string | undefined {
  if (name === 'min' || name === 'max') {
    const a = arg(cx, call, 0) ?? '0';
    const b = arg(cx, call, 1) ?? '0';
    if (repOf(call.type) === 'big') return `(${a} ${name === 'min' ? '<' : '>'} ${b} ? ${a} : ${b})`;
    return `Math.${name}(${a}, ${b})`;
  }
  if (name === 'verify') {
    if (cx.kind !== 'parser') {
      cx.gen.unsupported(call.span, 'verify outside a parser');
      return undefined;
    }
    const cond = arg(cx, call, 0) ?? 'true';
    const err = arg(cx, call, 1) ?? '0';
    cx.flush();
    cx.w.line(`if (!${cond}) return ${err};`);
    return undefined;
  }
  if (name === 'static_assert') return 'true';
  if ((name === 'sizeInBits' || name === 'sizeInBytes') && cx.gen.arch === 'tna') {
    // TNA's sizeInBits/sizeInBytes(x) are the compile-time width of x's type (bf-p4c's
    // ConvertSizeOfToConstant: every field of every header, valid or not; bytes truncated).
    const t = call.args[0]?.type;
    const bits = t === undefined ? undefined : sizeOf(t, 'maxSizeInBits');
    if (bits !== undefined) return String(name === 'sizeInBytes' ? bits / 8n : bits);
  }
  if ((name === 'is_validated' || name === 'invalidate') && cx.gen.arch === 'tna') {
    const js = validityCall(cx.gen, call, name, (h) => `${expr(cx, h)}.$valid`);
    if (js !== undefined) return js;
  }
  if (name === 'funnel_shift_right' && cx.gen.arch === 'tna') {
    funnelShiftRight(cx, call);
    return undefined;
  }
  if (name === 'port_metadata_unpack') {
    // A scalar T is read as a value; as a statement the port metadata is only skipped.
    return portMetadataUnpack(cx, call, undefined);
  }
  if (cx.gen.arch === 'v1model') {
    const v1 = v1modelFunctionCall(cx, call, name);
    if (v1 !== false) return v1;
  }
  if (cx.gen.arch === 'psa') {
    const psa = psaFunctionCall(cx, call, name);
    if (psa !== false) return psa;
  }
  const b = cx.scope.get(name);
  if (b?.kind === 'function') {
    const { args, outs, copyBack } = callArgs(cx, call);
    if (outs.length === 0 && copyBack.length === 0) return `${b.js}(${args.join(', ')})`;
    const r = cx.gen.temp('r');
    cx.hoist(`const ${r} = ${b.js}(${args.join(', ')});`);
    for (const [i, lv] of outs.entries()) cx.hoist(storeLine(cx, lv, `${r}[${i + 1}]`));
    for (const l of copyBack) cx.hoist(l);
    return outs.length === 0 ? r : `${r}[0]`;
  }
  cx.gen.unsupported(call.span, `the function ${name}`);
  return undefined;
}

/**
 * Tofino's `funnel_shift_right(dst, hi, lo, n)`: dst = the low W bits of `(hi ++ lo) >> n`
 * (tna.p4), W the width of dst, n a constant. Emitted as that P4 assignment.
 */
function funnelShiftRight(cx: FnCtx, call: Ir.Call): void {
  const [dst, hi, lo, amount] = call.args;
  const width = dst === undefined ? 0 : (widthOf(dst.type) ?? 0);
  if (dst === undefined || hi === undefined || lo === undefined || amount?.kind !== 'Const' || width === 0) {
    cx.gen.unsupported(call.span, 'funnel_shift_right without a constant shift amount');
    return;
  }
  const span = call.span;
  const wide: Ir.Type = { kind: 'bit', width: 2 * width };
  const joined: Ir.Expr = { kind: 'Binary', op: '++', left: hi, right: lo, type: wide, span };
  const shifted: Ir.Expr = { kind: 'Binary', op: '>>', left: joined, right: amount, type: wide, span };
  const value: Ir.Expr = { kind: 'Slice', object: shifted, hi: width - 1, lo: 0, type: dst.type, span };
  statements(cx, [{ kind: 'Assign', target: dst, value, span }]);
}
