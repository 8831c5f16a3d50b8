// Pass `inlineFunctions`: calls of the program's own (non-extern) functions are replaced by
// their bodies (P4 spec §10: arguments by copy-in/copy-out), so the code generator never sees
// a function where it can avoid one. A function whose body is `return e;` with `in` parameters becomes `e` wherever it
// is called, its parameters replaced by the arguments (when these have no calls, so evaluating
// them once or several times is the same). A call statement becomes a block: copy-in, the body
// (a `return` sets a flag guarding the rest), copy-out; `x = f(...)` and `T x = f(...)` go
// through a result local the same way. Functions no call reaches any more are dropped.

import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type * as Ir from '../ir/nodes.js';
import {
  type IrRewriter,
  rewriteAction,
  rewriteControl,
  rewriteExpr,
  rewriteFunction,
  rewriteParser,
  rewriteStmts,
} from '../ir/rewrite.js';
import { someExpr, someStmt, visitControl, visitParser, visitStmts } from '../ir/visit.js';
import type { Span } from '../source/span.js';
import { bindArguments, refTo } from './bind-arguments.js';
import { removeReturns } from './remove-returns.js';
import { prefixVarDecls, renamer, uniqueName } from './rename.js';

const hasCall = (e: Ir.Expr) => someExpr(e, (x) => x.kind === 'Call');

function userCall(e: Ir.Expr, fns: ReadonlyMap<string, Ir.Function>): Ir.Function | undefined {
  return e.kind === 'Call' && e.callee.kind === 'Function' && !e.callee.isExtern ? fns.get(e.callee.name) : undefined;
}

export function inlineFunctions(program: Ir.Program, _sink: DiagnosticSink): Ir.Program {
  if (program.functions.length === 0) return program;
  const fns = new Map(program.functions.map((f) => [f.name, f]));
  const taken = new Set<string>();
  let counter = 0;

  /** `f(args)` as an expression, for a function that is one `return` of `in` parameters. */
  const asExpression = (call: Ir.Call, f: Ir.Function): Ir.Expr | undefined => {
    const only = f.body.length === 1 ? f.body[0] : undefined;
    if (only?.kind !== 'Return' || only.value === undefined) return undefined;
    if (f.params.some((p) => p.direction === 'out' || p.direction === 'inout')) return undefined;
    if (call.args.some((a) => a !== undefined && hasCall(a))) return undefined;
    // A struct or header value written in place (`{ ... }`) cannot stand where the body takes
    // its members: such a call goes through a local like any other.
    const aggregate = (t: Ir.Type) =>
      t.kind === 'struct' || t.kind === 'header' || t.kind === 'headerUnion' || t.kind === 'headerStack';
    const path = (a: Ir.Expr) => a.kind === 'Ref' || a.kind === 'Member' || a.kind === 'Index';
    if (f.params.some((p, i) => aggregate(p.type) && call.args[i] !== undefined && !path(call.args[i] as Ir.Expr)))
      return undefined;
    const values = new Map<string, Ir.Expr>();
    f.params.forEach((p, i) => {
      const a = call.args[i];
      if (a !== undefined) values.set(p.name, a);
    });
    return rewriteExpr(only.value, renamer({ locals: new Map(), actions: new Map(), values }));
  };

  /** The statements that run `call` and, if `result` is given, assign its value to it. */
  const asStatements = (call: Ir.Call, f: Ir.Function, result: Ir.Expr | undefined, span: Span): Ir.Stmt[] => {
    const n = ++counter;
    const prefix = `${f.name}.${n}.`;
    const b = bindArguments(f.params, call.args, (x) => uniqueName(`${prefix}${x}`, taken), span);
    const decls: Ir.Stmt[] = b.temps.map((v) => ({ kind: 'VarDecl', variable: v, span }));
    let body = prefixVarDecls(f.body, prefix, new Set(f.params.map((p) => p.name)));
    body = rewriteStmts(body, renamer({ locals: new Map(), actions: new Map(), values: b.subst }));
    if (result !== undefined)
      body = rewriteStmts(body, {
        stmt: (s) =>
          s.kind === 'Return' && s.value !== undefined
            ? [
                { kind: 'Assign', target: result, value: s.value, span: s.span },
                { kind: 'Return', value: undefined, span: s.span },
              ]
            : s,
      });
    if (someStmt(body, (s) => s.kind === 'Return')) {
      const flag = uniqueName(`${prefix}returned`, taken);
      decls.push({
        kind: 'VarDecl',
        variable: { kind: 'Variable', name: flag, type: { kind: 'bool' }, init: undefined, span },
        span,
      });
      body = removeReturns(body, flag, span);
    }
    return [...decls, ...b.copyIn, ...body, ...b.copyOut];
  };

  const rewriter: IrRewriter = {
    expr: (e) => {
      const f = userCall(e, fns);
      return f === undefined ? e : (asExpression(e as Ir.Call, f) ?? e);
    },
    stmt: (s) => {
      if (s.kind === 'CallStmt') {
        const f = userCall(s.call, fns);
        return f === undefined ? s : { kind: 'Block', body: asStatements(s.call, f, undefined, s.span), span: s.span };
      }
      if (s.kind === 'Assign') {
        const f = userCall(s.value, fns);
        if (f === undefined || hasCall(s.target)) return s;
        const result = uniqueName(`${f.name}.result`, taken);
        const ref = refTo(result, s.value.type, s.span);
        const decl: Ir.Stmt = {
          kind: 'VarDecl',
          variable: { kind: 'Variable', name: result, type: s.value.type, init: undefined, span: s.span },
          span: s.span,
        };
        const run = asStatements(s.value as Ir.Call, f, ref, s.span);
        return {
          kind: 'Block',
          body: [decl, ...run, { kind: 'Assign', target: s.target, value: ref, span: s.span }],
          span: s.span,
        };
      }
      if (s.kind === 'VarDecl' && s.variable.init !== undefined) {
        const f = userCall(s.variable.init, fns);
        if (f === undefined) return s;
        const v = s.variable;
        const ref = refTo(v.name, v.type, s.span);
        return [{ ...s, variable: { ...v, init: undefined } }, ...asStatements(v.init as Ir.Call, f, ref, s.span)];
      }
      return s;
    },
  };

  // Functions calling functions: a few rounds flatten any depth (a recursive call is an error).
  let ir = program;
  for (let round = 0; round < 8; round++) {
    const functions = ir.functions.map((f) => rewriteFunction(f, rewriter));
    for (const f of functions) fns.set(f.name, f);
    const next: Ir.Program = {
      ...ir,
      functions,
      actions: ir.actions.map((a) => rewriteAction(a, rewriter)),
      parsers: ir.parsers.map((p) => rewriteParser(p, rewriter)),
      controls: ir.controls.map((c) => rewriteControl(c, rewriter)),
    };
    const same =
      next.functions.every((f, i) => f === ir.functions[i]) &&
      next.actions.every((a, i) => a === ir.actions[i]) &&
      next.parsers.every((p, i) => p === ir.parsers[i]) &&
      next.controls.every((c, i) => c === ir.controls[i]);
    ir = same ? ir : next;
    if (same) break;
  }
  // Drop the functions nothing calls any more. A call that stayed (inside an expression whose
  // evaluation order inlining would change, such as the right operand of `||`) keeps its
  // function: the code generator emits it as one function with copy-in/copy-out.
  const called = new Set<string>();
  const note: Parameters<typeof visitStmts>[1] = {
    expr: (e) => {
      if (e.kind === 'Call' && e.callee.kind === 'Function' && fns.has(e.callee.name)) called.add(e.callee.name);
      return undefined;
    },
  };
  for (const a of ir.actions) visitStmts(a.body, note);
  for (const p of ir.parsers) visitParser(p, note);
  for (const c of ir.controls) visitControl(c, note);
  return { ...ir, functions: ir.functions.filter((f) => called.has(f.name)) };
}
