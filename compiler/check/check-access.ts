// Member access, indexing and bit slices: `hdr.ipv4.ttl`, `E.A`, `error.NoError`,
// `stack[2]`, `stack.next`, `t.apply().hit`, `x[7:0]`, `x[i+:8]`. Slice bounds are
// compile-time constants checked against the width (spec 8.6, 8.18).

import type * as Ast from '../parser/ast.js';
import { methodCandidates } from './check-call.js';
import { checkExpression, constIntOf } from './check-expr.js';
import { foldSlice } from './const-fold.js';
import type { Checker } from './context.js';
import { CheckMessages as M } from './messages.js';
import { resolveType } from './resolve-type.js';
import { isTypeDecl } from './scopes.js';
import { bitType, boolType, errorType, fieldOf, isNumeric, printType, type Type, unknownType } from './types.js';

export function checkMember(cx: Checker, e: Ast.MemberExpression): Type {
  if (e.object.kind === 'TypeNameExpression') {
    const t = resolveType(cx, e.object.type, { allowUnspecialized: true });
    cx.typeOf.set(e.object, t);
    return checkTypeMember(cx, e, t);
  }
  if (e.object.kind === 'PathExpression') {
    const found = cx.lookup(e.object.name, e.object.global, true);
    const typeDecl = found?.every(isTypeDecl) ? found[0] : undefined;
    if (typeDecl !== undefined && typeDecl.kind !== 'ParserDeclaration' && typeDecl.kind !== 'ControlDeclaration') {
      cx.declOf.set(e.object, typeDecl);
      const t = typeDecl.kind === 'TypeParameter' ? typeDecl.typeVar : (cx.typeOfDecl.get(typeDecl) ?? unknownType);
      cx.typeOf.set(e.object, t);
      return checkTypeMember(cx, e, t);
    }
  }
  const t = checkExpression(cx, e.object);
  const name = e.member.name;
  switch (t.kind) {
    case 'unknown':
      return unknownType;
    case 'header':
    case 'struct':
    case 'headerUnion': {
      const f = fieldOf(t, name);
      if (f === undefined) break;
      // A field of a constant struct (written `{a = 1}` or as a list `{1, 2}`) is a constant.
      const v = cx.valueOf.get(e.object);
      const fv =
        typeof v !== 'object'
          ? undefined
          : v.kind === 'struct'
            ? v.fields.get(name)
            : v.kind === 'list'
              ? v.elements[t.fields.indexOf(f)]
              : undefined;
      if (fv !== undefined) cx.valueOf.set(e, fv);
      return f.type;
    }
    case 'headerStack':
      switch (name) {
        case 'next':
        case 'last':
        case 'lastIndex':
          if (cx.env.body !== 'parserState')
            cx.report(M.notAllowedHere, e.member.span, `'${name}'`, `in ${cx.describeBody()} (only in parsers)`);
          return name === 'lastIndex' ? bitType(32) : t.element;
        case 'size':
          cx.valueOf.set(e, BigInt(t.size));
          return bitType(32);
      }
      break;
    case 'applyResult':
      if (name === 'hit' || name === 'miss') return boolType;
      if (name === 'action_run') {
        if (cx.env.switchOn !== e) cx.report(M.notAllowedHere, e.span, "'action_run'", 'outside a switch statement');
        return { kind: 'actionEnum', table: t.table };
      }
      break;
    default:
      break;
  }
  const methods = methodCandidates(cx, t, name);
  const first = methods[0];
  if (first !== undefined) return { kind: 'function', name, signature: first.signature };
  cx.report(M.noMember, e.member.span, printType(t), name);
  return unknownType;
}

function checkTypeMember(cx: Checker, e: Ast.MemberExpression, t: Type): Type {
  const name = e.member.name;
  switch (t.kind) {
    case 'unknown':
      return unknownType;
    case 'error': {
      const m = cx.errorMembers.get(name);
      if (m === undefined) break;
      cx.declOf.set(e, m);
      cx.valueOf.set(e, { kind: 'member', typeName: 'error', member: name });
      return errorType;
    }
    case 'enum':
      if (!t.members.includes(name)) break;
      cx.valueOf.set(e, { kind: 'member', typeName: t.name, member: name });
      return t;
    case 'serEnum': {
      const value = t.members.get(name);
      if (value === undefined) break;
      cx.valueOf.set(e, { kind: 'member', typeName: t.name, member: name, value });
      return t;
    }
    default:
      break;
  }
  cx.report(M.noMember, e.member.span, printType(t), name);
  return unknownType;
}

export function checkIndex(cx: Checker, e: Ast.IndexExpression): Type {
  const t = checkExpression(cx, e.object);
  const it = checkExpression(cx, e.index);
  if (!isNumeric(it) && it.kind !== 'unknown' && it.kind !== 'serEnum') {
    cx.report(M.typeMismatch, e.index.span, printType(it), 'an integer index');
    return t.kind === 'headerStack' ? t.element : unknownType;
  }
  const index = cx.valueOf.get(e.index);
  switch (t.kind) {
    case 'unknown':
      return unknownType;
    case 'headerStack':
      if (typeof index === 'bigint' && (index < 0n || index >= BigInt(t.size)) && !cx.sizeQueryObjects.has(e))
        cx.report(M.indexOutOfBounds, e.index.span, index.toString(), t.size);
      return t.element;
    case 'tuple': {
      if (typeof index !== 'bigint') {
        cx.report(M.notConstant, e.index.span, 'a tuple index');
        return unknownType;
      }
      const el = t.elements[Number(index)];
      if (index < 0n || el === undefined) {
        cx.report(M.indexOutOfBounds, e.index.span, index.toString(), t.elements.length);
        return unknownType;
      }
      const v = cx.valueOf.get(e.object);
      if (typeof v === 'object' && v.kind === 'list') {
        const ev = v.elements[Number(index)];
        if (ev !== undefined) cx.valueOf.set(e, ev);
      }
      return el;
    }
    default:
      cx.report(M.notIndexable, e.object.span, printType(t));
      return unknownType;
  }
}

export function checkSlice(cx: Checker, e: Ast.SliceExpression): Type {
  const t = checkExpression(cx, e.object);
  const base = t.kind === 'serEnum' ? t.underlying : t;
  if (base.kind !== 'bit' && base.kind !== 'int' && base.kind !== 'infint') {
    if (t.kind !== 'unknown') cx.report(M.operandType, e.span, '[:]', printType(t));
    checkExpression(cx, e.high);
    checkExpression(cx, e.low);
    return unknownType;
  }
  if (base.kind === 'infint' && !cx.valueOf.has(e.object)) {
    cx.report(M.cannotInferWidth, e.object.span, 'a sliced int');
    return unknownType;
  }
  const width = base.kind === 'infint' ? undefined : base.width;
  let hi: bigint | undefined;
  let lo: bigint | undefined;
  if (e.plusColon) {
    // [base +: width]: the base may be a run-time value; the width must be known.
    const lowType = checkExpression(cx, e.high);
    if (!isNumeric(lowType) && lowType.kind !== 'unknown')
      cx.report(M.typeMismatch, e.high.span, printType(lowType), 'an integer');
    const w = constIntOf(cx, e.low, 'the width of a +: slice');
    if (w === undefined) return unknownType;
    const start = cx.valueOf.get(e.high);
    if (w <= 0n || (width !== undefined && w > BigInt(width))) {
      cx.report(M.sliceBounds, e.span, String(start ?? '?'), `+${w}`, printType(t));
      return unknownType;
    }
    if (typeof start !== 'bigint') return bitType(Number(w));
    lo = start;
    hi = start + w - 1n;
  } else {
    hi = constIntOf(cx, e.high, 'a slice bound');
    lo = constIntOf(cx, e.low, 'a slice bound');
    if (hi === undefined || lo === undefined) return unknownType;
  }
  if (lo < 0n || hi < lo || (width !== undefined && hi >= BigInt(width))) {
    cx.report(M.sliceBounds, e.span, hi.toString(), lo.toString(), printType(t));
    return unknownType;
  }
  const v = cx.valueOf.get(e.object);
  const raw = typeof v === 'object' && v.kind === 'member' ? v.value : v;
  if (typeof raw === 'bigint') cx.valueOf.set(e, foldSlice(raw, Number(hi), Number(lo)));
  return bitType(Number(hi - lo + 1n));
}
