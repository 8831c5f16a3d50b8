// Rules on what a call's type variables were bound to (p4c's type inference refuses these):
// `_` is no inferred type, parsers, controls, packages and tables are never values a function
// or method takes through a type variable, and `lookahead<T>` needs a fixed-width T.

import type * as Ast from '../parser/ast.js';
import type { Bindings } from './assignable.js';
import { coerce } from './check-expr.js';
import type { Candidate } from './check-methods.js';
import type { Checker } from './context.js';
import { CheckMessages as M } from './messages.js';
import { bitType, type Param, printType, type Signature, substitute, type Type, unknownType } from './types.js';

function isDontCare(t: Type | undefined): boolean {
  return t !== undefined && (t.kind === 'dontCare' || (t.kind === 'typeVar' && t.name === '_'));
}

/** An argument type that can stand for a `_` parameter: a value type with a width or shape of its own. */
function fixesDontCare(t: Type): boolean {
  return !(t.kind === 'infint' || t.kind === 'dontCare' || t.kind === 'typeVar' || isBlockOrTable(t));
}

/**
 * `@literal_index` on an extern method's parameter (our tna.p4 marks the index of registers,
 * register actions, counters, meters, Lpf and Wred): an integer literal may stand for an index
 * typed `_` (docs/p4-sources.md, "Don't-care type arguments").
 */
function literalIndexAllowed(p: Param): boolean {
  return p.decl?.annotations.some((a) => a.name.name === 'literal_index') ?? false;
}

function isBlockOrTable(t: Type): boolean {
  return t.kind === 'parser' || t.kind === 'control' || t.kind === 'package' || t.kind === 'table';
}

/**
 * After inference: reports type variables bound to `_` (nothing to infer from), and objects
 * passed through a type variable. Returns false when something was reported.
 */
export function checkCallBindings(
  cx: Checker,
  node: Ast.Node,
  name: string,
  chosen: Candidate,
  bindings: Bindings,
  argExprs: readonly (Ast.Expression | undefined)[],
): boolean {
  const sig: Signature = chosen.signature;
  let ok = true;
  for (const v of sig.typeParams) {
    // `b.extract(_)`: the only argument that mentions T is `_`, which gives it no type.
    const given = sig.params.some(
      (p, i) => argExprs[i] !== undefined && p.type.kind === 'typeVar' && p.type.id === v.id,
    );
    if (isDontCare(bindings.get(v.id)) || (given && !bindings.has(v.id))) {
      cx.report(M.cannotInfer, node.span, v.name, name);
      bindings.set(v.id, unknownType);
      ok = false;
    }
  }
  const rt = sig.returnType;
  if (chosen.target.kind === 'method' && (rt.kind === 'parser' || rt.kind === 'control')) {
    cx.report(
      M.notAllowedHere,
      node.span,
      `a call returning ${rt.kind} ${printType(rt)}`,
      '(only instances hold parsers and controls)',
    );
    ok = false;
  }
  for (const [i, p] of sig.params.entries()) {
    const arg = argExprs[i];
    if (arg === undefined) continue;
    // A parameter of a specialized extern `E<_>` is still `_`. As in p4c (and bf-p4c, whose
    // programs write `RegisterAction<bit<32>, _, bit<32>>(reg) ra; ra.execute(idx)`), it then
    // takes the type of its argument, which must have one of its own: an int literal has no
    // width and a table is no value (docs/p4-sources.md, "Don't-care type arguments").
    const own =
      p.type.kind === 'typeVar' && sig.typeParams.some((v) => p.type.kind === 'typeVar' && v.id === p.type.id);
    if (isDontCare(p.type) && !own) {
      const at = cx.typeOf.get(arg);
      if (at?.kind === 'infint' && literalIndexAllowed(p)) {
        // `Register<bit<32>, _>(1) r; ... ra.execute(0)`: bf-p4c's releases before p4c's 2023
        // check accept a literal index there; the index is a bit<32> (a register's size is).
        coerce(cx, arg, at, bitType(32));
        continue;
      }
      if (at === undefined || at.kind === 'unknown' || !fixesDontCare(at)) {
        cx.report(M.cannotInferParam, arg.span, p.name, "its type is the don't-care type '_'");
        ok = false;
      }
      continue;
    }
    if (!rigidArgumentFits(cx, arg, p.name, substitute(p.type, bindings))) {
      ok = false;
      continue;
    }
    // An extern method may declare a parser or control parameter (p4c), but no call can pass one.
    if (chosen.target.kind === 'method' && (p.type.kind === 'parser' || p.type.kind === 'control')) {
      cx.report(M.argumentKind, arg.span, `${p.type.kind} ${printType(p.type)}`);
      ok = false;
    }
    if (p.type.kind !== 'typeVar') continue;
    const bound = bindings.get(p.type.id);
    // `in T data` with T = string: a string is only ever a directionless argument.
    if (bound?.kind === 'string' && p.direction !== 'none') {
      cx.report(
        M.paramRule,
        p.decl?.name.span ?? arg.span,
        p.name,
        'a parameter of type string cannot have a direction',
      );
      ok = false;
    }
    // `f({a = 1})` for `f<T>(in T x)`: a struct expression names no struct type to give T.
    if (bound !== undefined && bound.kind === 'struct' && bound.name === '') {
      cx.report(M.cannotInferParam, arg.span, p.name, 'a struct expression has no struct type (cast it)');
      ok = false;
      continue;
    }
    if (chosen.target.kind === 'constructor') continue;
    if (bound !== undefined && isBlockOrTable(bound)) {
      cx.report(M.argumentKind, arg.span, `${bound.kind} ${printType(bound)}`);
      ok = false;
    }
  }
  return ok;
}

/**
 * Inside `f<T>`, T is one unknown type: a value of type T fits only a parameter of type T
 * (or one that takes any type), never a concrete type that T might turn out not to be.
 */
function rigidArgumentFits(cx: Checker, arg: Ast.Expression, param: string, target: Type): boolean {
  const t = cx.typeOf.get(arg);
  if (t === undefined || t.kind === 'unknown' || t.kind === 'dontCare' || target.kind === 'unknown') return true;
  if (!isRigid(cx, t) && !isRigid(cx, target)) return true;
  if (t.kind === 'typeVar' && target.kind === 'typeVar' && (target.id === t.id || target.name === '_')) return true;
  cx.report(M.argType, arg.span, param, printType(t), printType(target));
  return false;
}

/** A type parameter of an enclosing generic declaration: one fixed, unknown type. */
function isRigid(cx: Checker, t: Type): boolean {
  if (t.kind !== 'typeVar' || t.name === '_') return false;
  return cx.scope.lookup(t.name)?.some((d) => d.kind === 'TypeParameter' && d.typeVar.id === t.id) === true;
}

/** `pkt.lookahead<T>()` reads a fixed number of bits: T has a width (no void, no varbit). */
export function checkLookahead(cx: Checker, e: Ast.CallExpression, returnType: Type): void {
  if (returnType.kind !== 'void' && !hasVarbit(returnType)) return;
  cx.report(M.typeArgumentKind, e.typeArgs[0]?.span ?? e.span, `${printType(returnType)} (no fixed width)`);
}

function hasVarbit(t: Type): boolean {
  switch (t.kind) {
    case 'varbit':
      return true;
    case 'header':
    case 'struct':
    case 'headerUnion':
      return t.fields.some((f) => hasVarbit(f.type));
    case 'headerStack':
      return hasVarbit(t.element);
    case 'tuple':
      return t.elements.some(hasVarbit);
    default:
      return false;
  }
}
