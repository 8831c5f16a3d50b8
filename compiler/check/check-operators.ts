// Operators and casts (spec 8.5-8.11): operand types, the implicit cast of an `int` operand
// to the other operand's width, shifts, concatenation, saturating arithmetic, comparisons,
// explicit cast rules, and folding when the operands are compile-time constants.

import type * as Ast from '../parser/ast.js';
import { assignable } from './assignable.js';
import { checkExpression, coerce } from './check-expr.js';
import { foldBinary, foldCast, foldConcat, foldUnary } from './const-fold.js';
import type { Checker } from './context.js';
import { valueOfConstantLocal } from './local-constants.js';
import { CheckMessages as M } from './messages.js';
import { resolveType } from './resolve-type.js';
import {
  bitType,
  boolType,
  intType,
  isFixedInt,
  isStructLike,
  NON_VALUE_KINDS,
  printType,
  sameType,
  stringType,
  type Type,
  type TypeKind,
  unknownType,
} from './types.js';

/** Kinds of operands `==` and `!=` refuse: no value, or none that has an identity to compare. */
const NOT_COMPARABLE = new Set<TypeKind>([...NON_VALUE_KINDS, 'void', 'matchKind', 'dontCare', 'typeVar']);

export function checkUnary(cx: Checker, e: Ast.UnaryExpression): Type {
  const raw = checkExpression(cx, e.operand);
  if (raw.kind === 'unknown') return unknownType;
  const t = raw.kind === 'serEnum' && e.op !== '!' ? raw.underlying : raw;
  const ok = e.op === '!' ? t.kind === 'bool' : e.op === '~' ? isFixedInt(t) : isFixedInt(t) || t.kind === 'infint';
  if (!ok) {
    cx.report(M.operandType, e.span, e.op, printType(raw));
    return unknownType;
  }
  foldInto(cx, e, () => {
    const v = cx.valueOf.get(e.operand);
    return v === undefined ? undefined : foldUnary(e.op, v, t);
  });
  return t;
}

/** Folds when the operands were constants; a failed fold (division by zero) is reported. */
function foldInto(cx: Checker, e: Ast.Expression, fold: () => ReturnType<typeof foldUnary> | undefined): boolean {
  const r = fold();
  if (r === undefined) return true;
  if (r.ok) cx.valueOf.set(e, r.value);
  else cx.report(M.foldFailed, e.span, r.reason);
  return r.ok;
}

/** Arithmetic sees a serializable enum as its underlying type. */
function arithmeticType(t: Type): Type {
  return t.kind === 'serEnum' ? t.underlying : t.kind === 'newtype' ? t : t;
}

function isComparison(op: Ast.BinaryOperator): boolean {
  return (
    op === '==' || op === '!=' || op === '<' || op === '>' || op === '<=' || op === '>=' || op === '&&' || op === '||'
  );
}

export function checkBinary(cx: Checker, e: Ast.BinaryExpression): Type {
  const lt = checkExpression(cx, e.left);
  const rt = checkExpression(cx, e.right);
  if (lt.kind === 'unknown' || rt.kind === 'unknown') return isComparison(e.op) ? boolType : unknownType;
  switch (e.op) {
    case '&&':
    case '||':
      if (lt.kind !== 'bool' || rt.kind !== 'bool') {
        cx.report(M.operandType, e.span, e.op, printType(lt.kind !== 'bool' ? lt : rt));
        return unknownType;
      }
      foldBoth(cx, e, boolType);
      return boolType;
    case '==':
    case '!=':
      return checkEquality(cx, e, lt, rt);
    case '<':
    case '>':
    case '<=':
    case '>=': {
      const t = unifyNumeric(cx, e, lt, rt);
      if (t !== undefined) foldBoth(cx, e, t);
      return boolType;
    }
    case '<<':
    case '>>':
      return checkShift(cx, e, lt, rt);
    case '++':
      return checkConcat(cx, e, lt, rt);
    default: {
      // `a / -1`: the int constant is negative before it becomes a bit<W> value.
      const negative = [e.left, e.right].some((x) => {
        const v = plainOf(cx.valueOf.get(x));
        return typeof v === 'bigint' && v < 0n;
      });
      const t = unifyNumeric(cx, e, lt, rt);
      if (t === undefined) return unknownType;
      if ((e.op === '|+|' || e.op === '|-|') && t.kind === 'infint') {
        cx.report(M.cannotInferWidth, e.span, 'saturating arithmetic');
        return unknownType;
      }
      if ((e.op === '/' || e.op === '%') && t.kind === 'int') {
        cx.report(M.operandType, e.span, e.op, printType(t));
        return unknownType;
      }
      if ((e.op === '/' || e.op === '%') && negative && t.kind !== 'unknown') {
        cx.report(M.foldFailed, e.span, `${e.op} is not defined on negative numbers`);
        return unknownType;
      }
      if ((e.op === '/' || e.op === '%') && !divisionOk(cx, e)) return unknownType;
      return foldBoth(cx, e, t) ? t : unknownType;
    }
  }
}

/** Folds constant operands; false when folding failed (reported; the result is then unknown). */
/**
 * A constant divisor must be positive, and constant operands non-negative (spec 8.6: `/` and
 * `%` are defined on non-negative values only). Whether a target divides at run time is the
 * target's check (Tofino cannot).
 */
function divisionOk(cx: Checker, e: Ast.BinaryExpression): boolean {
  const divisor = plainOf(cx.valueOf.get(e.right));
  const dividend = plainOf(cx.valueOf.get(e.left));
  if (typeof divisor === 'bigint' && divisor === 0n) cx.report(M.foldFailed, e.span, 'division by zero');
  else if ((typeof divisor === 'bigint' && divisor < 0n) || (typeof dividend === 'bigint' && dividend < 0n))
    cx.report(M.foldFailed, e.span, `${e.op} is not defined on negative numbers`);
  else if (cx.targetRules && !cx.tofino && !targetDivides(cx, e.left, e.right))
    cx.report(M.runtimeDivision, e.span, e.op);
  else return true;
  return false;
}

/**
 * bmv2 does not divide at run time (Tofino's back end has its own rule): p4c accepts `/`
 * and `%` only when both operands are known once constants are propagated, when the divisor
 * is a power of two (a shift or a mask then) or the dividend is 0.
 */
function targetDivides(cx: Checker, left: Ast.Expression, right: Ast.Expression): boolean {
  const known = (x: Ast.Expression) => {
    const v = cx.valueOf.get(x) ?? valueOfConstantLocal(cx, x);
    return v === undefined ? undefined : plain(v);
  };
  const divisor = known(right);
  if (typeof divisor === 'bigint' && divisor > 0n && (divisor & (divisor - 1n)) === 0n) return true;
  if (known(left) === 0n) return true;
  return divisor !== undefined && known(left) !== undefined;
}

function plainOf(
  v: import('./const-fold.js').ConstValue | undefined,
): import('./const-fold.js').ConstValue | undefined {
  return v === undefined ? undefined : plain(v);
}

function foldBoth(cx: Checker, e: Ast.BinaryExpression, t: Type): boolean {
  return foldInto(cx, e, () => {
    const a = cx.valueOf.get(e.left);
    const b = cx.valueOf.get(e.right);
    return a === undefined || b === undefined ? undefined : foldBinary(e.op, plain(a), plain(b), t);
  });
}

/** Serializable enum members fold by value in arithmetic. */
function plain(v: import('./const-fold.js').ConstValue): import('./const-fold.js').ConstValue {
  return typeof v === 'object' && v.kind === 'member' && v.value !== undefined ? v.value : v;
}

/**
 * The common numeric type of two operands: equal fixed-width types, or an `int` constant cast
 * to the other side's type; two `int`s stay `int`. Reports and returns undefined otherwise.
 */
function unifyNumeric(cx: Checker, e: Ast.BinaryExpression, lraw: Type, rraw: Type): Type | undefined {
  const lt = arithmeticType(lraw);
  const rt = arithmeticType(rraw);
  for (const [t, raw] of [
    [lt, lraw],
    [rt, rraw],
  ] as const) {
    if (!isFixedInt(t) && t.kind !== 'infint') {
      cx.report(M.operandType, e.span, e.op, printType(raw));
      return undefined;
    }
  }
  if (lt.kind === 'infint' && rt.kind === 'infint') return lt;
  if (lt.kind === 'infint') return coerce(cx, e.left, lt, rt);
  if (rt.kind === 'infint') return coerce(cx, e.right, rt, lt);
  if (!sameType(lt, rt)) {
    cx.report(M.operandMismatch, e.span, e.op, printType(lraw), printType(rraw));
    return undefined;
  }
  if (lraw.kind === 'serEnum') cx.implicitCasts.set(e.left, lt);
  if (rraw.kind === 'serEnum') cx.implicitCasts.set(e.right, rt);
  return lt;
}

function checkEquality(cx: Checker, e: Ast.BinaryExpression, lt: Type, rt: Type): Type {
  if (
    (isFixedInt(arithmeticType(lt)) || lt.kind === 'infint') &&
    (isFixedInt(arithmeticType(rt)) || rt.kind === 'infint') &&
    !(lt.kind === 'serEnum' && rt.kind === 'serEnum' && lt.decl === rt.decl)
  ) {
    const t = unifyNumeric(cx, e, lt, rt);
    if (t !== undefined) foldBoth(cx, e, t);
    return boolType;
  }
  const comparable = (t: Type) => !NOT_COMPARABLE.has(t.kind);
  const equal =
    assignable(rt, lt, undefined, true) ||
    assignable(lt, rt, undefined, true) ||
    listAgainst(lt, rt) ||
    listAgainst(rt, lt);
  if (isAnonymousStruct(lt) && isAnonymousStruct(rt)) {
    // `{a = 1} == {a = 1}`: neither side says which struct type to compare as.
    cx.report(M.operandType, e.span, e.op, 'two struct expressions without a type (cast one of them)');
    return boolType;
  }
  if (lt.kind === 'typeVar' || rt.kind === 'typeVar') {
    // Nothing says how values of an unknown type compare.
    cx.report(M.operandType, e.span, e.op, `values of type variable ${printType(lt.kind === 'typeVar' ? lt : rt)}`);
    return boolType;
  }
  if (!comparable(lt) || !comparable(rt) || !equal) {
    cx.report(M.operandMismatch, e.span, e.op, printType(lt), printType(rt));
    return boolType;
  }
  foldBoth(cx, e, lt);
  return boolType;
}

/** `hdr.h == {1, 2}`: a list or struct expression compares with a struct-like value. */
function listAgainst(a: Type, b: Type): boolean {
  return (
    (isStructLike(a) || a.kind === 'tuple') &&
    (b.kind === 'tuple' || (b.kind === 'struct' && b.name === '')) &&
    assignable(b, a)
  );
}

function checkShift(cx: Checker, e: Ast.BinaryExpression, lraw: Type, rt: Type): Type {
  const lt = arithmeticType(lraw);
  if (!isFixedInt(lt) && lt.kind !== 'infint') {
    cx.report(M.operandType, e.span, e.op, printType(lraw));
    return unknownType;
  }
  const amount = plainOf(cx.valueOf.get(e.right));
  const amountType = rt.kind === 'serEnum' ? rt.underlying : rt;
  // A signed amount is accepted when it is a non-negative constant.
  const unsigned =
    amountType.kind === 'bit' ||
    ((amountType.kind === 'infint' || amountType.kind === 'int') &&
      (typeof amount !== 'bigint' ? amountType.kind === 'infint' : amount >= 0n));
  if (!unsigned) {
    cx.report(M.shiftAmount, e.right.span, printType(rt));
    return unknownType;
  }
  if (lt.kind === 'infint' && amount === undefined) {
    cx.report(M.cannotInferWidth, e.left.span, 'a shifted int (the shift amount is not a constant)');
    return unknownType;
  }
  return foldBoth(cx, e, lt) ? lt : unknownType;
}

function checkConcat(cx: Checker, e: Ast.BinaryExpression, lraw: Type, rraw: Type): Type {
  if (lraw.kind === 'string' || rraw.kind === 'string') return concatStrings(cx, e, lraw, rraw);
  const lt = arithmeticType(lraw);
  const rt = arithmeticType(rraw);
  for (const [t, side] of [
    [lt, e.left],
    [rt, e.right],
  ] as const) {
    if (t.kind === 'infint') {
      cx.report(M.cannotInferWidth, side.span, 'an operand of ++');
      return unknownType;
    }
    if (!isFixedInt(t)) {
      cx.report(M.operandType, e.span, '++', printType(t));
      return unknownType;
    }
  }
  if (!isFixedInt(lt) || !isFixedInt(rt)) return unknownType;
  const result = lt.kind === 'bit' ? bitType(lt.width + rt.width) : intType(lt.width + rt.width);
  const a = cx.valueOf.get(e.left);
  const b = cx.valueOf.get(e.right);
  const av = a === undefined ? undefined : plain(a);
  const bv = b === undefined ? undefined : plain(b);
  if (typeof av === 'bigint' && typeof bv === 'bigint') foldInto(cx, e, () => foldConcat(av, lt, bv, rt, result));
  return result;
}

export function checkCast(cx: Checker, e: Ast.CastExpression): Type {
  const to = resolveType(cx, e.type);
  const from = checkExpression(cx, e.operand, to);
  if (to.kind === 'unknown' || from.kind === 'unknown') return to;
  if (!castAllowed(from, to, cx.valueOf.get(e.operand))) {
    cx.report(M.castInvalid, e.span, printType(from), printType(to));
    return to;
  }
  if (from.kind === 'infint' && (to.kind === 'bit' || to.kind === 'int')) coerce(cx, e.operand, from, to);
  const v = cx.valueOf.get(e.operand);
  if (v !== undefined) foldInto(cx, e, () => foldCast(v, from, to));
  return to;
}

/** Explicit casts (spec 8.11.1). */
function castAllowed(from: Type, to: Type, value: unknown): boolean {
  if (assignable(from, to, undefined, true)) return true;
  const f = from.kind === 'newtype' ? from.base : from;
  const t = to.kind === 'newtype' ? to.base : to;
  // A `type` converts only to and from the type it is built on (spec 8.11.1), or from an int constant.
  if (from.kind === 'newtype' || to.kind === 'newtype')
    return (
      sameType(from, t) || sameType(f, to) || sameType(f, t) || (from.kind === 'infint' && castAllowed(f, t, value))
    );
  switch (t.kind) {
    case 'bit':
      if (f.kind === 'bit' || f.kind === 'infint') return true;
      if (f.kind === 'int') return f.width === t.width;
      if (f.kind === 'bool') return t.width === 1;
      if (f.kind === 'serEnum') return true;
      return false;
    case 'int':
      if (f.kind === 'int' || f.kind === 'infint') return true;
      if (f.kind === 'bit') return f.width === t.width;
      if (f.kind === 'serEnum') return true;
      return false;
    case 'bool':
      if (f.kind === 'bit') return f.width === 1;
      return f.kind === 'infint' && (value === 0n || value === 1n);
    case 'infint':
      return isFixedInt(f);
    case 'serEnum':
      return isFixedInt(f) || f.kind === 'infint' || (f.kind === 'serEnum' && sameType(f.underlying, t.underlying));
    case 'struct':
    case 'header':
    case 'tuple':
      return assignable(from, to);
    default:
      return false;
  }
}

function isAnonymousStruct(t: Type): boolean {
  return t.kind === 'struct' && t.name === '';
}

/** `"a" ++ "b"`: strings concatenate at compile time only (spec 8.10.1), both sides constant. */
function concatStrings(cx: Checker, e: Ast.BinaryExpression, lt: Type, rt: Type): Type {
  if (lt.kind !== 'string' || rt.kind !== 'string') {
    cx.report(M.operandMismatch, e.span, '++', printType(lt), printType(rt));
    return unknownType;
  }
  const a = cx.valueOf.get(e.left);
  const b = cx.valueOf.get(e.right);
  if (typeof a !== 'string' || typeof b !== 'string') {
    cx.report(M.notConstant, e.span, 'a string concatenation');
    return unknownType;
  }
  cx.valueOf.set(e, a + b);
  return stringType;
}
