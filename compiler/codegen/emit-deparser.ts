// Deparsing: `packet_out.emit(x)` for a header (if valid: reserve its bits in the output and
// write its fields with the type's `write_T` helper), a struct (its headers in field order),
// a header stack (its elements in index order) or a header union (its members). The
// deparser's Mirror / Resubmit / Digest calls are extern calls (emit-extern.ts).

import type { Type } from '../check/types.js';
import type * as Ir from '../ir/nodes.js';
import { expr, type FnCtx } from './emit-expr.js';
import { layoutOf, repOf, totalWidth, typeIdent, varbitLayout } from './emit-types.js';

export function packetOut(cx: FnCtx, call: Ir.Call, method: string, out: string): string | undefined {
  const a = call.args[0];
  if (method !== 'emit' || a === undefined || (call.args.length > 1 && call.args[1] !== undefined)) {
    cx.gen.unsupported(call.span, `packet_out.${method} with these arguments`);
    return undefined;
  }
  const js = expr(cx, a);
  cx.flush();
  emitValue(cx, js, a.type, out, call);
  return undefined;
}

/** Emits every valid header of a header, struct, stack or union value, in order. */
function emitValue(cx: FnCtx, js: string, t: Type, out: string, call: Ir.Call): void {
  const w = cx.w;
  switch (t.kind) {
    case 'header': {
      const layout = layoutOf(t);
      const size =
        layout !== undefined
          ? String(totalWidth(layout))
          : varbitLayout(t) !== undefined
            ? `size_${typeIdent(t)}(${js})`
            : undefined;
      if (size === undefined) {
        cx.gen.unsupported(call.span, `emit of header ${t.name}`);
        return;
      }
      cx.gen.types.add(t);
      w.block(`if (${js}.$valid)`, () => {
        const o = cx.gen.temp('o');
        w.line(`const ${o} = ${out}.emit(${size});`);
        w.line(`write_${typeIdent(t)}(${out}.buf, ${o}, ${js});`);
      });
      return;
    }
    case 'struct':
    case 'headerUnion':
      // A struct emits the headers it holds; its scalar fields are not part of the packet.
      for (const f of t.fields) if (repOf(f.type) === 'obj') emitValue(cx, `${js}.${f.name}`, f.type, out, call);
      return;
    case 'headerStack':
      for (let i = 0; i < t.size; i++) emitValue(cx, `${js}.e[${i}]`, t.element, out, call);
      return;
    default:
      cx.gen.unsupported(call.span, `emit of a ${t.kind} value`);
  }
}
