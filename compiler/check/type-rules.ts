// Rules on written types that p4c applies after resolving them: what a type argument and a
// tuple element may be, a generic type never given itself as an argument, and generic
// structs and headers re-checked once specialized (their fields must still be legal).

import type * as Ast from '../parser/ast.js';
import type { Checker } from './context.js';
import { CheckMessages as M } from './messages.js';
import { isHeaderFieldType, printType, type StructLikeType, type Type } from './types.js';

/** The declaration a nominal type comes from, if it has one. */
function declOfType(t: Type): object | undefined {
  switch (t.kind) {
    case 'struct':
    case 'header':
    case 'headerUnion':
    case 'extern':
    case 'parser':
    case 'control':
    case 'package':
      return t.decl;
    default:
      return undefined;
  }
}

/** Whether `t` mentions the declaration `decl` anywhere inside (type arguments, elements, parameters). */
function mentions(t: Type, decl: object, seen: Set<Type>): boolean {
  if (seen.has(t)) return false;
  seen.add(t);
  if (declOfType(t) === decl) return true;
  switch (t.kind) {
    case 'struct':
    case 'header':
    case 'headerUnion':
      return (t.typeArgs ?? []).some((a) => mentions(a, decl, seen));
    case 'headerStack':
      return mentions(t.element, decl, seen);
    case 'tuple':
      return t.elements.some((e) => mentions(e, decl, seen));
    case 'list':
      return mentions(t.element, decl, seen);
    case 'extern':
    case 'package':
      return t.typeArgs.some((a) => mentions(a, decl, seen));
    case 'parser':
    case 'control':
      // A control taking the generic type as a parameter makes that type contain itself.
      return (
        t.typeArgs.some((a) => mentions(a, decl, seen)) ||
        t.applyParams.some((p) => mentions(p.type, decl, seen)) ||
        t.ctorParams.some((p) => mentions(p.type, decl, seen))
      );
    default:
      return false;
  }
}

/**
 * `G<A, B>`: no argument may contain `G` itself (p4c cannot build such a type), and struct
 * and header types only hold data, so parsers, controls and packages are no arguments of theirs.
 */
export function checkTypeArguments(
  cx: Checker,
  ref: Ast.SpecializedType,
  generic: Type,
  args: readonly Type[],
): boolean {
  const decl = declOfType(generic);
  for (const [i, a] of args.entries()) {
    const at = ref.args[i]?.span ?? ref.span;
    if (decl !== undefined && mentions(a, decl, new Set())) {
      cx.report(M.selfTypeArgument, at, ref.base.name.name);
      return false;
    }
    const structLike = generic.kind === 'struct' || generic.kind === 'header' || generic.kind === 'headerUnion';
    if (structLike && (a.kind === 'parser' || a.kind === 'control' || a.kind === 'package')) {
      cx.report(M.typeArgumentKind, at, `${a.kind} ${printType(a)}`);
      return false;
    }
  }
  return true;
}

/** Tuple elements are data: no parsers, controls, packages, externs, `void` or `_`. */
export function checkTupleElements(cx: Checker, ref: Ast.TupleType, elements: readonly Type[]): void {
  for (const [i, e] of elements.entries()) {
    const bad =
      e.kind === 'parser' ||
      e.kind === 'control' ||
      e.kind === 'package' ||
      e.kind === 'extern' ||
      e.kind === 'void' ||
      (e.kind === 'typeVar' && e.name === '_');
    if (bad) cx.report(M.tupleElement, ref.elements[i]?.span ?? ref.span, printType(e));
  }
}

/** Whether a field of type `t` is allowed in a struct-like type of kind `kind` (spec 7.2.2-7.2.5). */
export function fieldAllowed(kind: StructLikeType['kind'], t: Type, isData: (t: Type) => boolean): boolean {
  if (t.kind === 'typeVar' || t.kind === 'unknown') return true;
  if (kind === 'header') return isHeaderFieldType(t);
  if (kind === 'headerUnion') return t.kind === 'header';
  return isData(t);
}

/**
 * A generic struct, header or header union given its arguments: a field whose declared type
 * was a type variable must still be legal. p4c reports at the field's declaration, once.
 */
export function checkSpecializedFields(
  cx: Checker,
  generic: StructLikeType,
  specialized: StructLikeType,
  isData: (t: Type) => boolean,
): boolean {
  let ok = true;
  for (const [i, f] of specialized.fields.entries()) {
    const declared = generic.fields[i];
    if (declared === undefined || declared.type.kind !== 'typeVar' || declared.decl === undefined) continue;
    if (fieldAllowed(specialized.kind, f.type, isData)) continue;
    ok = false;
    const key = `${printType(f.type)}`;
    const reported = cx.reportedFieldTypes.get(declared.decl) ?? new Set<string>();
    if (reported.has(key)) continue;
    reported.add(key);
    cx.reportedFieldTypes.set(declared.decl, reported);
    const what = `${specialized.kind === 'headerUnion' ? 'header_union' : specialized.kind} '${generic.name}'`;
    cx.report(M.fieldType, declared.decl.type.span, what, f.name, printType(f.type));
  }
  return ok;
}

/** Whether the type variable `id` occurs in `t`. */
export function mentionsTypeVar(t: Type, id: number): boolean {
  switch (t.kind) {
    case 'typeVar':
      return t.id === id;
    case 'struct':
    case 'header':
    case 'headerUnion':
      return (t.typeArgs ?? []).some((a) => mentionsTypeVar(a, id));
    case 'headerStack':
    case 'list':
      return mentionsTypeVar(t.element, id);
    case 'tuple':
      return t.elements.some((e) => mentionsTypeVar(e, id));
    case 'extern':
    case 'package':
      return t.typeArgs.some((a) => mentionsTypeVar(a, id));
    case 'parser':
    case 'control':
      return (
        t.typeArgs.some((a) => mentionsTypeVar(a, id)) ||
        t.applyParams.some((p) => mentionsTypeVar(p.type, id)) ||
        t.ctorParams.some((p) => mentionsTypeVar(p.type, id))
      );
    default:
      return false;
  }
}
