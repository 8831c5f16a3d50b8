// Pass `specializeGenericControls`: a control with type parameters (`control Run<T>(in T x)`)
// instantiated with type arguments (`Run<bit<19>>() r;`) becomes a copy of that control in
// which every type variable is its argument (P4 spec §7.2.12 / §15: generic blocks are
// specialized at instantiation), so the passes after it and the code generator see concrete
// types (a `DirectLpf<T>` inside becomes a `DirectLpf<bit<19>>`). One copy per distinct list
// of type arguments, named `Run_2`, `Run_3`, …; the instance then names its copy.

import { printType, type Type } from '../check/types.js';
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type * as Ir from '../ir/nodes.js';
import { uniqueName } from './rename.js';

type TypeVarId = number;

/**
 * `x` with every type variable in `map` replaced, copying only what changes. Fields named
 * `decl` (the declaration a type came from) are left as they are; shared objects are
 * rewritten once.
 */
function substitute<T>(x: T, map: ReadonlyMap<TypeVarId, Type>, seen: Map<object, unknown>): T {
  if (x === null || typeof x !== 'object') return x;
  if (x instanceof Map || x instanceof Set) return x;
  const done = seen.get(x);
  if (done !== undefined) return done as T;
  const o = x as Record<string, unknown>;
  if (o.kind === 'typeVar' && typeof o.id === 'number') {
    const to = map.get(o.id);
    if (to !== undefined) return to as T;
  }
  seen.set(x, x);
  let changed = false;
  const out: unknown = Array.isArray(x)
    ? x.map((v) => {
        const n = substitute(v, map, seen);
        if (n !== v) changed = true;
        return n;
      })
    : Object.fromEntries(
        Object.entries(o).map(([k, v]) => {
          if (k === 'decl') return [k, v];
          const n = substitute(v, map, seen);
          if (n !== v) changed = true;
          return [k, n];
        }),
      );
  const result = (changed ? out : x) as T;
  seen.set(x, result);
  return result;
}

function typeVarsOf(t: Type): { params: readonly { id: number }[]; args: readonly Type[] } | undefined {
  if (t.kind !== 'control') return undefined;
  return { params: t.typeParams, args: t.typeArgs };
}

export function specializeGenericControls(program: Ir.Program, _sink: DiagnosticSink): Ir.Program {
  const byName = new Map(program.controls.map((c) => [c.name, c]));
  const taken = new Set([...program.controls.map((c) => c.name), ...program.parsers.map((p) => p.name)]);
  const copies = new Map<string, string>();
  const added: Ir.Control[] = [];

  const copyFor = (inst: Ir.Instance): string | undefined => {
    const tv = typeVarsOf(inst.type);
    const decl = byName.get(inst.typeName);
    if (tv === undefined || decl === undefined || tv.params.length === 0) return undefined;
    if (tv.args.length !== tv.params.length) return undefined;
    const key = `${inst.typeName}<${tv.args.map(printType).join(', ')}>`;
    const known = copies.get(key);
    if (known !== undefined) return known;
    const map = new Map<TypeVarId, Type>(tv.params.map((p, i) => [p.id, tv.args[i] as Type]));
    const name = uniqueName(inst.typeName, taken);
    copies.set(key, name);
    const copy = substitute(decl, map, new Map());
    const specialized: Ir.Control = { ...copy, name };
    added.push(specialized);
    byName.set(name, specialized);
    return name;
  };

  const rewriteLocals = (c: Ir.Control): Ir.Control => {
    let changed = false;
    const locals = c.locals.map((l) => {
      if (l.kind !== 'Instance' || l.type.kind !== 'control') return l;
      const name = copyFor(l);
      if (name === undefined) return l;
      changed = true;
      return { ...l, typeName: name, type: { ...l.type, name } };
    });
    return changed ? { ...c, locals } : c;
  };

  let controls = program.controls.map(rewriteLocals);
  // Copies may instantiate generic controls in turn.
  for (let i = 0; i < added.length; i++) {
    const a = added[i] as Ir.Control;
    const r = rewriteLocals(a);
    added[i] = r;
    byName.set(r.name, r);
  }
  if (added.length === 0) return program;
  controls = [...controls, ...added];
  return { ...program, controls };
}
