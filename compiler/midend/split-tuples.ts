// Pass `splitTuples`: a variable of a tuple type (`tuple<bit<48>, bit<48>> t = {a, f(b)};`)
// becomes one variable per element (`t.0`, `t.1`): `t[i]` reads element i, an assignment of a
// list or of another tuple variable assigns element by element (left to right, as P4 evaluates
// a list expression), and a whole-tuple use elsewhere reads the list of its elements. The code
// generator then sees scalars only.

import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type * as Ir from '../ir/nodes.js';
import { rewriteAction, rewriteControl, rewriteFunction, rewriteParser } from '../ir/rewrite.js';
import { refTo } from './bind-arguments.js';

type TupleType = Ir.Type & { kind: 'tuple' };

const elementName = (name: string, i: number) => `${name}.${i}`;

function elementVars(v: Ir.Variable, t: TupleType): Ir.Variable[] {
  const init = v.init?.kind === 'List' ? v.init.elements : undefined;
  return t.elements.map((et, i) => ({
    kind: 'Variable',
    name: elementName(v.name, i),
    type: et,
    init: init?.[i],
    span: v.span,
  }));
}

export function splitTuples(program: Ir.Program, _sink: DiagnosticSink): Ir.Program {
  // Tuple variables by name; a reference is split only when its type is a tuple too, so a
  // same-named variable of another type elsewhere is left alone.
  const tuples = new Map<string, TupleType>();
  const noteLocals = (locals: readonly Ir.Local[]) => {
    for (const l of locals) if (l.kind === 'Variable' && l.type.kind === 'tuple') tuples.set(l.name, l.type);
  };
  for (const c of program.controls) noteLocals(c.locals);
  for (const p of program.parsers) noteLocals(p.locals);
  let found = tuples.size > 0;
  const listOf = (name: string, t: TupleType, span: Ir.Expr['span']): Ir.Expr => ({
    kind: 'List',
    elements: t.elements.map((et, i) => refTo(elementName(name, i), et, span)),
    type: t,
    span,
  });
  const rewriter = {
    expr: (e: Ir.Expr): Ir.Expr => {
      if (e.kind === 'Ref' && e.ref === 'variable' && e.type.kind === 'tuple') {
        const t = tuples.get(e.name);
        return t === undefined ? e : listOf(e.name, t, e.span);
      }
      // `t[i]` once `t` is the list of its elements.
      if (
        e.kind === 'Index' &&
        e.object.kind === 'List' &&
        e.index.kind === 'Const' &&
        e.object.type.kind === 'tuple'
      ) {
        const i = Number(e.index.value as bigint);
        return e.object.elements[i] ?? e;
      }
      return e;
    },
    stmt: (s: Ir.Stmt): Ir.Stmt | readonly Ir.Stmt[] => {
      if (s.kind === 'VarDecl' && s.variable.type.kind === 'tuple') {
        const t = s.variable.type;
        tuples.set(s.variable.name, t);
        found = true;
        return elementVars(s.variable, t).map((variable) => ({ kind: 'VarDecl', variable, span: s.span }));
      }
      if (
        s.kind === 'Assign' &&
        s.target.kind === 'List' &&
        s.target.type.kind === 'tuple' &&
        s.value.kind === 'List'
      ) {
        const values = s.value.elements;
        return s.target.elements.map((target, i) => ({
          kind: 'Assign',
          target,
          value: values[i] as Ir.Expr,
          span: s.span,
        }));
      }
      return s;
    },
  };
  // A block-local tuple's declaration is met before its uses (the rewriter goes in order).
  const splitLocals = (locals: readonly Ir.Local[]): Ir.Local[] =>
    locals.flatMap((l) => (l.kind === 'Variable' && l.type.kind === 'tuple' ? elementVars(l, l.type) : [l]));
  const controls = program.controls.map((c) => {
    const r = rewriteControl(c, rewriter);
    return { ...r, locals: splitLocals(r.locals) };
  });
  const parsers = program.parsers.map((p) => {
    const r = rewriteParser(p, rewriter);
    return { ...r, locals: splitLocals(r.locals) };
  });
  const actions = program.actions.map((a) => rewriteAction(a, rewriter));
  const functions = program.functions.map((f) => rewriteFunction(f, rewriter));
  return found ? { ...program, controls, parsers, actions, functions } : program;
}
