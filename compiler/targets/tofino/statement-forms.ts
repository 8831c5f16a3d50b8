// Forms of statements the unit collector (collect-units.ts) treats specially: a Hash extern's
// `get` (its destination is written by the hash unit, not an action), a directly called
// action's body with its constant arguments in place, and a plain copy of fields into a local.

import type * as Ir from '../../ir/nodes.js';
import { rewriteStmts } from '../../ir/rewrite.js';
import type { Accesses, Scope } from './access-paths.js';

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

export function isScalar(t: Ir.Expr['type']): boolean {
  return t.kind === 'bit' || t.kind === 'int' || t.kind === 'bool';
}

/**
 * The apply-body local `s` sets to a plain expression of fields (no extern call, no hash):
 * what p4c's LocalCopyPropagation substitutes into the statements and conditions after it.
 */
export function copyTarget(s: Ir.Stmt, acc: Accesses): string | undefined {
  const value = s.kind === 'Assign' ? s.value : s.kind === 'VarDecl' ? s.variable.init : undefined;
  if (value === undefined || acc.writes.size !== 1) return undefined;
  if (acc.registers.length + acc.hashes.length + acc.counters.length > 0 || isHashGet(value)) return undefined;
  const [local] = acc.writes;
  return local?.includes('$local.') && !acc.reads.has(local) ? local : undefined;
}

/** A zero (0 or false) written into a scalar field of one of the control's own locals, reading nothing. */
export function isZeroIntoControlLocal(s: Ir.Stmt, scope: Scope, acc: Accesses): boolean {
  if (s.kind !== 'Assign' || s.value.kind !== 'Const') return false;
  const v = s.value.value;
  if (v !== 0n && v !== false) return false;
  if (!isScalar(s.target.type) || acc.writes.size !== 1 || acc.reads.size > 0) return false;
  let root = s.target;
  while (root.kind === 'Member') {
    if (root.object.type.kind !== 'struct') return false;
    root = root.object;
  }
  if (root.kind !== 'Ref' || root.ref !== 'variable' || scope.env.has(root.name)) return false;
  const name = root.name;
  return scope.control.locals.some((l) => l.kind === 'Variable' && l.name === name);
}
