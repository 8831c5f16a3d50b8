// The shapes of apply-body code the unit collector recognises: tables applied inside
// conditions (`t.apply().hit`, `switch (t.apply().action_run)`), `@stage` pins, and the
// sub-control arguments stage-ordered execution can bind, and actions that may `exit`.

import type * as Ir from '../../ir/nodes.js';
import { type AccessCollector, findAction, type Scope } from './access-paths.js';
import { pathsOverlap, type Unit } from './units.js';

export function uniqueByName<T extends { readonly name: string }>(xs: readonly T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const x of xs) {
    if (seen.has(x.name)) continue;
    seen.add(x.name);
    out.push(x);
  }
  return out;
}

/** `@stage(n)`: the first integer of the annotation's body. */
export function stagePin(annotations: readonly Ir.AnnotationInfo[]): Unit['pin'] {
  const a = annotations.find((x) => x.name === 'stage');
  if (a === undefined) return undefined;
  const m = /^\s*\(?\s*(\d+)\s*(?:,\s*(\d+))?/.exec(a.body);
  if (m?.[1] === undefined) return undefined;
  return { stage: Number(m[1]), ...(m[2] === undefined ? {} : { entries: Number(m[2]) }), text: a.body.trim() };
}

/** `t.apply().hit`, `!t.apply().hit`, `t.apply().miss` (an if) or `t.apply().action_run` (a switch). */
export function tableDecider(cond: Ir.Expr, isSwitch: boolean): { table: string; negate: boolean } | undefined {
  let e = cond;
  let negate = false;
  while (!isSwitch && e.kind === 'Unary' && e.op === '!') {
    negate = !negate;
    e = e.operand;
  }
  if (e.kind !== 'Member') return undefined;
  const o = e.object;
  if (o.kind !== 'Call' || o.callee.kind !== 'Apply' || o.callee.target !== 'table' || o.callee.object.kind !== 'Ref')
    return undefined;
  const fits = isSwitch ? e.member === 'action_run' : e.member === 'hit' || e.member === 'miss';
  if (!fits) return undefined;
  return { table: o.callee.object.name, negate: e.member === 'miss' ? !negate : negate };
}

/**
 * Why a sub-control's arguments cannot be bound for stage order (its units run one by one with
 * the parameters copied in before and out after each): every argument must be a field path or
 * a constant, and two arguments a write could reach must not overlap.
 */
export function argumentsProblem(
  params: readonly Ir.Param[],
  args: readonly (Ir.Expr | undefined)[],
  binder: AccessCollector,
): string | undefined {
  const paths: { path: string; writes: boolean }[] = [];
  for (let i = 0; i < params.length; i++) {
    const p = params[i] as Ir.Param;
    const a = args[i];
    if (a === undefined) continue;
    const writes = p.direction === 'out' || p.direction === 'inout';
    const path = binder.pathOf(a);
    if (path === undefined) {
      if (writes || a.kind !== 'Const') return `the argument for '${p.name}' is neither a field nor a constant`;
      continue;
    }
    for (const q of paths) {
      if ((q.writes || writes) && pathsOverlap(q.path, path, 1))
        return `the arguments for '${p.name}' and another parameter overlap`;
    }
    paths.push({ path, writes });
  }
  return undefined;
}

/** Tables applied inside an expression (`t.apply().hit`, `switch (t.apply().action_run)`), in order. */
export function tablesApplied(e: Ir.Expr): string[] {
  const out: string[] = [];
  const visit = (x: Ir.Expr | undefined): void => {
    if (x === undefined) return;
    switch (x.kind) {
      case 'Call':
        if (x.callee.kind === 'Apply' && x.callee.target === 'table' && x.callee.object.kind === 'Ref')
          out.push(x.callee.object.name);
        for (const a of x.args) visit(a);
        return;
      case 'Member':
      case 'Slice':
        visit(x.object);
        return;
      case 'Unary':
      case 'Cast':
        visit(x.operand);
        return;
      case 'Binary':
        visit(x.left);
        visit(x.right);
        return;
      case 'Mux':
        visit(x.condition);
        visit(x.whenTrue);
        visit(x.whenFalse);
        return;
      default:
        return;
    }
  };
  visit(e);
  return out;
}

/** Whether an action (or an action it calls) may run `exit`. */
export function actionExits(action: Ir.Action | undefined, scope: Scope, depth = 0): boolean {
  if (action === undefined || depth > 8) return false;
  const visit = (body: readonly Ir.Stmt[]): boolean =>
    body.some((s) => {
      switch (s.kind) {
        case 'Exit':
          return true;
        case 'If':
          return visit(s.thenBody) || visit(s.elseBody);
        case 'Block':
          return visit(s.body);
        case 'Switch':
          return s.cases.some((c) => visit(c.body));
        case 'CallStmt':
          return (
            s.call.callee.kind === 'Action' && actionExits(findAction(scope, s.call.callee.name), scope, depth + 1)
          );
        default:
          return false;
      }
    });
  return visit(action.body);
}
