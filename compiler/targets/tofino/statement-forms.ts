// Forms of statements the unit collector (collect-units.ts) treats specially: a Hash extern's
// `get` (its destination is written by the hash unit, not an action), and a directly called
// action's body with its constant arguments in place.

import type * as Ir from '../../ir/nodes.js';
import { rewriteStmts } from '../../ir/rewrite.js';

/** `h.get(...)` of a Hash extern (possibly sliced or cast, as `h.get(...)[15:0]`). */
export function isHashGet(e: Ir.Expr): boolean {
  let v = e;
  while (v.kind === 'Cast' || v.kind === 'Slice') v = v.kind === 'Cast' ? v.operand : v.object;
  return v.kind === 'Call' && v.callee.kind === 'Method' && v.callee.externName === 'Hash' && v.callee.method === 'get';
}

/**
 * A directly called action's body with its `in` (and directionless) parameters replaced by the
 * call's constant arguments, as p4c's RemoveActionParameters and constant propagation leave it:
 * `shl(x, 4)` of `action shl(inout bit<16> a, in bit<16> b) { a = a << b; }` shifts by a
 * constant, which Tofino has an instruction for (roce-test's shuffle.p4).
 */
export function withConstantArguments(action: Ir.Action, call: Ir.Call): readonly Ir.Stmt[] {
  const values = new Map<string, Ir.Expr>();
  for (const [i, param] of action.params.entries()) {
    const arg = call.args[i];
    if (arg?.kind === 'Const' && (param.direction === 'in' || param.direction === 'none')) values.set(param.name, arg);
  }
  if (values.size === 0) return action.body;
  return rewriteStmts(action.body, {
    expr: (e) => (e.kind === 'Ref' && e.ref === 'parameter' ? (values.get(e.name) ?? e) : e),
  });
}
