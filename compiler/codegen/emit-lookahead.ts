// `pkt.lookahead<T>()` of a header or a struct (P4 spec §12.8.3): the next bits of the packet
// read into a scratch object of type T without moving the cursor; a header comes back valid.
// The scratch object is one per type for the module: the value is consumed (copied by an
// assignment, or read by a select key) before anything else can look ahead again.

import { type StructLikeType, widthOf } from '../check/types.js';
import type * as Ir from '../ir/nodes.js';
import type { FnCtx } from './emit-expr.js';
import { classIdent, layoutOf, readField, totalWidth, typeIdent } from './emit-types.js';

/** The JS expression of the looked-ahead value, or undefined (diagnosed) for another type. */
export function lookaheadObject(
  cx: FnCtx,
  call: Ir.Call,
  t: Ir.Type,
  pkt: string,
  tooShort: string,
): string | undefined {
  if (t.kind !== 'header' && t.kind !== 'struct') return undefined;
  const layout = layoutOf(t);
  if (layout === undefined && t.kind === 'struct') return structOfHeaders(cx, call, t, pkt, tooShort);
  if (layout === undefined) {
    cx.gen.unsupported(call.span, `lookahead of ${t.name} (a field that is not a fixed-width scalar)`);
    return '0';
  }
  cx.gen.types.add(t);
  const id = typeIdent(t);
  const scratch = `lookahead_${id}`;
  cx.gen.moduleHelpers.set(scratch, (w) => w.line(`const ${scratch} = new ${classIdent(t)}();`));
  const la = cx.gen.temp('la');
  cx.hoist(`const ${la} = ${pkt}.lookahead(${totalWidth(layout)});`);
  cx.hoist(`if (${la} < 0) return ${tooShort};`);
  if (t.kind === 'header') cx.hoist(`extract_${id}(${scratch}, ${pkt}.buf, ${la});`);
  else
    for (const f of layout)
      cx.hoist(`${scratch}.${f.name} = ${readField(f.type, f.width, `${pkt}.buf`, `${la} + ${f.offset}`)};`);
  return scratch;
}

/** A part of a struct looked ahead: a scalar leaf or a whole header, at a bit offset. */
type Piece = { readonly path: string; readonly type: Ir.Type; readonly offset: number; readonly width: number };

/** The pieces of `t` from bit `at` (headers whole, stacks element by element); undefined if a part has no fixed width. */
function piecesOf(t: StructLikeType, prefix: string, at: number, out: Piece[]): number | undefined {
  let o = at;
  const add = (path: string, ft: Ir.Type): boolean => {
    if (ft.kind === 'struct') {
      const next = piecesOf(ft, `${path}.`, o, out);
      if (next === undefined) return false;
      o = next;
      return true;
    }
    if (ft.kind === 'header') {
      const l = layoutOf(ft);
      if (l === undefined) return false;
      out.push({ path, type: ft, offset: o, width: totalWidth(l) });
      o += totalWidth(l);
      return true;
    }
    if (ft.kind === 'headerStack') {
      for (let i = 0; i < ft.size; i++) if (!add(`${path}.e[${i}]`, ft.element)) return false;
      return true;
    }
    const w = ft.kind === 'bool' ? 1 : widthOf(ft);
    if (w === undefined) return false;
    out.push({ path, type: ft, offset: o, width: w });
    o += w;
    return true;
  };
  for (const f of t.fields) if (!add(`${prefix}${f.name}`, f.type)) return undefined;
  return o;
}

/**
 * `lookahead<S>()` of a struct holding headers or header stacks (p4c's issue2465: a struct of
 * `h1[3]`): every header is read in place and comes back valid, as after extracts; a stack's
 * elements one after the other. Its `next` stays 0: nothing was extracted.
 */
function structOfHeaders(cx: FnCtx, call: Ir.Call, t: StructLikeType, pkt: string, tooShort: string): string {
  const pieces: Piece[] = [];
  const width = piecesOf(t, '', 0, pieces);
  if (width === undefined) {
    cx.gen.unsupported(call.span, `lookahead of ${t.name} (a field that is not of fixed width)`);
    return '0';
  }
  cx.gen.types.add(t);
  const scratch = `lookahead_${typeIdent(t)}`;
  cx.gen.moduleHelpers.set(scratch, (w) => w.line(`const ${scratch} = new ${classIdent(t)}();`));
  const la = cx.gen.temp('la');
  cx.hoist(`const ${la} = ${pkt}.lookahead(${width});`);
  cx.hoist(`if (${la} < 0) return ${tooShort};`);
  for (const p of pieces) {
    const at = `${la} + ${p.offset}`;
    if (p.type.kind === 'header') cx.hoist(`extract_${typeIdent(p.type)}(${scratch}.${p.path}, ${pkt}.buf, ${at});`);
    else cx.hoist(`${scratch}.${p.path} = ${readField(p.type, p.width, `${pkt}.buf`, at)};`);
  }
  return scratch;
}
