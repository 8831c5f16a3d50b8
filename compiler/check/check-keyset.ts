// Keysets of select cases and table entries (spec 12.8, 14.2.1.4): one element per key,
// each a compile-time constant of the key's type, a mask `v &&& m`, a range `lo .. hi`,
// `_` or `default`; select cases may also name a value set. For table entries the form
// must suit the key's match kind (a mask for ternary or lpm, a range for range).

import type * as Ast from '../parser/ast.js';
import { assignable } from './assignable.js';
import { checkExpression, convertTo, describeKeyset } from './check-expr.js';
import type { Checker } from './context.js';
import { valueOfConstantLocal } from './local-constants.js';
import { CheckMessages as M } from './messages.js';
import { dontCareType, printType, sameType, type Type, unknownType } from './types.js';

export interface KeyColumn {
  readonly type: Type;
  /** The match kind of a table key; undefined for a select expression. */
  readonly matchKind?: string;
}

export function checkKeyset(
  cx: Checker,
  keyset: Ast.Expression,
  columns: readonly KeyColumn[],
  forEntry: boolean,
): void {
  if (keyset.kind === 'DefaultExpression' || keyset.kind === 'DontCareExpression') {
    cx.typeOf.set(keyset, dontCareType);
    return;
  }
  // A list expression `{a, b}` is a tuple keyset too: p4c parses `(a, b)` into the same list
  // expression and matches a list-typed case against the select's tuple (NetCL's generated
  // parsers write their cases this way). A one-key select keeps `{a}` an expression.
  if (
    keyset.kind === 'TupleKeysetExpression' ||
    (keyset.kind === 'ListExpression' && (forEntry || columns.length > 1))
  ) {
    cx.typeOf.set(keyset, { kind: 'tuple', elements: columns.map((c) => c.type) });
    if (keyset.elements.length !== columns.length) {
      cx.report(forEntry ? M.entryArity : M.selectArity, keyset.span, keyset.elements.length, columns.length);
      for (const el of keyset.elements) if (!isKeysetOnly(el)) checkExpression(cx, el);
      return;
    }
    for (const [i, el] of keyset.elements.entries()) checkKeysetElement(cx, el, columns[i] as KeyColumn, forEntry);
    return;
  }
  const only = columns[0];
  if (columns.length === 1 && only !== undefined) {
    checkKeysetElement(cx, keyset, only, forEntry);
    return;
  }
  // Several keys and a single expression: only a value set (of a struct) fits.
  const t = isKeysetOnly(keyset) ? unknownType : checkExpression(cx, keyset);
  if (t.kind === 'valueSet') {
    checkValueSetElement(cx, keyset, t.element, { kind: 'tuple', elements: columns.map((c) => c.type) });
    return;
  }
  if (t.kind !== 'unknown' || isKeysetOnly(keyset))
    cx.report(forEntry ? M.entryArity : M.selectArity, keyset.span, 1, columns.length);
}

function isKeysetOnly(e: Ast.Expression): boolean {
  return (
    e.kind === 'MaskExpression' ||
    e.kind === 'RangeExpression' ||
    e.kind === 'DefaultExpression' ||
    e.kind === 'DontCareExpression' ||
    e.kind === 'TupleKeysetExpression'
  );
}

function checkKeysetElement(cx: Checker, e: Ast.Expression, col: KeyColumn, forEntry: boolean): void {
  const mk = col.matchKind;
  switch (e.kind) {
    case 'DefaultExpression':
    case 'DontCareExpression':
      cx.typeOf.set(e, dontCareType);
      return;
    case 'MaskExpression':
      // p4c checks the form of an entry against the match kind after type checking.
      if (forEntry && mk !== undefined && mk !== 'ternary' && mk !== 'lpm' && mk !== 'exact')
        cx.afterTypes.push(() => cx.report(M.entryMatchKind, e.span, describeKeyset(e), mk));
      if (!pairOf(cx, e, e.value, e.mask, '&&&', col.type)) return;
      if (forEntry && mk === 'lpm') checkPrefixMask(cx, e.mask);
      cx.typeOf.set(e, col.type);
      return;
    case 'RangeExpression':
      if (forEntry && mk !== undefined && mk !== 'range')
        cx.afterTypes.push(() => cx.report(M.entryMatchKind, e.span, describeKeyset(e), mk));
      if (!pairOf(cx, e, e.low, e.high, '..', col.type)) return;
      cx.typeOf.set(e, col.type);
      return;
    default: {
      if (!forEntry && e.kind === 'PathExpression') {
        const found = cx.lookup(e.name, e.global, true);
        const vs = found?.find((d) => d.kind === 'ValueSetDeclaration');
        if (vs !== undefined) {
          const t = checkExpression(cx, e);
          if (t.kind === 'valueSet') checkValueSetElement(cx, e, t.element, col.type);
          return;
        }
      }
      constantOf(cx, e, col.type);
    }
  }
}

/**
 * The two constants of a mask or range: operands of two different types are an error of the
 * mask or range itself (reported there, before anything is unified with the key).
 */
function pairOf(cx: Checker, e: Ast.Expression, a: Ast.Expression, b: Ast.Expression, op: string, t: Type): boolean {
  const ta = checkExpression(cx, a, t);
  const tb = checkExpression(cx, b, t);
  if (sized(ta) && sized(tb) && !sameType(ta, tb)) {
    cx.withAnchor(undefined, () => cx.report(M.operandMismatch, e.span, op, printType(ta), printType(tb)));
    cx.typeOf.set(e, unknownType);
    return false;
  }
  constantOf(cx, a, t, ta);
  constantOf(cx, b, t, tb);
  return true;
}

function sized(t: Type): boolean {
  return t.kind !== 'infint' && t.kind !== 'unknown' && t.kind !== 'dontCare';
}

/** A keyset value: a constant of the key's type (an int constant takes the key's width). */
function constantOf(cx: Checker, e: Ast.Expression, t: Type, checked?: Type): void {
  const raw = checked ?? checkExpression(cx, e, t);
  // A serializable enum key also matches plain numbers (ranges and masks over its values).
  const target =
    t.kind === 'serEnum' && (raw.kind === 'infint' || raw.kind === 'bit' || raw.kind === 'int') ? t.underlying : t;
  const vt = convertTo(cx, e, raw, target);
  if (!cx.valueOf.has(e)) {
    const local = valueOfConstantLocal(cx, e);
    if (local !== undefined) cx.valueOf.set(e, local);
  }
  if (!cx.valueOf.has(e) && vt.kind !== 'unknown' && cx.typeOf.get(e)?.kind !== 'unknown')
    cx.report(M.notConstant, e.span, 'a keyset element');
}

/** An lpm entry's mask must be a prefix: ones followed by zeros. */
function checkPrefixMask(cx: Checker, mask: Ast.Expression): void {
  const v = cx.valueOf.get(mask);
  const t = cx.typeOf.get(mask);
  if (typeof v !== 'bigint' || t === undefined || t.kind !== 'bit') return;
  const inverted = BigInt.asUintN(t.width, ~v);
  if ((inverted & (inverted + 1n)) !== 0n)
    cx.afterTypes.push(() => cx.report(M.entryMatchKind, mask.span, 'a mask that is not a prefix', 'lpm'));
}

function checkValueSetElement(cx: Checker, e: Ast.Expression, element: Type, key: Type): void {
  // A struct element matches the select's keys field by field, nested structs flattened (p4c).
  const flat = flattenStruct(element);
  const ok =
    assignable(element, key, undefined, true) ||
    (element.kind === 'struct' &&
      key.kind === 'tuple' &&
      flat.length === key.elements.length &&
      flat.every((f, i) => assignable(f, key.elements[i] as Type, undefined, true))) ||
    (element.kind === 'struct' &&
      element.fields.length === 1 &&
      assignable((element.fields[0] as { type: Type }).type, key, undefined, true));
  if (!ok) cx.report(M.keysetType, e.span, printType(element), printType(key));
}

function flattenStruct(t: Type): Type[] {
  return t.kind === 'struct' ? t.fields.flatMap((f) => flattenStruct(f.type)) : [t];
}
