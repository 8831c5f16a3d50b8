// The renaming an inlined block's body goes through: its locals, tables and actions take the
// instance's name as a prefix (`sub.t`, as p4c names them for the control plane), and its
// parameters and constructor parameters become the caller's arguments.

import type * as Ir from '../ir/nodes.js';
import type { IrRewriter } from '../ir/rewrite.js';

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
