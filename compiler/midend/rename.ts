// The renaming an inlined block's body goes through: its locals, tables and actions take the
// instance's name as a prefix (`sub.t`, as p4c names them for the control plane), and its
// parameters and constructor parameters become the caller's arguments.

import type * as Ir from '../ir/nodes.js';
import { type IrRewriter, rewriteStmts } from '../ir/rewrite.js';
import { someStmt } from '../ir/visit.js';

export interface Renaming {
  /** Locals, tables and value sets of the callee → their names in the caller. */
  readonly locals: ReadonlyMap<string, string>;
  readonly actions: ReadonlyMap<string, string>;
  /** Parameters and constructor parameters → what replaces them. */
  readonly values: ReadonlyMap<string, Ir.Expr>;
}

/** A rewriter applying `r`; names in `shadowed` (an action's own parameters) stay as they are. */
export function renamer(r: Renaming, shadowed: ReadonlySet<string> = new Set()): IrRewriter {
  return {
    expr: (e) => {
      if (e.kind !== 'Ref' || shadowed.has(e.name)) return e;
      if (e.ref === 'parameter') return r.values.get(e.name) ?? e;
      if (e.ref === 'action') {
        const a = r.actions.get(e.name);
        return a === undefined ? e : { ...e, name: a };
      }
      const n = r.locals.get(e.name);
      return n === undefined ? e : { ...e, name: n };
    },
    action: (name) => r.actions.get(name) ?? name,
    valueSet: (name) => r.locals.get(name) ?? name,
  };
}

/** `base`, else `base_2`, `base_3`, … : the first name not in `taken` (which it joins). */
export function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

/** The constructor arguments of an instance, by constructor parameter name. */
export function ctorValues(params: readonly Ir.Param[], args: readonly (Ir.Expr | undefined)[]): Map<string, Ir.Expr> {
  const m = new Map<string, Ir.Expr>();
  params.forEach((p, i) => {
    const a = args[i];
    if (a !== undefined) m.set(p.name, a);
  });
  return m;
}

/**
 * `body` with its block-local variables (`VarDecl`) renamed `prefix + name`, so that once the
 * body is inlined they cannot capture or shadow the caller's names. Names in `keep` (the
 * callee's own locals and parameters, which a declaration could shadow) are left alone.
 */
export function prefixVarDecls(
  body: readonly Ir.Stmt[],
  prefix: string,
  keep: ReadonlySet<string>,
): readonly Ir.Stmt[] {
  const names = new Map<string, string>();
  someStmt(body, (s) => {
    if (s.kind === 'VarDecl' && !keep.has(s.variable.name)) names.set(s.variable.name, `${prefix}${s.variable.name}`);
    return false;
  });
  if (names.size === 0) return body;
  return rewriteStmts(body, {
    expr: (e) =>
      e.kind === 'Ref' && e.ref === 'variable' && names.has(e.name) ? { ...e, name: names.get(e.name) as string } : e,
    stmt: (s) =>
      s.kind === 'VarDecl' && names.has(s.variable.name)
        ? { ...s, variable: { ...s.variable, name: names.get(s.variable.name) as string } }
        : s,
  });
}
