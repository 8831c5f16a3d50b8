// A sub-control's `return` ends that control's apply only; once its body is inlined into the
// caller it must not end the caller's. So the body sets a flag instead, and every statement
// after one that may have returned runs under `if (!flag)` (as p4c's RemoveReturns does).

import { boolType } from '../check/types.js';
import type * as Ir from '../ir/nodes.js';
import { someStmt } from '../ir/visit.js';
import type { Span } from '../source/span.js';

const mayReturn = (s: Ir.Stmt) => someStmt([s], (x) => x.kind === 'Return');

/** `body` without `return`: it assigns `true` to the bool variable `flag` instead. */
export function removeReturns(body: readonly Ir.Stmt[], flag: string, span: Span): Ir.Stmt[] {
  const ref: Ir.Expr = { kind: 'Ref', name: flag, ref: 'variable', type: boolType, span };
  const set = (v: boolean, at: Span): Ir.Stmt => ({
    kind: 'Assign',
    target: ref,
    value: { kind: 'Const', value: v, type: boolType, span: at },
    span: at,
  });
  const notReturned: Ir.Expr = { kind: 'Unary', op: '!', operand: ref, type: boolType, span };
  const list = (xs: readonly Ir.Stmt[]): Ir.Stmt[] => {
    const out: Ir.Stmt[] = [];
    for (let i = 0; i < xs.length; i++) {
      const s = xs[i] as Ir.Stmt;
      if (!mayReturn(s)) {
        out.push(s);
        continue;
      }
      if (s.kind === 'Return') {
        out.push(set(true, s.span));
        return out;
      }
      out.push(one(s));
      const rest = list(xs.slice(i + 1));
      if (rest.length > 0)
        out.push({ kind: 'If', condition: notReturned, thenBody: rest, elseBody: [], span: rest[0]?.span ?? span });
      return out;
    }
    return out;
  };
  const one = (s: Ir.Stmt): Ir.Stmt => {
    switch (s.kind) {
      case 'If':
        return { ...s, thenBody: list(s.thenBody), elseBody: list(s.elseBody) };
      case 'Block':
        return { ...s, body: list(s.body) };
      case 'Switch':
        return { ...s, cases: s.cases.map((c) => ({ ...c, body: list(c.body) })) };
      default:
        return s;
    }
  };
  return [set(false, span), ...list(body)];
}
