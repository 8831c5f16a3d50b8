// `pkt.lookahead<T>()` of a header or a struct (P4 spec §12.8.3): the next bits of the packet
// read into a scratch object of type T without moving the cursor; a header comes back valid.
// The scratch object is one per type for the module: the value is consumed (copied by an
// assignment, or read by a select key) before anything else can look ahead again.

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
