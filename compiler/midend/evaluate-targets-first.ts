// Pass `evaluateTargetsFirst`: the run-time indices of an assignment's target (`h.h[i].a = …`,
// `hdr.rest[f() & 7].x |= …`) are computed into locals before the right-hand side runs, so a
// call on the right that writes what an index reads, or a call inside an index, behaves as
// P4 orders it (spec §8.2: an l-value is evaluated before the value; a compound assignment
// evaluates its target once). Later passes (inlining) then cannot move or repeat them.

import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type * as Ir from '../ir/nodes.js';
import { rewriteAction, rewriteControl, rewriteExpr, rewriteFunction, rewriteParser } from '../ir/rewrite.js';
import { someExpr } from '../ir/visit.js';
import { refTo } from './bind-arguments.js';

const hasCall = (e: Ir.Expr) => someExpr(e, (x) => x.kind === 'Call');

/** A call that can write a variable: a parameter passed `out` or `inout` (functions, actions, externs). */
const writesThroughArgument = (e: Ir.Expr) =>
  someExpr(e, (x) => x.kind === 'Call' && x.params.some((p) => p.direction === 'out' || p.direction === 'inout'));

/** The run-time index expressions along the target's path, in evaluation (left-to-right) order. */
function targetIndices(target: Ir.Expr): Ir.Expr[] {
  const out: Ir.Expr[] = [];
  for (let e = target; ; ) {
    if (e.kind === 'Index') {
      if (e.index.kind !== 'Const') out.push(e.index);
      e = e.object;
    } else if (e.kind === 'DynamicSlice') {
      out.push(e.base);
      e = e.object;
    } else if (e.kind === 'Member' || e.kind === 'Slice') e = e.object;
    else return out.reverse();
  }
}

export function evaluateTargetsFirst(program: Ir.Program, _sink: DiagnosticSink): Ir.Program {
  let counter = 0;
  const rewriter = {
    stmt: (s: Ir.Stmt): Ir.Stmt | readonly Ir.Stmt[] => {
      if (s.kind !== 'Assign') return s;
      const indices = targetIndices(s.target);
      if (indices.length === 0) return s;
      if (!indices.some(hasCall) && !writesThroughArgument(s.value)) return s;
      const temps = new Map<Ir.Expr, Ir.Expr>();
      const decls: Ir.Stmt[] = indices.map((index) => {
        const name = `lvalue.${++counter}`;
        temps.set(index, refTo(name, index.type, index.span));
        return {
          kind: 'VarDecl',
          variable: { kind: 'Variable', name, type: index.type, init: index, span: index.span },
          span: s.span,
        };
      });
      // A compound assignment's lowering shares the target object with the value's left
      // operand, so replacing by identity rewrites both and the index runs once.
      const swap = { expr: (e: Ir.Expr) => temps.get(e) ?? e };
      const assign: Ir.Stmt = { ...s, target: rewriteExpr(s.target, swap), value: rewriteExpr(s.value, swap) };
      return [{ kind: 'Block', body: [...decls, assign], span: s.span }];
    },
  };
  const next: Ir.Program = {
    ...program,
    functions: program.functions.map((f) => rewriteFunction(f, rewriter)),
    actions: program.actions.map((a) => rewriteAction(a, rewriter)),
    parsers: program.parsers.map((p) => rewriteParser(p, rewriter)),
    controls: program.controls.map((c) => rewriteControl(c, rewriter)),
  };
  return counter === 0 ? program : next;
}
