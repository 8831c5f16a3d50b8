// Pass `moveInitializers`: a parser's local variable with an initializer, or a control's whose
// initializer is not a constant (`bit<16> vrf = (bit<16>)ig_intr_md.ingress_port;`), loses it, and an
// assignment at the start of the `start` state (parser) or of the apply block (control) takes
// its place, in declaration order (P4 spec §11.3: locals are initialised each time the block
// runs). Runs before inlining, so an inlined callee initialises at each apply.

import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type * as Ir from '../ir/nodes.js';
import { refTo } from './bind-arguments.js';

function split(
  locals: readonly Ir.Local[],
  constantsToo: boolean,
): { locals: Ir.Local[]; inits: Ir.Stmt[] } | undefined {
  const inits: Ir.Stmt[] = [];
  const out = locals.map((l): Ir.Local => {
    if (l.kind !== 'Variable' || l.init === undefined || (l.init.kind === 'Const' && !constantsToo)) return l;
    inits.push({ kind: 'Assign', target: refTo(l.name, l.type, l.span), value: l.init, span: l.span });
    return { ...l, init: undefined };
  });
  return inits.length === 0 ? undefined : { locals: out, inits };
}

export function moveInitializers(program: Ir.Program, _sink: DiagnosticSink): Ir.Program {
  let changed = false;
  const parsers = program.parsers.map((p) => {
    const s = split(p.locals, true);
    if (s === undefined || !p.states.some((x) => x.name === 'start')) return p;
    changed = true;
    const states = p.states.map((x) => (x.name === 'start' ? { ...x, statements: [...s.inits, ...x.statements] } : x));
    return { ...p, locals: s.locals, states };
  });
  const controls = program.controls.map((c) => {
    const s = split(c.locals, false);
    if (s === undefined) return c;
    changed = true;
    return { ...c, locals: s.locals, apply: [...s.inits, ...c.apply] };
  });
  return changed ? { ...program, parsers, controls } : program;
}
