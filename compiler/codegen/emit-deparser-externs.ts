// The externs that carry a header out of the deparser: Mirror.emit, Resubmit.emit and Tofino
// 2's Pktgen.emit (the header written into the extern's own buffer) and Digest.pack (its
// fields, in order).

import type { ConstValue } from '../check/const-fold.js';
import type { Type } from '../check/types.js';
import type * as Ir from '../ir/nodes.js';
import { constJs, convert, expr, type FnCtx, flattenFields } from './emit-expr.js';
import { arg } from './emit-extern.js';
import { signedFix } from './emit-field-lists.js';
import { layoutOf, repOf, totalWidth, writeField } from './emit-types.js';

/** The leaves of a header value given as a list, a struct expression or a header reference. */
function headerLeaves(cx: FnCtx, value: Ir.Expr, t: Type): { js: string; type: Type; width: number }[] | undefined {
  if (t.kind !== 'header' && t.kind !== 'struct') return undefined;
  const layout = layoutOf(t);
  if (layout === undefined) return undefined;
  let v = value;
  while (v.kind === 'Cast') v = v.operand;
  if (v.kind === 'StructInit') {
    return layout.map((f) => {
      const fv = v.kind === 'StructInit' ? v.fields.find((x) => x.name === f.name)?.value : undefined;
      return { js: fv === undefined ? '0' : convert(expr(cx, fv), fv.type, f.type), type: f.type, width: f.width };
    });
  }
  if (v.kind === 'Const') {
    // A list or struct expression whose elements are all constants reaches here folded into one
    // value (`mirror.emit<h>(s, {KIND.X, 0})`): its leaves, in the layout's order.
    const values = constLeaves(v.value, t);
    if (values === undefined || values.length !== layout.length) return undefined;
    return layout.map((f, i) => ({ js: constJs(cx.gen, values[i] ?? 0n, f.type), type: f.type, width: f.width }));
  }
  if (v.kind === 'List') {
    return layout.map((f, i) => {
      const fv = v.kind === 'List' ? v.elements[i] : undefined;
      return { js: fv === undefined ? '0' : convert(expr(cx, fv), fv.type, f.type), type: f.type, width: f.width };
    });
  }
  const base = expr(cx, v);
  return layout.map((f) => ({ js: `${base}.${f.name}`, type: f.type, width: f.width }));
}

/** The scalar leaves of a constant list or struct value of type `t`, nested structs flattened. */
function constLeaves(v: ConstValue, t: Type): ConstValue[] | undefined {
  if (t.kind !== 'header' && t.kind !== 'struct') return [v];
  if (typeof v !== 'object' || (v.kind !== 'list' && v.kind !== 'struct')) return undefined;
  const out: ConstValue[] = [];
  for (const [i, f] of t.fields.entries()) {
    const fv = v.kind === 'list' ? v.elements[i] : v.fields.get(f.name);
    const leaves = fv === undefined ? undefined : constLeaves(fv, f.type);
    if (leaves === undefined) return undefined;
    out.push(...leaves);
  }
  return out;
}

function writeLeaves(cx: FnCtx, buf: string, o: string, leaves: { js: string; type: Type; width: number }[]): void {
  let off = 0;
  for (const l of leaves) {
    cx.w.line(writeField(l.type, l.width, buf, off === 0 ? o : `${o} + ${off}`, l.js));
    off += l.width;
  }
}

/** The header type T of `emit<T>(…, hdr)`: the type argument, else the argument's type. */
function emittedType(call: Ir.Call, argIndex: number): Type | undefined {
  const a = call.args[argIndex];
  const t = call.typeArgs[0] ?? a?.type;
  return t;
}

export function mirrorEmit(cx: FnCtx, call: Ir.Call, x: string): void {
  const session = arg(cx, call, 0) ?? '0';
  const w = cx.w;
  if (call.args.length < 2 || call.args[1] === undefined) {
    cx.flush();
    w.line(`${x}.emit(${session});`);
    return;
  }
  const t = emittedType(call, 1);
  const leaves = t === undefined ? undefined : headerLeaves(cx, call.args[1] as Ir.Expr, t);
  if (leaves === undefined) {
    cx.gen.unsupported(call.span, 'this Mirror.emit header');
    return;
  }
  const o = cx.gen.temp('o');
  cx.flush();
  w.line(`const ${o} = ${x}.emitHeader(${session}, ${totalWidth(leaves)});`);
  w.block(`if (${o} >= 0)`, () => {
    const b = cx.gen.temp('b');
    w.line(`const ${b} = ${x}.headerBuf;`);
    writeLeaves(cx, b, o, leaves);
  });
}

export function resubmitEmit(cx: FnCtx, call: Ir.Call, x: string): void {
  const w = cx.w;
  const a = call.args[0];
  if (a === undefined) {
    cx.flush();
    w.line(`${x}.emit();`);
    return;
  }
  const t = emittedType(call, 0);
  const leaves = t === undefined ? undefined : headerLeaves(cx, a, t);
  if (leaves === undefined) {
    cx.gen.unsupported(call.span, 'this Resubmit.emit header');
    return;
  }
  const o = cx.gen.temp('o');
  cx.flush();
  w.line(`const ${o} = ${x}.emitHeader(${totalWidth(leaves)});`);
  w.block(`if (${o} >= 0)`, () => {
    const b = cx.gen.temp('b');
    w.line(`const ${b} = ${x}.headerBuf;`);
    writeLeaves(cx, b, o, leaves);
  });
}

/** Pktgen.emit(hdr) (Tofino 2): the header written as the generator's 16-byte context. */
export function pktgenEmit(cx: FnCtx, call: Ir.Call, x: string): void {
  const a = call.args[0];
  const t = a === undefined ? undefined : emittedType(call, 0);
  // A bit<W> value (tna_pktgen emits a bit<128>) is one leaf; headers and structs their fields.
  const leaves =
    a === undefined || t === undefined
      ? undefined
      : t.kind === 'bit'
        ? [{ js: expr(cx, a), type: t, width: t.width }]
        : headerLeaves(cx, a, t);
  if (leaves === undefined) {
    cx.gen.unsupported(call.span, 'this Pktgen.emit argument');
    return;
  }
  const o = cx.gen.temp('o');
  const b = cx.gen.temp('b');
  cx.flush();
  cx.w.line(`const ${o} = ${x}.emitHeader(${totalWidth(leaves)});`);
  cx.w.line(`const ${b} = ${x}.headerBuf;`);
  writeLeaves(cx, b, o, leaves);
}

export function digestPack(cx: FnCtx, call: Ir.Call, x: string): void {
  const a = call.args[0];
  if (a === undefined) return;
  const t = a.type;
  const leaves = headerLeaves(cx, a, t) ?? flattenFields(cx, a);
  const f = cx.gen.temp('f');
  cx.flush();
  cx.w.line(`const ${f} = ${x}.fields;`);
  leaves.forEach((l, i) => {
    const v = repOf(l.type) === 'bool' ? `(${l.js} ? 1 : 0)` : signedFix(l.js, l.type, l.width);
    cx.w.line(`${f}[${i}] = ${v};`);
  });
  cx.w.line(`${x}.pack();`);
}
