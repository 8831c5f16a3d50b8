// Typing of expressions: records each expression's type in `typeOf` and, for compile-time
// constants, its value in `valueOf`. An `int` constant used where bit<W> or int<W> is expected
// is given that type (and its value wrapped), so later phases see concrete types only.

import type * as Ast from '../parser/ast.js';
import { assignable, type Bindings, newtypeScalar } from './assignable.js';
import { walkAst } from './ast-walk.js';
import { checkIndex, checkMember, checkSlice } from './check-access.js';
import { checkCall } from './check-call.js';
import { checkConstructorCall } from './check-instance.js';
import { checkBinary, checkCast, checkUnary } from './check-operators.js';
import { type ConstValue, fitsInWidth, printConst, wrapInt } from './const-fold.js';
import type { Checker } from './context.js';
import { CheckMessages as M } from './messages.js';
import { type Decl, isTypeDecl } from './scopes.js';
import {
  bitType,
  boolType,
  dontCareType,
  fieldOf,
  infIntType,
  intType,
  invalidHeaderType,
  isStructLike,
  matchKindType,
  printType,
  type StructLikeType,
  stateType,
  stringType,
  type Type,
  unknownType,
} from './types.js';

export function checkExpression(cx: Checker, e: Ast.Expression, expected?: Type): Type {
  const t = checkUncached(cx, e, expected);
  cx.typeOf.set(e, t);
  return t;
}

function checkUncached(cx: Checker, e: Ast.Expression, expected: Type | undefined): Type {
  switch (e.kind) {
    case 'IntegerLiteral':
      return checkIntegerLiteral(cx, e);
    case 'BooleanLiteral':
      cx.valueOf.set(e, e.value);
      return boolType;
    case 'StringLiteral':
      cx.valueOf.set(e, e.value);
      return stringType;
    case 'PathExpression':
      return checkPath(cx, e);
    case 'TypeNameExpression':
      cx.report(M.notAValue, e.span, typeRefName(e.type), 'a type');
      return unknownType;
    case 'ThisExpression':
      if (cx.env.thisType === undefined) {
        cx.report(M.thisOutside, e.span);
        return unknownType;
      }
      return cx.env.thisType;
    case 'DontCareExpression':
      return dontCareType;
    case 'InvalidExpression':
      return invalidHeaderType;
    case 'DotsExpression':
      // `...` alone is the default value of the type the context expects (P4 1.2.5).
      if (expected !== undefined && expected.kind !== 'typeVar') {
        const v = defaultValueOf(expected);
        if (v !== undefined) cx.valueOf.set(e, v);
        return expected;
      }
      cx.report(M.notAllowedHere, e.span, describeKeyset(e), 'without a type from context');
      return unknownType;
    case 'DefaultExpression':
    case 'MaskExpression':
    case 'RangeExpression':
    case 'TupleKeysetExpression':
      cx.report(M.notAllowedHere, e.span, describeKeyset(e), 'outside a keyset');
      return unknownType;
    case 'MemberExpression':
      return checkMember(cx, e);
    case 'IndexExpression':
      return checkIndex(cx, e);
    case 'SliceExpression':
      return checkSlice(cx, e);
    case 'CallExpression':
      return checkCall(cx, e);
    case 'ConstructorCallExpression':
      return checkConstructorCall(cx, e);
    case 'UnaryExpression':
      return checkUnary(cx, e);
    case 'BinaryExpression':
      return checkBinary(cx, e);
    case 'ConditionalExpression':
      return checkConditional(cx, e, expected);
    case 'CastExpression':
      return checkCast(cx, e);
    case 'ListExpression':
      return checkList(cx, e, expected);
    case 'StructExpression':
      return checkStructExpression(cx, e, expected);
  }
  // A placeholder the parser left while recovering from a syntax error (reported there).
  return unknownType;
}

/** An action's arguments are evaluated when it is called: applying a table there is not supported (p4c). */
export function checkNoTableApplyIn(cx: Checker, args: readonly Ast.Argument[]): void {
  walkAst(args, (n) => {
    const call = cx.calls.get(n);
    if (n.kind !== 'CallExpression' || call?.target.kind !== 'apply' || call.target.instance.kind !== 'table')
      return true;
    cx.report(M.tableApplyNotAllowed, n.span, "an action's argument");
    return false;
  });
}

/** The value `...` stands for when the type has a simple one (zero, false). */
function defaultValueOf(t: Type): ConstValue | undefined {
  switch (t.kind) {
    case 'bit':
    case 'int':
    case 'infint':
      return 0n;
    case 'bool':
      return false;
    default:
      return undefined;
  }
}

export function describeKeyset(e: Ast.Expression): string {
  switch (e.kind) {
    case 'DotsExpression':
      return "'...'";
    case 'DefaultExpression':
      return "'default'";
    case 'MaskExpression':
      return 'a mask (&&&)';
    case 'RangeExpression':
      return 'a range (..)';
    default:
      return 'a keyset';
  }
}

export function typeRefName(t: Ast.TypeRef): string {
  switch (t.kind) {
    case 'BaseType':
      return t.name;
    case 'TypeName':
      return t.name.name;
    case 'SpecializedType':
      return t.base.name.name;
    default:
      return 'type';
  }
}

/** The widest bit<W> we accept (the same bound as for written types). */
export const maxWidth = 2048 * 1024;

function checkIntegerLiteral(cx: Checker, e: Ast.IntegerLiteral): Type {
  if (e.width === undefined) {
    cx.valueOf.set(e, e.value);
    return infIntType;
  }
  if ((e.signed && e.width === 0) || !Number.isSafeInteger(e.width) || e.width > maxWidth) {
    cx.report(M.widthInvalid, e.span, e.signed ? 'int' : 'bit', String(e.width));
    return unknownType;
  }
  const t = e.signed ? intType(e.width) : bitType(e.width);
  const wrapped = wrapInt(e.value, t);
  if (!fitsInWidth(e.value, t)) cx.report(M.overflow, e.span, e.value.toString(), printType(t), wrapped.toString());
  cx.valueOf.set(e, wrapped);
  return t;
}

/** The declaration a value name refers to: the first non-type declaration found. */
function checkPath(cx: Checker, e: Ast.PathExpression): Type {
  // Inside a table its own name is the table (declared before its properties, as in p4c).
  if (cx.env.table !== undefined && !e.global && e.name.name === cx.env.table.name.name) {
    cx.report(M.tableSelfReference, e.span, e.name.name);
    return unknownType;
  }
  const found = cx.lookup(e.name, e.global);
  if (found === undefined) return unknownType;
  const decl = found.find((d) => !isTypeDecl(d) || d.kind === 'ParserDeclaration' || d.kind === 'ControlDeclaration');
  if (decl === undefined || decl.kind === 'ParserDeclaration' || decl.kind === 'ControlDeclaration') {
    cx.report(M.notAValue, e.span, e.name.name, 'a type');
    return unknownType;
  }
  cx.declOf.set(e, decl);
  return typeOfValueDecl(cx, decl, e);
}

export function typeOfValueDecl(cx: Checker, decl: Decl, use: Ast.Expression): Type {
  switch (decl.kind) {
    case 'ConstantDeclaration': {
      const v = cx.valueOfDecl.get(decl);
      if (v !== undefined) cx.valueOf.set(use, v);
      return cx.typeOfDecl.get(decl) ?? unknownType;
    }
    case 'MatchKindMember':
      cx.valueOf.set(use, { kind: 'member', typeName: 'match_kind', member: decl.name.name });
      return matchKindType;
    case 'ParserState':
    case 'BuiltinState':
      return stateType;
    default:
      return cx.typeOfDecl.get(decl) ?? unknownType;
  }
}

function checkConditional(cx: Checker, e: Ast.ConditionalExpression, expected: Type | undefined): Type {
  checkCondition(cx, e.condition);
  let a = checkExpression(cx, e.whenTrue, expected);
  let b = checkExpression(cx, e.whenFalse, expected);
  if (
    a.kind === 'infint' &&
    b.kind === 'infint' &&
    expected !== undefined &&
    (expected.kind === 'bit' || expected.kind === 'int')
  ) {
    a = coerce(cx, e.whenTrue, a, expected);
    b = coerce(cx, e.whenFalse, b, expected);
  }
  if (a.kind === 'infint' && (b.kind === 'bit' || b.kind === 'int')) a = coerce(cx, e.whenTrue, a, b);
  if (b.kind === 'infint' && (a.kind === 'bit' || a.kind === 'int')) b = coerce(cx, e.whenFalse, b, a);
  if (
    expected !== undefined &&
    (isStructLike(expected) || expected.kind === 'tuple') &&
    a.kind === 'tuple' &&
    b.kind === 'tuple' &&
    assignable(a, expected) &&
    assignable(b, expected)
  ) {
    // `c ? {1, 2} : {3, 4}` where a struct is expected: both lists become that struct.
    cx.implicitCasts.set(e.whenTrue, expected);
    cx.implicitCasts.set(e.whenFalse, expected);
    return expected;
  }
  const c = cx.valueOf.get(e.condition);
  if (typeof c === 'boolean') {
    const v = cx.valueOf.get(c ? e.whenTrue : e.whenFalse);
    if (v !== undefined) cx.valueOf.set(e, v);
  } else if (a.kind === 'infint' && b.kind === 'infint') {
    cx.report(M.cannotInferWidth, e.span, 'a conditional expression');
    return unknownType;
  }
  if (!assignable(b, a, undefined, true) && !assignable(a, b, undefined, true)) {
    cx.report(M.operandMismatch, e.span, '?:', printType(a), printType(b));
    return unknownType;
  }
  return a.kind === 'invalidHeader' || a.kind === 'dontCare' ? b : a;
}

export function checkCondition(cx: Checker, e: Ast.Expression): void {
  const t = checkExpression(cx, e, boolType);
  if (t.kind !== 'bool' && t.kind !== 'unknown') cx.report(M.conditionNotBool, e.span, printType(t));
}

function checkList(cx: Checker, e: Ast.ListExpression, expected: Type | undefined): Type {
  const last = e.elements[e.elements.length - 1];
  const partial = last?.kind === 'DotsExpression';
  const given = partial ? e.elements.slice(0, -1) : e.elements;
  const targets = elementTargets(expected, given.length, partial);
  const elements = given.map((el, i) => {
    const target = targets?.[i];
    return target !== undefined ? checkExpressionAs(cx, el, target) : checkExpression(cx, el);
  });
  const type: Type = partial ? { kind: 'tuple', elements, partial } : { kind: 'tuple', elements };
  const values: ConstValue[] = [];
  for (const el of given) {
    const v = cx.valueOf.get(el);
    if (v === undefined || partial) return type;
    values.push(v);
  }
  cx.valueOf.set(e, { kind: 'list', elements: values });
  return type;
}

/** The types a list expression's elements are expected to have, when the context says. */
function elementTargets(expected: Type | undefined, count: number, partial: boolean): readonly Type[] | undefined {
  if (expected === undefined) return undefined;
  const fits = (n: number) => n === count || (partial && count <= n);
  switch (expected.kind) {
    case 'struct':
    case 'header':
      return fits(expected.fields.length) ? expected.fields.map((f) => f.type) : undefined;
    case 'tuple':
      return fits(expected.elements.length) ? expected.elements : undefined;
    case 'list':
      return new Array<Type>(count).fill(expected.element);
    case 'headerStack':
      return fits(expected.size) ? new Array<Type>(count).fill(expected.element) : undefined;
    default:
      return undefined;
  }
}

function checkStructExpression(cx: Checker, e: Ast.StructExpression, expected: Type | undefined): Type {
  const seen = new Set<string>();
  const fields = [];
  const values = new Map<string, ConstValue>();
  let allConst = true;
  for (const f of e.fields) {
    if (seen.has(f.name.name)) cx.report(M.duplicateMember, f.name.span, 'field', f.name.name);
    seen.add(f.name.name);
    const target = expected !== undefined && isStructLike(expected) ? fieldOf(expected, f.name.name)?.type : undefined;
    const type = target !== undefined ? checkExpressionAs(cx, f.value, target) : checkExpression(cx, f.value);
    fields.push({ name: f.name.name, type });
    const v = cx.valueOf.get(f.value);
    if (v === undefined) allConst = false;
    else values.set(f.name.name, v);
  }
  if (allConst && !e.dots) cx.valueOf.set(e, { kind: 'struct', fields: values });
  return e.dots ? { kind: 'struct', name: '', fields, partial: true } : { kind: 'struct', name: '', fields };
}

/**
 * Checks `e` where a value of type `target` is expected and applies the implicit conversion;
 * reports (once) when there is none. Returns the type the expression now has.
 */
export function checkExpressionAs(cx: Checker, e: Ast.Expression, target: Type, bindings?: Bindings): Type {
  const t = checkExpression(cx, e, target);
  return convertTo(cx, e, t, target, bindings);
}

/** Reports a mismatch of an already checked expression, or applies the implicit conversion. */
export function convertTo(
  cx: Checker,
  e: Ast.Expression,
  t: Type,
  target: Type,
  bindings?: Bindings,
  assignment = false,
): Type {
  if (t.kind === 'dontCare') {
    cx.report(M.dontCareNotAllowed, e.span);
    return target;
  }
  if (
    t.kind === 'invalidHeader' &&
    target.kind !== 'header' &&
    target.kind !== 'headerUnion' &&
    target.kind !== 'unknown'
  ) {
    cx.report(M.invalidHeaderContext, e.span, printType(target));
    return target;
  }
  const listOnly =
    t.kind === 'tuple' && e.kind !== 'ListExpression' && (isStructLike(target) || target.kind === 'headerStack');
  if (listOnly || !assignable(t, target, bindings)) {
    if (t.kind === 'struct' && t.name === '' && isStructLike(target)) {
      cx.report(M.structFields, e.span, printType(target), structFieldProblem(t, target));
    } else if (t.kind === 'tuple' && (isStructLike(target) || target.kind === 'tuple') && e.kind === 'ListExpression') {
      const expected = isStructLike(target)
        ? target.fields.length
        : target.kind === 'tuple'
          ? target.elements.length
          : 0;
      if (expected !== t.elements.length)
        cx.report(M.listArity, e.span, printType(target), expected, t.elements.length);
      else cx.report(assignment ? M.assignMismatch : M.typeMismatch, e.span, printType(t), printType(target));
    } else {
      cx.report(assignment ? M.assignMismatch : M.typeMismatch, e.span, printType(t), printType(target));
    }
    return target;
  }
  return coerce(cx, e, t, target);
}

function structFieldProblem(from: StructLikeType, to: StructLikeType): string {
  const missing = to.fields.filter((f) => !from.fields.some((g) => g.name === f.name)).map((f) => f.name);
  const extra = from.fields.filter((f) => !to.fields.some((g) => g.name === f.name)).map((f) => f.name);
  if (missing.length > 0)
    return `missing field${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}`;
  if (extra.length > 0) return `no field${extra.length > 1 ? 's' : ''} ${extra.map((m) => `'${m}'`).join(', ')}`;
  return 'a field has the wrong type';
}

/**
 * Applies an implicit conversion known to be allowed: an `int` constant takes the target's
 * fixed-width type (its value wrapped, with a warning if it does not fit); other conversions
 * are recorded in `implicitCasts` for the lowering.
 */
export function coerce(cx: Checker, e: Ast.Expression, from: Type, to: Type): Type {
  if (from.kind === 'infint' && (to.kind === 'bit' || to.kind === 'int')) {
    const v = cx.valueOf.get(e);
    if (typeof v === 'bigint') {
      const wrapped = wrapInt(v, to);
      if (!fitsInWidth(v, to)) cx.report(M.overflow, e.span, printConst(v), printType(to), wrapped.toString());
      cx.valueOf.set(e, wrapped);
    }
    cx.typeOf.set(e, to);
    return to;
  }
  const scalar = from.kind === 'infint' && to.kind === 'newtype' ? newtypeScalar(to) : undefined;
  if (scalar !== undefined) {
    // An integer literal given a `type` over bit<W>: wrapped to W bits, typed as the `type`.
    const v = cx.valueOf.get(e);
    if (typeof v === 'bigint') {
      const wrapped = wrapInt(v, scalar);
      if (!fitsInWidth(v, scalar)) cx.report(M.overflow, e.span, printConst(v), printType(to), wrapped.toString());
      cx.valueOf.set(e, wrapped);
    }
    cx.typeOf.set(e, to);
    return to;
  }
  if (from.kind !== to.kind && to.kind !== 'unknown' && to.kind !== 'typeVar' && from.kind !== 'unknown') {
    cx.implicitCasts.set(e, to);
    if (from.kind === 'serEnum') {
      const v = cx.valueOf.get(e);
      if (typeof v === 'object' && v.kind === 'member' && v.value !== undefined) cx.valueOf.set(e, v.value);
    }
    return to;
  }
  if (from.kind === 'struct' && from.name === '' && to.kind === 'struct') cx.implicitCasts.set(e, to);
  return from.kind === 'unknown' ? to : from;
}

/** Evaluates a compile-time integer (a width, a size, a slice bound); reports if it is not one. */
export function constIntOf(cx: Checker, e: Ast.Expression, what: string): bigint | undefined {
  const t = checkExpression(cx, e);
  if (t.kind === 'unknown') return undefined;
  const v = cx.valueOf.get(e);
  if (typeof v === 'bigint') return v;
  if (typeof v === 'object' && v.kind === 'member' && v.value !== undefined) return v.value;
  cx.report(M.notConstant, e.span, what);
  return undefined;
}

/** Why `e` cannot be assigned to, or undefined if it can (spec 6.7, l-values). */
export function lvalueProblem(cx: Checker, e: Ast.Expression): string | undefined {
  switch (e.kind) {
    case 'PathExpression': {
      const d = cx.declOf.get(e);
      if (d === undefined) return undefined; // already reported
      switch (d.kind) {
        case 'VariableDeclaration':
          return undefined;
        case 'Parameter':
          if (d.direction === 'out' || d.direction === 'inout') return undefined;
          return d.direction === 'in' ? `in parameter '${d.name.name}'` : `directionless parameter '${d.name.name}'`;
        case 'ConstantDeclaration':
          return `constant '${d.name.name}'`;
        default:
          return `'${e.name.name}'`;
      }
    }
    case 'MemberExpression': {
      const objType = cx.typeOf.get(e.object);
      if (objType?.kind === 'headerStack') {
        if (e.member.name === 'next' || e.member.name === 'last') return lvalueProblem(cx, e.object);
        return `'${e.member.name}' of a header stack`;
      }
      if (objType !== undefined && isStructLike(objType)) return lvalueProblem(cx, e.object);
      if (objType?.kind === 'unknown') return undefined;
      return 'this expression';
    }
    case 'IndexExpression':
    case 'SliceExpression':
      return lvalueProblem(cx, e.object);
    case 'ThisExpression':
      return "'this'";
    default:
      return 'this expression';
  }
}
