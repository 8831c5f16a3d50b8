// TNA's parser `Checksum.subtract_all_and_deposit(residual)`: the call marks where it ran
// (the cursor, and which checksum unit); when the parse ends, the residual — the unit's sum
// then (add/subtract calls after the mark count too) minus every header byte extracted after
// the mark — is written to the argument (runtime/externs/residual-checksum.ts;
// docs/tna-semantics.md).

import type * as Ir from '../ir/nodes.js';
import { forEachCall } from '../ir/visit.js';
import type { Gen, Scope } from './context.js';
import { FnCtx } from './emit-expr.js';
import { statements } from './emit-stmt.js';
import type { Writer } from './writer.js';

export interface ResidualDeposit {
  readonly call: Ir.Call;
  /** JS variables: the bit offset at the call (-1: not reached) and the checksum unit it marked. */
  readonly mark: string;
  readonly unit: string;
  readonly pkt: string;
}

const isDeposit = (c: Ir.Call) =>
  c.callee.kind === 'Method' && c.callee.externName === 'Checksum' && c.callee.method === 'subtract_all_and_deposit';

/** Declares a mark per `subtract_all_and_deposit` call in the parser's states. */
export function declareResidualDeposits(
  gen: Gen,
  w: Writer,
  p: Ir.Parser,
  base: string,
  pkt: string,
): ResidualDeposit[] {
  const out: ResidualDeposit[] = [];
  for (const s of p.states)
    forEachCall(s.statements, (call) => {
      if (!isDeposit(call)) return;
      const mark = gen.ident(`${base}_residual_at`);
      const unit = gen.ident(`${base}_residual_unit`);
      w.line(`let ${mark} = -1, ${unit} = null;`);
      const d = { call, mark, unit, pkt };
      gen.residualDeposits.set(call, d);
      out.push(d);
    });
  if (out.length > 0) gen.imports.add('residualAfter');
  return out;
}

/** The call itself: `mark = cursor; unit = ck;` */
export function residualMark(cx: FnCtx, call: Ir.Call, checksum: string): boolean {
  const d = cx.gen.residualDeposits.get(call);
  if (d === undefined) return false;
  cx.flush();
  cx.w.line(`${d.mark} = ${d.pkt}.offset;`);
  cx.w.line(`${d.unit} = ${checksum};`);
  return true;
}

/** At the parser's end: each deposit whose call ran writes its residual to its argument. */
export function depositResiduals(gen: Gen, w: Writer, scope: Scope, deposits: readonly ResidualDeposit[]): void {
  for (const d of deposits) {
    const target = d.call.args[0];
    if (target === undefined) continue;
    const inner = scope.child();
    // The unit's sum at the end of the parse: bf-p4c's PTF test checksum_splitting subtracts
    // fields in the same state after the call and expects them in the residual.
    const value = `residualAfter(${d.unit}.residual(), ${d.pkt}.buf, ${d.mark}, ${d.pkt}.offset)`;
    // `$residual` cannot be a P4 name: the value reads through the scope like a variable.
    inner.set('$residual', { kind: 'value', js: value, type: target.type });
    w.block(`if (${d.mark} >= 0)`, () => {
      const cx = new FnCtx(gen, inner, w, 'parser');
      statements(cx, [
        {
          kind: 'Assign',
          target,
          value: { kind: 'Ref', name: '$residual', ref: 'variable', type: target.type, span: d.call.span },
          span: d.call.span,
        },
      ]);
    });
  }
}
