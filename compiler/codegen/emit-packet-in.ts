// packet_in in parsers: extract (fixed headers, headers with a varbit field, `_`), advance
// and lookahead, each returning the parser's error number when the packet is too short (and
// StackOutOfBounds, HeaderTooShort, ParserInvalidArgument where P4 and bmv2 say so). A stack's
// `next` advances on extract, also through a stack of header unions.

import type { Type } from '../check/types.js';
import { exprText } from '../ir/expr-text.js';
import type * as Ir from '../ir/nodes.js';
import { visitExpr } from '../ir/visit.js';
import { expr, type FnCtx, widthOfScalar } from './emit-expr.js';
import { p4Path } from './emit-extern.js';
import { lookaheadObject } from './emit-lookahead.js';
import { layoutOf, readField, repOf, totalWidth, typeIdent, varbitLayout } from './emit-types.js';

const PACKET_TOO_SHORT = 'PacketTooShort';

function tooShort(cx: FnCtx): string {
  return String(cx.gen.errorIndex(PACKET_TOO_SHORT));
}

export function packetIn(cx: FnCtx, call: Ir.Call, method: string, pkt: string): string | undefined {
  if (cx.kind !== 'parser') {
    cx.gen.unsupported(call.span, `packet_in.${method} outside a parser`);
    return undefined;
  }
  const w = cx.w;
  switch (method) {
    case 'extract': {
      const target = call.args[0];
      const size = call.args[1];
      if (target === undefined) return undefined;
      if (size !== undefined) extractVarbit(cx, target, size, pkt);
      else extract(cx, target, pkt, call.typeArgs[0]);
      return undefined;
    }
    case 'advance': {
      const a = call.args[0];
      const n = a === undefined ? '0' : expr(cx, a);
      cx.flush();
      w.line(`if (!${pkt}.advance(${n})) return ${tooShort(cx)};`);
      return undefined;
    }
    case 'lookahead': {
      const t = call.typeArgs[0] ?? call.type;
      const whole = lookaheadObject(cx, call, t, pkt, tooShort(cx));
      if (whole !== undefined) return whole;
      const width = t.kind === 'header' ? undefined : widthOfScalar(t);
      if (width === undefined || repOf(t) === 'obj') {
        cx.gen.unsupported(call.span, 'lookahead of a header type');
        return '0';
      }
      const la = cx.gen.temp('la');
      cx.hoist(`const ${la} = ${pkt}.lookahead(${width});`);
      cx.hoist(`if (${la} < 0) return ${tooShort(cx)};`);
      return readField(t, width, `${pkt}.buf`, la);
    }
    default:
      cx.gen.unsupported(call.span, `packet_in.${method}`);
      return undefined;
  }
}

/**
 * `extract(h, n)` of a header with a varbit field: n bits more than the max width give
 * HeaderTooShort, a size that is not whole bytes ParserInvalidArgument (bmv2's checks).
 */
function extractVarbit(cx: FnCtx, target: Ir.Expr, size: Ir.Expr, pkt: string): void {
  const w = cx.w;
  const t = target.type;
  const v = t.kind === 'header' ? varbitLayout(t) : undefined;
  if (t.kind !== 'header' || v === undefined) {
    cx.gen.unsupported(target.span, 'this variable-size extract');
    return;
  }
  cx.gen.types.add(t);
  if (cx.gen.arch === 'tna' && readsFieldsOf(size, target)) {
    // The length is computed from the header being extracted (the IPv4 options idiom,
    // `extract(hdr.ipv4, (bit<32>)(hdr.ipv4.ihl - 5) * 32)`): P4 leaves the fields of a header
    // that is not yet valid unspecified; bf-p4c reads them from the packet, and so do we for
    // TNA. v1model follows bmv2, which reads the invalid header (docs/tna-semantics.md,
    // "Variable-size extracts").
    cx.flush();
    const la = cx.gen.temp('la');
    w.line(`const ${la} = ${pkt}.lookahead(${v.beforeVarbit});`);
    w.line(`if (${la} < 0) return ${tooShort(cx)};`);
    w.line(`peekv_${typeIdent(t)}(${expr(cx, target)}, ${pkt}.buf, ${la});`);
  }
  const n = cx.gen.temp('n');
  const sizeJs = expr(cx, size);
  const { h } = extractTarget(cx, target);
  w.line(`const ${n} = ${repOf(size.type) === 'big' ? `Number(${sizeJs})` : sizeJs};`);
  w.line(`if (${n} > ${v.max}) return ${cx.gen.errorIndex('HeaderTooShort')};`);
  w.line(`if (${n} % 8 !== 0) return ${cx.gen.errorIndex('ParserInvalidArgument')};`);
  const o = cx.gen.temp('o');
  w.line(`const ${o} = ${pkt}.extract(${v.fixed} + ${n});`);
  w.line(`if (${o} < 0) return ${tooShort(cx)};`);
  w.line(`extractv_${typeIdent(t)}(${h}, ${pkt}.buf, ${o}, ${n});`);
}

/** Whether `e` reads a field of `header` (a plain header, not a stack's `next`, which moves on extract). */
function readsFieldsOf(e: Ir.Expr, header: Ir.Expr): boolean {
  if (header.kind === 'Member' && header.member === 'next') return false;
  const name = exprText(header);
  let found = false;
  visitExpr(e, {
    expr: (x) => {
      if (x.kind === 'Member' && exprText(x.object) === name) found = true;
      return !found;
    },
  });
  return found;
}

/**
 * The header an extract fills: a stack's `next` advances (StackOutOfBounds when full), also
 * for a member of a stack of unions (`u.next.byte`); a union member's siblings become invalid.
 */
function extractTarget(cx: FnCtx, target: Ir.Expr): { h: string; siblings: string[] } {
  const next = (e: Ir.Expr): string | undefined => {
    if (e.kind !== 'Member' || e.member !== 'next' || e.object.type.kind !== 'headerStack') return undefined;
    const s = expr(cx, e.object);
    cx.flush();
    cx.w.line(`if (${s}.next >= ${e.object.type.size}) return ${cx.gen.errorIndex('StackOutOfBounds')};`);
    return `${s}.e[${s}.next++]`;
  };
  const whole = next(target);
  if (whole !== undefined) return { h: whole, siblings: [] };
  if (target.kind === 'Member' && target.object.type.kind === 'headerUnion') {
    const union = target.object.type;
    const u = next(target.object) ?? expr(cx, target.object);
    cx.flush();
    if (u.includes('.next++]')) {
      // The element was taken once: name it through a constant so `next` moves once.
      const el = cx.gen.temp('u');
      cx.w.line(`const ${el} = ${u};`);
      return {
        h: `${el}.${target.member}`,
        siblings: union.fields.filter((f) => f.name !== target.member).map((f) => `${el}.${f.name}`),
      };
    }
    return {
      h: `${u}.${target.member}`,
      siblings: union.fields.filter((f) => f.name !== target.member).map((f) => `${u}.${f.name}`),
    };
  }
  const h = expr(cx, target);
  cx.flush();
  return { h, siblings: [] };
}

function extract(cx: FnCtx, target: Ir.Expr, pkt: string, typeArg?: Type): void {
  const w = cx.w;
  const t = target.kind === 'DontCare' && typeArg !== undefined ? typeArg : target.type;
  if (target.kind === 'DontCare' && t.kind === 'header') {
    // extract<T>(_): the header's bits are skipped.
    const layout = layoutOf(t);
    if (layout !== undefined) {
      cx.flush();
      w.line(`if (!${pkt}.advance(${totalWidth(layout)})) return ${tooShort(cx)};`);
      return;
    }
  }
  if (t.kind !== 'header') {
    cx.gen.unsupported(target.span, `extract into a ${t.kind}`);
    return;
  }
  const layout = layoutOf(t);
  if (layout === undefined) {
    cx.gen.unsupported(target.span, `extract of header ${t.name} (variable-size fields)`);
    return;
  }
  cx.gen.types.add(t);
  const o = cx.gen.temp('o');
  const { h, siblings } = extractTarget(cx, target);
  w.line(`const ${o} = ${pkt}.extract(${totalWidth(layout)});`);
  w.line(`if (${o} < 0) return ${tooShort(cx)};`);
  w.line(`extract_${typeIdent(t)}(${h}, ${pkt}.buf, ${o});`);
  for (const x of siblings) w.line(`${x}.$valid = false;`);
  w.line(`if (tr !== undefined) tr.extract(cur.packetId, cur.copyId, ${JSON.stringify(p4Path(target))}, ${o});`);
}
