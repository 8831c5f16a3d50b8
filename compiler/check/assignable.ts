// When a value of one type may stand where another is expected, binding type variables on
// the way (inference for generic externs, functions and packages). Pure: the checker reports.
// Implicit conversions (spec 8.11.2): an `int` to bit<W>/int<W>, a serializable enum to its
// underlying type, `{#}` to a header, and list or struct expressions to structured types.

import { type Param, sameType, type Type } from './types.js';

export type Bindings = Map<number, Type>;

/**
 * Whether `from` may be used where `to` is expected. Type variables of `to` that `bindings`
 * does not bind yet are bound (so call it with a scratch copy to try an overload). `exact`
 * allows no implicit conversion (out and inout arguments, parser and control parameters).
 */
export function assignable(from: Type, to: Type, bindings?: Bindings, exact = false): boolean {
  if (from.kind === 'unknown' || to.kind === 'unknown' || from.kind === 'dontCare') return true;
  if (to.kind === 'typeVar' && bindings !== undefined) {
    const bound = bindings.get(to.id);
    if (bound === undefined) {
      if (!(from.kind === 'typeVar' && from.id === to.id)) bindings.set(to.id, from);
      return true;
    }
    // An int seen first gives way to the fixed-width type seen later (max(x, 1)).
    if (bound.kind === 'infint' && (from.kind === 'bit' || from.kind === 'int')) {
      bindings.set(to.id, from);
      return true;
    }
    if (from.kind === 'infint' && (bound.kind === 'bit' || bound.kind === 'int')) return true;
    return assignable(from, bound, bindings, exact);
  }
  // A generic block instantiated without type arguments (`p1()` for `simple n`) takes them from its use.
  if (from.kind === 'typeVar' && bindings !== undefined && to.kind !== 'typeVar') {
    const bound = bindings.get(from.id);
    if (bound === undefined) {
      bindings.set(from.id, to);
      return true;
    }
    return assignable(bound, to, bindings, exact);
  }
  if (sameType(from, to) && !containsVars(to)) return true;
  switch (to.kind) {
    case 'bit':
    case 'int':
      if (exact) return false;
      return from.kind === 'infint' || (from.kind === 'serEnum' && sameType(from.underlying, to));
    case 'header':
    case 'headerUnion':
      if (from.kind === 'invalidHeader') return true;
      return structuredFrom(from, to, bindings, exact);
    case 'struct':
      return structuredFrom(from, to, bindings, exact);
    case 'tuple':
      return (
        from.kind === 'tuple' &&
        (from.elements.length === to.elements.length ||
          (from.partial === true && from.elements.length <= to.elements.length)) &&
        from.elements.every((e, i) => assignable(e, to.elements[i] as Type, bindings, exact))
      );
    case 'list':
      if (from.kind === 'tuple') return from.elements.every((e) => assignable(e, to.element, bindings, exact));
      return from.kind === 'list' && assignable(from.element, to.element, bindings, true);
    case 'headerStack':
      if (from.kind === 'tuple')
        return (
          (from.elements.length === to.size || (from.partial === true && from.elements.length <= to.size)) &&
          from.elements.every((e) => assignable(e, to.element, bindings, exact))
        );
      return (
        from.kind === 'headerStack' && from.size === to.size && assignable(from.element, to.element, bindings, true)
      );
    case 'extern':
      if (from.kind !== 'extern' || from.decl !== to.decl) return false;
      return typeArgsMatch(from.typeArgs, to.typeArgs, bindings);
    case 'package':
      if (from.kind !== 'package' || from.decl !== to.decl) return false;
      return typeArgsMatch(from.typeArgs, to.typeArgs, bindings);
    case 'parser':
    case 'control':
      if (from.kind !== to.kind) return false;
      if (from.decl === to.decl) return typeArgsMatch(from.typeArgs, to.typeArgs, bindings);
      return applyParamsMatch(from.applyParams, to.applyParams, bindings);
    case 'valueSet':
      return from.kind === 'valueSet' && assignable(from.element, to.element, bindings, true);
    case 'newtype':
      // An integer literal where a `type T` over bit<W>/int<W> is expected: p4c's assignment
      // rule inserts an implicit cast (a `type` is otherwise converted only by explicit casts,
      // spec 7.6); p4c's pins and PSA samples write `const vrf_id_t kDefaultVrf = 0`.
      return !exact && from.kind === 'infint' && newtypeScalar(to) !== undefined;
    case 'infint':
      // A sized constant may initialise an `int` (const int z = 2w1).
      return from.kind === 'infint' || (!exact && (from.kind === 'bit' || from.kind === 'int'));
    default:
      return sameType(from, to);
  }
}

/** The bit<W> or int<W> beneath a `type` (through `type`s and typedef'd newtypes), if any. */
export function newtypeScalar(t: Type): (Type & { kind: 'bit' | 'int' }) | undefined {
  let b: Type = t;
  while (b.kind === 'newtype') b = b.base;
  return b.kind === 'bit' || b.kind === 'int' ? b : undefined;
}

/** A list or struct expression (or a same-named struct) where a struct or header is expected. */
function structuredFrom(
  from: Type,
  to: Type & { kind: 'struct' | 'header' | 'headerUnion' },
  b: Bindings | undefined,
  exact: boolean,
): boolean {
  if (from.kind === to.kind && from.name !== '' && from.decl === to.decl) {
    const fa = from.typeArgs ?? [];
    const ta = to.typeArgs ?? [];
    return fa.length === ta.length && fa.every((a, i) => assignable(a, ta[i] as Type, b, true));
  }
  if (exact || to.kind === 'headerUnion') return false;
  if (from.kind === 'tuple') {
    const sizeOk =
      from.elements.length === to.fields.length || (from.partial === true && from.elements.length <= to.fields.length);
    return sizeOk && from.elements.every((e, i) => assignable(e, (to.fields[i] as { type: Type }).type, b));
  }
  if (from.kind === 'struct' && from.name === '') {
    if (from.fields.length !== to.fields.length && from.partial !== true) return false;
    return from.fields.every((f) => {
      const target = to.fields.find((g) => g.name === f.name);
      return target !== undefined && assignable(f.type, target.type, b);
    });
  }
  return false;
}

function typeArgsMatch(from: readonly Type[], to: readonly Type[], b: Bindings | undefined): boolean {
  if (to.length === 0 || from.length === 0) return true;
  return from.length === to.length && from.every((a, i) => assignable(a, to[i] as Type, b, true));
}

/**
 * A parser or control given for a parameter of a parser or control type: parameters match by
 * position, with the same direction and exactly the same type; trailing `@optional`
 * parameters of the type may be left out (TNA's intrinsic metadata).
 */
export function applyParamsMatch(from: readonly Param[], to: readonly Param[], b: Bindings | undefined): boolean {
  if (from.length > to.length) return false;
  return to.every((p, i) => {
    const q = from[i];
    if (q === undefined) return p.optional || p.defaultValue !== undefined;
    return q.direction === p.direction && assignable(q.type, p.type, b, true);
  });
}

function containsVars(t: Type): boolean {
  switch (t.kind) {
    case 'typeVar':
      return true;
    case 'tuple':
      return t.elements.some(containsVars);
    case 'list':
      return containsVars(t.element);
    case 'headerStack':
      return containsVars(t.element);
    case 'extern':
    case 'package':
    case 'parser':
    case 'control':
      return t.typeArgs.some(containsVars);
    case 'struct':
    case 'header':
    case 'headerUnion':
      return (t.typeArgs ?? []).some(containsVars);
    default:
      return false;
  }
}
