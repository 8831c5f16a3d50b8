// Tables applied inside a larger expression (`x = t.apply().hit;`, `if (t.apply().hit && c)`):
// each apply becomes a table unit of its own that keeps its hit in a result local, and the
// expression is rewritten to read that local, so what remains is a gateway or a synthesized unit.

import { boolType } from '../../check/types.js';
import type * as Ir from '../../ir/nodes.js';
import { someExpr } from '../../ir/visit.js';

export interface HoistedApply {
  readonly table: string;
  /** The local the table's unit sets to its hit (`miss` reads it negated). */
  readonly result: Ir.Variable;
  /** The apply-free parts of the expression evaluated before this apply, in order. */
  readonly before: readonly Ir.Expr[];
}

export type Hoisting =
  | { readonly kind: 'hoisted'; readonly applies: readonly HoistedApply[]; readonly expr: Ir.Expr }
  | { readonly kind: 'unsupported'; readonly reason: string };

/** A fresh result local: `$` keeps it apart from every P4 name. */
export function resultVariable(table: string, n: number, span: Ir.Expr['span']): Ir.Variable {
  return { kind: 'Variable', name: `$${table}_hit${n === 0 ? '' : `_${n}`}`, type: boolType, init: undefined, span };
}

export function containsApply(e: Ir.Expr | undefined): boolean {
  return (
    e !== undefined && someExpr(e, (x) => x.kind === 'Call' && x.callee.kind === 'Apply' && x.callee.target === 'table')
  );
}

/**
 * Rewrites `e` so that every `t.apply().hit` / `.miss` reads a result local. A table applied
 * where it may not run (right of `&&` or `||`, an arm of `?:`) or used otherwise
 * (`action_run` outside a switch) is unsupported: its unit could not be unconditional.
 */
export function hoistApplies(e: Ir.Expr, fresh: (table: string, span: Ir.Expr['span']) => Ir.Variable): Hoisting {
  const applies: HoistedApply[] = [];
  const evaluated: Ir.Expr[] = [];
  let problem: string | undefined;
  const fail = (why: string, x: Ir.Expr): Ir.Expr => {
    problem ??= why;
    return x;
  };
  const visit = (x: Ir.Expr): Ir.Expr => {
    if (!containsApply(x)) {
      evaluated.push(x);
      return x;
    }
    switch (x.kind) {
      case 'Member': {
        const o = x.object;
        if (o.kind === 'Call' && o.callee.kind === 'Apply' && o.callee.target === 'table') {
          if (o.callee.object.kind !== 'Ref' || (x.member !== 'hit' && x.member !== 'miss'))
            return fail(`a table's ${x.member} used outside a switch`, x);
          const table = o.callee.object.name;
          const result = fresh(table, x.span);
          applies.push({ table, result, before: [...evaluated] });
          const ref: Ir.Expr = { kind: 'Ref', name: result.name, ref: 'variable', type: boolType, span: x.span };
          return x.member === 'hit' ? ref : { kind: 'Unary', op: '!', operand: ref, type: boolType, span: x.span };
        }
        return { ...x, object: visit(x.object) };
      }
      case 'Slice':
        return { ...x, object: visit(x.object) };
      case 'Index': {
        const object = visit(x.object);
        return { ...x, object, index: visit(x.index) };
      }
      case 'DynamicSlice': {
        const object = visit(x.object);
        return { ...x, object, base: visit(x.base) };
      }
      case 'Unary':
      case 'Cast':
        return { ...x, operand: visit(x.operand) };
      case 'Binary': {
        if ((x.op === '&&' || x.op === '||') && containsApply(x.right))
          return fail(`a table applied on the right of '${x.op}', where it runs only for some packets`, x);
        const left = visit(x.left);
        return { ...x, left, right: visit(x.right) };
      }
      case 'Mux': {
        if (containsApply(x.whenTrue) || containsApply(x.whenFalse))
          return fail("a table applied in an arm of '?:', where it runs only for some packets", x);
        return { ...x, condition: visit(x.condition) };
      }
      case 'List':
        return { ...x, elements: x.elements.map(visit) };
      case 'StructInit':
        return { ...x, fields: x.fields.map((f) => ({ name: f.name, value: visit(f.value) })) };
      case 'Call': {
        if (x.callee.kind === 'Apply') return fail("a table's apply result used as a value", x);
        const callee = x.callee.kind === 'Method' ? { ...x.callee, object: visit(x.callee.object) } : x.callee;
        return { ...x, callee, args: x.args.map((a) => (a === undefined ? a : visit(a))) };
      }
      default:
        return fail(`a table applied inside ${x.kind}`, x);
    }
  };
  const expr = visit(e);
  return problem === undefined ? { kind: 'hoisted', applies, expr } : { kind: 'unsupported', reason: problem };
}

/** Whether `e` is just the result local of one hoisted apply, maybe negated (`x = t.apply().hit`). */
export function isResultOnly(e: Ir.Expr, result: Ir.Variable): boolean {
  let x = e;
  while (x.kind === 'Unary' && x.op === '!') x = x.operand;
  return x.kind === 'Ref' && x.name === result.name;
}
