// Calls: choosing the overload by argument count, parameter names and then argument types,
// inferring type arguments, and checking each argument against its parameter's direction
// (spec 6.8, 8.20, 14.1). What a call can mean comes from check-methods.ts.

import type * as Ast from '../parser/ast.js';
import type { Span } from '../source/span.js';
import { warnAliasedOutArguments } from './argument-aliasing.js';
import { assignable, type Bindings } from './assignable.js';
import { checkCallBindings, checkLookahead } from './call-rules.js';
import { checkExpression, checkNoTableApplyIn, convertTo, lvalueProblem } from './check-expr.js';
import {
  type Candidate,
  checkExtract,
  foldStaticAssert,
  methodCandidates,
  sizeMethodNames,
  sizeOf,
} from './check-methods.js';
import type { Checker, ResolvedCall } from './context.js';
import { CheckMessages as M } from './messages.js';
import { resolveType } from './resolve-type.js';
import { isTypeDecl } from './scopes.js';
import {
  containsTypeVar,
  type Param,
  printType,
  substitute,
  substituteSignature,
  type Type,
  unknownType,
} from './types.js';

export type { Candidate } from './check-methods.js';
export { methodCandidates } from './check-methods.js';
export function checkCall(cx: Checker, e: Ast.CallExpression): Type {
  // A call inside a package's argument reports its own errors in place.
  return cx.anchored ? cx.withAnchor(undefined, () => checkCallHere(cx, e)) : checkCallHere(cx, e);
}

function checkCallHere(cx: Checker, e: Ast.CallExpression): Type {
  const callee = e.callee;
  let name: string;
  let candidates: Candidate[];
  if (callee.kind === 'PathExpression') {
    name = callee.name.name;
    const found = cx.lookup(callee.name, callee.global);
    if (found === undefined) return checkArgsAlone(cx, e.args);
    candidates = [];
    for (const d of found) {
      if (d.kind === 'FunctionDeclaration' || d.kind === 'ExternFunctionDeclaration') {
        const sig = cx.signatureOf.get(d.prototype);
        if (sig !== undefined) candidates.push({ name, target: { kind: 'function', decl: d }, signature: sig });
      } else if (d.kind === 'ActionDeclaration') {
        const sig = cx.signatureOf.get(d);
        if (sig !== undefined) candidates.push({ name, target: { kind: 'action', decl: d }, signature: sig });
      }
    }
    const first = found[0];
    if (first !== undefined) cx.declOf.set(callee, first);
    if (candidates.length === 0) {
      cx.report(M.notCallable, callee.span, `'${name}'`);
      return checkArgsAlone(cx, e.args);
    }
  } else if (callee.kind === 'MemberExpression') {
    name = callee.member.name;
    // `h[0].minSizeInBits()` asks the element type: the index is never evaluated (p4c accepts it on H[0]).
    if (sizeMethodNames.includes(name) && callee.object.kind === 'IndexExpression')
      cx.sizeQueryObjects.add(callee.object);
    const objType = directTypeOf(cx, callee.object) ?? checkExpression(cx, callee.object);
    candidates = methodCandidates(cx, objType, name);
    if (candidates.length === 0) {
      if (objType.kind !== 'unknown') cx.report(M.noMember, callee.member.span, printType(objType), name);
      return checkArgsAlone(cx, e.args);
    }
    if (
      candidates[0]?.target.kind === 'builtin' &&
      (name === 'setValid' || name === 'setInvalid' || name === 'push_front' || name === 'pop_front')
    ) {
      const problem = lvalueProblem(cx, callee.object);
      if (problem !== undefined) cx.report(M.notLvalue, callee.object.span, problem);
    }
  } else {
    const t = checkExpression(cx, callee);
    if (t.kind !== 'unknown') cx.report(M.notCallable, callee.span, 'this expression');
    return checkArgsAlone(cx, e.args);
  }
  checkCallPlace(cx, e, candidates[0] as Candidate);
  const typeArgs = e.typeArgs.map((t) => resolveType(cx, t));
  const resolved = resolveOverload(cx, e, name, candidates, typeArgs, e.args);
  if (resolved === undefined) return unknownType;
  cx.calls.set(e, resolved);
  cx.typeOf.set(callee, { kind: 'function', name, signature: resolved.signature });
  warnAliasedOutArguments(cx, resolved.signature.params, resolved.args);
  if (resolved.target.kind === 'action') checkNoTableApplyIn(cx, e.args);
  if (resolved.target.kind === 'builtin' && sizeMethodNames.includes(name)) {
    const size = sizeOf(resolved.target.object, name);
    if (size !== undefined) cx.valueOf.set(e, size);
  }
  if (resolved.target.kind === 'function' && name === 'static_assert') foldStaticAssert(cx, e, resolved);
  if (
    resolved.target.kind === 'method' &&
    name === 'extract' &&
    resolved.target.instance.kind === 'extern' &&
    resolved.target.instance.name === 'packet_in'
  )
    checkExtract(cx, resolved);
  if (resolved.target.kind === 'method' && name === 'lookahead' && resolved.target.instance.kind === 'extern')
    checkLookahead(cx, e, resolved.signature.returnType);
  return resolved.signature.returnType;
}

/** Tables are applied only in a control's apply block; actions are called from controls and actions. */
function checkCallPlace(cx: Checker, e: Ast.CallExpression, c: Candidate): void {
  const body = cx.env.body;
  if (
    c.target.kind === 'apply' &&
    c.target.instance.kind === 'table' &&
    body !== 'controlApply' &&
    cx.env.table === undefined
  )
    cx.report(M.tableApplyNotAllowed, e.span, cx.describeBody());
  if (c.target.kind === 'apply' && c.target.instance.kind === 'parser' && body !== 'parserState')
    cx.report(M.statementNotAllowed, e.span, 'applying a parser', cx.describeBody());
  if (c.target.kind === 'apply' && c.target.instance.kind === 'control' && body !== 'controlApply')
    cx.report(M.statementNotAllowed, e.span, 'applying a control', cx.describeBody());
  if (c.target.kind === 'action' && body !== 'controlApply' && body !== 'action')
    cx.report(M.statementNotAllowed, e.span, 'calling an action', cx.describeBody());
  if (
    c.target.kind === 'function' &&
    c.target.decl.kind === 'ExternFunctionDeclaration' &&
    c.name === 'verify' &&
    body !== 'parserState'
  )
    cx.report(M.statementNotAllowed, e.span, "'verify'", cx.describeBody());
}

/**
 * `C.apply(...)` on a parser or control declaration applies an implicit instance (direct
 * invocation); `T.minSizeInBits()` asks a type. Returns the type, or undefined for a value.
 */
function directTypeOf(cx: Checker, object: Ast.Expression): Type | undefined {
  if (object.kind === 'TypeNameExpression') {
    const t = resolveType(cx, object.type, { allowUnspecialized: true });
    cx.typeOf.set(object, t);
    return t;
  }
  if (object.kind !== 'PathExpression') return undefined;
  const found = cx.lookup(object.name, object.global, true);
  const decl = found?.[0];
  if (decl === undefined || !found?.every(isTypeDecl)) return undefined;
  cx.declOf.set(object, decl);
  const t = decl.kind === 'TypeParameter' ? decl.typeVar : (cx.typeOfDecl.get(decl) ?? unknownType);
  cx.typeOf.set(object, t);
  return t;
}

export function checkArgsAlone(cx: Checker, args: readonly Ast.Argument[]): Type {
  for (const a of args) checkExpression(cx, a.value);
  return unknownType;
}

type ArgMatch =
  | { readonly ok: true; readonly args: (Ast.Argument | undefined)[] }
  | { readonly ok: false; readonly report: () => void };

/** Pairs arguments with parameters by position or by name, without looking at types. */
function matchArgs(
  cx: Checker,
  name: string,
  params: readonly Param[],
  args: readonly Ast.Argument[],
  callSpan: Span,
): ArgMatch {
  const named = args.length > 0 && args[0]?.name !== undefined;
  const byParam: (Ast.Argument | undefined)[] = new Array(params.length).fill(undefined);
  if (named) {
    for (const a of args) {
      const i = params.findIndex((p) => p.name === a.name?.name);
      if (i < 0)
        return { ok: false, report: () => cx.report(M.unknownParam, a.name?.span ?? a.span, name, a.name?.name ?? '') };
      if (byParam[i] !== undefined)
        return { ok: false, report: () => cx.report(M.duplicateArg, a.span, a.name?.name ?? '') };
      byParam[i] = a;
    }
  } else {
    if (args.length > params.length) {
      return {
        ok: false,
        report: () =>
          cx.report(M.argCount, (args[params.length] as Ast.Argument).span, name, expectedCount(params), args.length),
      };
    }
    args.forEach((a, i) => {
      byParam[i] = a;
    });
  }
  const missing = params.findIndex((p, i) => byParam[i] === undefined && !p.optional && p.defaultValue === undefined);
  if (missing >= 0) {
    const p = params[missing] as Param;
    return {
      ok: false,
      report: () =>
        named
          ? cx.report(M.missingArg, args[args.length - 1]?.span ?? p.decl?.span ?? { start: 0, end: 0 }, p.name)
          : cx.report(M.argCount, spanOfArgs(args, callSpan), name, expectedCount(params), args.length),
    };
  }
  return { ok: true, args: byParam };
}

function spanOfArgs(args: readonly Ast.Argument[], callSpan: Span): Span {
  const first = args[0];
  const last = args[args.length - 1];
  return first !== undefined && last !== undefined ? { start: first.span.start, end: last.span.end } : callSpan;
}

function expectedCount(params: readonly Param[]): string {
  const min = params.filter((p) => !p.optional && p.defaultValue === undefined).length;
  return min === params.length ? String(min) : `${min} to ${params.length}`;
}

/**
 * Picks the overload and checks the arguments against it. `node` is the call, constructor call
 * or instantiation (where errors about the call as a whole are reported).
 */
export function resolveOverload(
  cx: Checker,
  node: Ast.Node,
  name: string,
  candidates: readonly Candidate[],
  explicitTypeArgs: readonly Type[],
  args: readonly Ast.Argument[],
): ResolvedCall | undefined {
  const named = args.filter((a) => a.name !== undefined).length;
  if (named !== 0 && named !== args.length) {
    cx.report(M.mixedNamedArgs, node.span);
    checkArgsAlone(cx, args);
    return undefined;
  }
  const matches = candidates.map((c) => ({ c, m: matchArgs(cx, name, c.signature.params, args, node.span) }));
  const viable = matches.filter((x) => x.m.ok);
  if (viable.length === 0) {
    const only = matches[0];
    if (matches.length === 1 && only !== undefined && !only.m.ok) only.m.report();
    else cx.report(M.noOverload, node.span, name, args.length);
    checkArgsAlone(cx, args);
    return undefined;
  }
  let chosen = viable[0] as { c: Candidate; m: ArgMatch & { ok: true } };
  let prechecked = false;
  if (viable.length > 1) {
    // Several overloads take this many arguments: decide by the arguments' types.
    for (const a of args) checkExpression(cx, a.value);
    prechecked = true;
    const typed = viable.filter((x) => {
      const b: Bindings = new Map();
      return (x.m as ArgMatch & { ok: true }).args.every((a, i) => {
        if (a === undefined) return true;
        const p = x.c.signature.params[i] as Param;
        return assignable(
          cx.typeOf.get(a.value) ?? unknownType,
          p.type,
          b,
          p.direction === 'out' || p.direction === 'inout',
        );
      });
    });
    if (typed.length !== 1) {
      cx.report(typed.length === 0 ? M.noOverload : M.ambiguousCall, node.span, name, args.length);
      return undefined;
    }
    chosen = typed[0] as typeof chosen;
  }
  const sig = chosen.c.signature;
  const bindings: Bindings = new Map();
  if (explicitTypeArgs.length > 0) {
    if (explicitTypeArgs.length !== sig.typeParams.length) {
      cx.report(M.typeArgCount, node.span, name, sig.typeParams.length, explicitTypeArgs.length);
    } else {
      for (const [i, v] of sig.typeParams.entries()) bindings.set(v.id, explicitTypeArgs[i] as Type);
    }
  }
  const argExprs = checkArguments(cx, chosen.c, chosen.m.args, bindings, prechecked);
  for (const v of sig.typeParams) {
    if (bindings.get(v.id)?.kind === 'infint' && explicitTypeArgs.length === 0) {
      // `f(5)` for `f<T>(in T x)`: an int has no width to give T (p4c: could not infer a width).
      const i = sig.params.findIndex((p) => p.type.kind === 'typeVar' && p.type.id === v.id);
      const arg = argExprs[i];
      cx.report(M.cannotInferWidth, arg?.span ?? node.span, `the argument for '${sig.params[i]?.name ?? v.name}'`);
      bindings.set(v.id, unknownType);
    }
    if (!bindings.has(v.id) && containsTypeVar(sig.returnType) && typeMentions(sig.returnType, v.id)) {
      cx.report(M.cannotInfer, node.span, v.name, name);
      bindings.set(v.id, unknownType);
    }
  }
  checkCallBindings(cx, node, name, chosen.c, bindings, argExprs);
  const signature = substituteSignature(sig, bindings);
  return { target: chosen.c.target, signature, typeParams: sig.typeParams, typeArgs: bindings, args: argExprs };
}

function typeMentions(t: Type, id: number): boolean {
  return substitute(t, new Map([[id, unknownType]])) !== t;
}

/**
 * Checks each argument against its parameter: first binds type variables from every argument
 * (so `max(1, x)` takes x's width), then converts `in` arguments and checks that `out` and
 * `inout` arguments are l-values of exactly the parameter's type.
 */
function checkArguments(
  cx: Checker,
  c: Candidate,
  args: readonly (Ast.Argument | undefined)[],
  bindings: Bindings,
  prechecked: boolean,
): (Ast.Expression | undefined)[] {
  const params = c.signature.params;
  const types = args.map((a, i) => {
    if (a === undefined) return undefined;
    const p = params[i] as Param;
    const expected = substitute(p.type, bindings);
    const t = prechecked
      ? (cx.typeOf.get(a.value) ?? unknownType)
      : checkExpression(cx, a.value, containsTypeVar(expected) ? undefined : expected);
    assignable(t, p.type, bindings, p.direction === 'out' || p.direction === 'inout');
    return t;
  });
  args.forEach((a, i) => {
    const t = types[i];
    if (a === undefined || t === undefined) return;
    const p = params[i] as Param;
    const target = substitute(p.type, bindings);
    if (p.direction === 'out' || p.direction === 'inout') {
      if (a.value.kind === 'DontCareExpression' && p.direction === 'out') return;
      const problem = lvalueProblem(cx, a.value);
      if (problem !== undefined) cx.report(M.outArgNotLvalue, a.value.span, p.direction, p.name);
      else if (!assignable(t, target, bindings, true))
        cx.report(M.exactArgType, a.value.span, p.direction, p.name, printType(t), printType(target));
      return;
    }
    if (t.kind === 'dontCare') {
      cx.report(M.dontCareNotAllowed, a.value.span);
      return;
    }
    if (p.direction === 'none' && target.kind === 'infint' && (t.kind === 'bit' || t.kind === 'int')) {
      // An `int` parameter (a count, a shift amount) takes any compile-time integer.
      if (!isCompileTimeArgument(cx, a.value, t))
        cx.report(M.notConstant, a.value.span, `the argument for directionless parameter '${p.name}'`);
      return;
    }
    if (!assignable(t, target, bindings)) {
      cx.report(M.argType, a.value.span, p.name, printType(t), printType(target));
      return;
    }
    convertTo(cx, a.value, t, target, bindings);
    if (p.direction === 'none' && c.target.kind !== 'action' && !isCompileTimeArgument(cx, a.value, t))
      cx.report(M.notConstant, a.value.span, `the argument for directionless parameter '${p.name}'`);
  });
  return args.map((a) => a?.value);
}

/** Directionless arguments of externs and functions are constants or instances. */
export function isCompileTimeArgument(cx: Checker, e: Ast.Expression, t: Type): boolean {
  if (cx.valueOf.has(e) || t.kind === 'unknown') return true;
  if (t.kind === 'extern' || t.kind === 'parser' || t.kind === 'control' || t.kind === 'package') return true;
  if (e.kind === 'PathExpression') {
    const d = cx.declOf.get(e);
    // A directionless parameter of the enclosing block or action is itself fixed at compile time.
    if (d?.kind === 'Parameter' && d.direction === undefined) return true;
    if (d?.kind === 'ConstantDeclaration') return true;
  }
  switch (e.kind) {
    case 'ListExpression':
      return e.elements.every((el) => isCompileTimeArgument(cx, el, cx.typeOf.get(el) ?? unknownType));
    case 'StructExpression':
      return e.fields.every((f) => isCompileTimeArgument(cx, f.value, cx.typeOf.get(f.value) ?? unknownType));
    case 'InvalidExpression':
    case 'DotsExpression':
    case 'ConstructorCallExpression':
      return true;
    case 'CastExpression':
      return isCompileTimeArgument(cx, e.operand, cx.typeOf.get(e.operand) ?? unknownType);
    case 'CallExpression':
      // An extern function computing a constructor argument (p4c evaluates it at compile time).
      return cx.calls.get(e)?.target.kind === 'function';
    default:
      return false;
  }
}
