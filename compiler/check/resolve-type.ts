// Turns written types (TypeRef) into checked Types: looks type names up, follows typedefs,
// specializes generic declarations, and checks widths and header stack sizes. Also builds
// parameter lists, which every callable and block declares the same way.

import type * as Ast from '../parser/ast.js';
import { walkAst } from './ast-walk.js';
import { isCompileTimeArgument } from './check-call.js';
import { checkExpressionAs, constIntOf, maxWidth } from './check-expr.js';
import { isDataType } from './check-stmt.js';
import type { Checker } from './context.js';
import { CheckMessages as M } from './messages.js';
import { type Decl, isTypeDecl, type TypeParameterDecl } from './scopes.js';
import { checkSpecializedFields, checkTupleElements, checkTypeArguments } from './type-rules.js';
import {
  type BlockType,
  bindingsOf,
  bitType,
  boolType,
  errorType,
  freshTypeVar,
  infIntType,
  intType,
  isStructLike,
  matchKindType,
  type Param,
  printType,
  stringType,
  substitute,
  type Type,
  type TypeVar,
  unknownType,
  voidType,
} from './types.js';

/**
 * Where a parameter list is declared: constructor parameters may be blocks and packages;
 * action parameters are plain data; extern `method` parameters may name parser and control
 * types (p4c accepts the declaration and checks the calls).
 */
export type ParamRole = 'data' | 'constructor' | 'action' | 'method';

export interface ResolveOptions {
  /** A generic extern, parser, control or package may be named without type arguments (they are inferred). */
  readonly allowUnspecialized?: boolean;
}

export function resolveType(cx: Checker, ref: Ast.TypeArgument | Ast.ReturnType, options: ResolveOptions = {}): Type {
  const t = resolveTypeUncached(cx, ref, options);
  cx.typeOfRef.set(ref, t);
  return t;
}

function resolveTypeUncached(cx: Checker, ref: Ast.TypeArgument | Ast.ReturnType, options: ResolveOptions): Type {
  switch (ref.kind) {
    case 'BaseType':
      return resolveBaseType(cx, ref);
    case 'TypeName': {
      const decl = lookupTypeDecl(cx, ref);
      if (decl === undefined) return unknownType;
      const t = typeOfTypeDecl(cx, decl);
      const params = genericParamsOf(t);
      if (params.length > 0 && !options.allowUnspecialized && !isSpecialized(t)) {
        cx.report(M.typeArgCount, ref.span, ref.name.name, params.length, 0);
        return unknownType;
      }
      return t;
    }
    case 'SpecializedType': {
      const decl = lookupTypeDecl(cx, ref.base);
      const args = ref.args.map((a) => resolveType(cx, a));
      if (decl === undefined) return unknownType;
      const t = typeOfTypeDecl(cx, decl);
      const params = genericParamsOf(t);
      // An extern that an older SDE declared generic (`Checksum<W>`) and the current one does
      // not: our include marks it so, and the type arguments are checked and then dropped.
      if (params.length === 0 && acceptsLegacyTypeArgs(decl)) return t;
      // An empty type-argument list (`ParserCounter<>()`) on a type with no type parameters:
      // p4c's grammar allows the empty list and the counts agree, so it names the type itself.
      if (params.length === 0 && args.length === 0 && !isSpecialized(t)) return t;
      // A typedef of an already specialized type is not generic any more.
      if (params.length === 0 || isSpecialized(t)) {
        cx.report(M.notGeneric, ref.base.span, ref.base.name.name);
        return unknownType;
      }
      if (params.length !== args.length) {
        cx.report(M.typeArgCount, ref.span, ref.base.name.name, params.length, args.length);
        return unknownType;
      }
      if (!checkTypeArguments(cx, ref, t, args)) return unknownType;
      const specialized = specialize(t, params, args);
      if (isStructLike(t) && isStructLike(specialized) && !checkSpecializedFields(cx, t, specialized, isDataType))
        return unknownType;
      return specialized;
    }
    case 'HeaderStackType': {
      const element = resolveType(cx, ref.element);
      const size = stackSizeOf(cx, ref.size);
      // P4 1.2.4 generalised header stacks to arrays of any data type.
      if (!isDataType(element)) {
        cx.report(M.stackElementType, ref.element.span, printType(element));
        return unknownType;
      }
      if (size === undefined) return unknownType;
      if (size < 0n || size > 1_000_000n) {
        cx.report(M.widthInvalid, ref.size.span, 'a header stack size', size.toString());
        return unknownType;
      }
      return { kind: 'headerStack', element, size: Number(size) };
    }
    case 'TupleType': {
      const elements = ref.elements.map((e) => resolveType(cx, e));
      checkTupleElements(cx, ref, elements);
      return { kind: 'tuple', elements };
    }
    case 'ListType':
      return { kind: 'list', element: resolveType(cx, ref.element) };
    case 'VoidType':
      return voidType;
    case 'DontCareType':
      return freshTypeVar('_');
  }
}

/**
 * A stack size is folded before types are known (p4c): another stack's `.size` is not yet a
 * constant there.
 */
function stackSizeOf(cx: Checker, e: Ast.Expression): bigint | undefined {
  const size = constIntOf(cx, e, 'a header stack size');
  if (size === undefined) return undefined;
  let sizeQuery = false;
  walkAst(e, (n) => {
    const m = n as Ast.Expression;
    if (m.kind === 'MemberExpression' && m.member.name === 'size' && cx.typeOf.get(m.object)?.kind === 'headerStack')
      sizeQuery = true;
    return !sizeQuery;
  });
  if (!sizeQuery) return size;
  cx.report(M.notConstant, e.span, 'a header stack size');
  return undefined;
}

function resolveBaseType(cx: Checker, ref: Ast.BaseTypeRef): Type {
  switch (ref.name) {
    case 'bool':
      return boolType;
    case 'string':
      return stringType;
    case 'error':
      // core.p4 declares the type by declaring its first errors; p4c finds no `error` without one.
      if (!cx.hasErrorDeclaration) {
        cx.report(M.errorTypeUndeclared, ref.span);
        return unknownType;
      }
      return errorType;
    case 'match_kind':
      return matchKindType;
    case 'int':
    case 'bit':
    case 'varbit': {
      if (ref.width === undefined) {
        if (ref.name === 'bit') return bitType(1);
        if (ref.name === 'int') return infIntType;
        cx.report(M.widthInvalid, ref.span, 'varbit', 'none');
        return unknownType;
      }
      const w = constIntOf(cx, ref.width, 'a type width');
      if (w === undefined) return unknownType;
      const min = ref.name === 'int' ? 1n : 0n;
      if (w < min || w > BigInt(maxWidth)) {
        cx.report(M.widthInvalid, ref.width.span, ref.name, w.toString());
        return unknownType;
      }
      const width = Number(w);
      if (ref.name === 'bit') return bitType(width);
      if (ref.name === 'int') return intType(width);
      return { kind: 'varbit', width };
    }
  }
}

/** `@legacy_type_args` on an extern: see docs/p4-sources.md, "Older SDE signatures". */
function acceptsLegacyTypeArgs(decl: Decl): boolean {
  return decl.kind === 'ExternDeclaration' && decl.annotations.some((a) => a.name.name === 'legacy_type_args');
}

function lookupTypeDecl(cx: Checker, ref: Ast.TypeName): Decl | undefined {
  const found = cx.lookup(ref.name, ref.global);
  if (found === undefined) return undefined;
  const decl = found.find(isTypeDecl);
  if (decl === undefined) {
    cx.report(M.notAType, ref.span, ref.name.name);
    return undefined;
  }
  cx.declOf.set(ref, decl);
  return decl;
}

/** The type a type declaration stands for (before specialization). */
export function typeOfTypeDecl(cx: Checker, decl: Decl): Type {
  if (decl.kind === 'TypeParameter') return decl.typeVar;
  return cx.typeOfDecl.get(decl) ?? unknownType;
}

/** The type parameters a generic type still waits for (none once specialized). */
export function genericParamsOf(t: Type): readonly TypeVar[] {
  switch (t.kind) {
    case 'extern':
    case 'parser':
    case 'control':
    case 'package':
      return t.typeParams;
    case 'struct':
    case 'header':
    case 'headerUnion':
      return t.typeArgs?.every((a) => a.kind === 'typeVar') ? (t.typeArgs as TypeVar[]) : [];
    default:
      return [];
  }
}

function isSpecialized(t: Type): boolean {
  return (
    (t.kind === 'extern' || t.kind === 'parser' || t.kind === 'control' || t.kind === 'package') &&
    t.typeArgs.length > 0
  );
}

/** Gives a generic type its arguments. Blocks and packages substitute their parameters at once. */
export function specialize(t: Type, params: readonly TypeVar[], args: readonly Type[]): Type {
  const s = bindingsOf(params, args);
  switch (t.kind) {
    case 'extern':
      return { ...t, typeArgs: args };
    case 'parser':
    case 'control':
    case 'package': {
      const sub = substitute(t, s);
      return { ...sub, typeArgs: args } as Type;
    }
    case 'struct':
    case 'header':
    case 'headerUnion':
      return substitute(t, s);
    default:
      return t;
  }
}

/** Declares `<T, U>` in the current scope and returns their type variables. */
export function declareTypeParameters(
  cx: Checker,
  owner: Decl | Ast.MethodPrototype | Ast.FunctionPrototype,
  names: readonly Ast.Identifier[],
): TypeVar[] {
  const existing = cx.typeParamsOf.get(owner);
  const vars = existing !== undefined ? [...existing] : names.map((n) => freshTypeVar(n.name));
  cx.typeParamsOf.set(owner, vars);
  names.forEach((n, i) => {
    const decl: TypeParameterDecl = { kind: 'TypeParameter', name: n, typeVar: vars[i] as TypeVar };
    cx.declare(decl);
  });
  return vars;
}

function isOptional(p: Ast.Parameter): boolean {
  return p.annotations.some((a) => a.name.name === 'optional');
}

/** Rules every parameter list follows (spec 6.8 and p4c's front end). */
function checkParamRules(cx: Checker, p: Ast.Parameter, type: Type, role: ParamRole): void {
  const dir = p.direction;
  // Only constructor arguments bind a generic extern's type parameters; elsewhere they are written.
  if ((role === 'data' || role === 'action') && type.kind === 'extern' && !isSpecialized(type)) {
    const params = genericParamsOf(type);
    if (params.length > 0) cx.report(M.typeArgCount, p.type.span, type.name, params.length, 0);
  }
  // Parsers, controls and packages are passed only to constructors (of packages, parsers, controls, externs).
  if (
    role !== 'constructor' &&
    (type.kind === 'package' ||
      type.kind === 'table' ||
      (role !== 'method' && (type.kind === 'parser' || type.kind === 'control')))
  )
    cx.report(M.paramRule, p.name.span, p.name.name, `a parameter cannot have type ${type.kind} ${printType(type)}`);
  // A parser or control declaration is an object, not a type: parameters name parser and control types.
  if (
    role === 'constructor' &&
    (type.kind === 'parser' || type.kind === 'control') &&
    (type.decl.kind === 'ParserDeclaration' || type.decl.kind === 'ControlDeclaration')
  )
    cx.report(M.paramRule, p.name.span, p.name.name, `a parameter cannot have type ${type.kind} ${printType(type)}`);
  if (role === 'constructor' && dir !== undefined)
    cx.report(M.paramRule, p.name.span, p.name.name, 'a constructor parameter has no direction');
  if (role === 'action') {
    if (type.kind === 'extern' || type.kind === 'infint' || type.kind === 'string')
      cx.report(M.paramRule, p.name.span, p.name.name, `an action parameter cannot have type ${printType(type)}`);
  }
  if (p.defaultValue !== undefined && (dir === 'out' || dir === 'inout'))
    cx.report(M.paramRule, p.name.span, p.name.name, `${dir} parameters cannot have default values`);
  if (dir !== undefined && (type.kind === 'extern' || type.kind === 'string' || type.kind === 'infint'))
    cx.report(M.paramRule, p.name.span, p.name.name, `a parameter of type ${printType(type)} cannot have a direction`);
}

/**
 * Resolves a parameter list. With `declare`, the parameters come into the current scope (a
 * body follows); default values must be compile-time constants of the parameter's type.
 * With `deferredRules`, the rules on each parameter's type and direction are queued there.
 */
export function resolveParams(
  cx: Checker,
  params: readonly Ast.Parameter[],
  declare: boolean,
  role: ParamRole = 'data',
  optionalAllowed = true,
  deferredRules?: (() => void)[],
): Param[] {
  const seen = new Set<string>();
  return params.map((p) => {
    const type = resolveType(cx, p.type, { allowUnspecialized: true });
    cx.typeOfDecl.set(p, type);
    if (p.defaultValue?.kind === 'DotsExpression') cx.report(M.notConstant, p.defaultValue.span, 'a default value');
    else if (p.defaultValue !== undefined) {
      const t = checkExpressionAs(cx, p.defaultValue, type, new Map());
      // A call is never a default value, not even of an extern function (p4c).
      if (
        (p.defaultValue.kind === 'CallExpression' ||
          !isCompileTimeArgument(cx, p.defaultValue, cx.typeOf.get(p.defaultValue) ?? t)) &&
        cx.typeOf.get(p.defaultValue)?.kind !== 'unknown'
      )
        cx.report(M.notConstant, p.defaultValue.span, 'a default value');
    }
    if (deferredRules !== undefined) deferredRules.push(() => checkParamRules(cx, p, type, role));
    else checkParamRules(cx, p, type, role);
    // Functions and the constructors of parsers and controls are always given every argument.
    if (!optionalAllowed && isOptional(p))
      cx.report(M.paramRule, p.name.span, p.name.name, 'only parameters of prototypes can be @optional');
    if (declare) cx.declare(p);
    else if (seen.has(p.name.name)) cx.report(M.duplicate, p.name.span, p.name.name);
    seen.add(p.name.name);
    const param: Param = {
      name: p.name.name,
      direction: p.direction ?? 'none',
      type,
      optional: isOptional(p),
      decl: p,
      ...(p.defaultValue !== undefined ? { defaultValue: p.defaultValue } : {}),
    };
    return param;
  });
}

/** A parser's or control's header (spec 12, 13): declares its type parameters, resolves its apply
 * and constructor parameters, records its type. Called inside the block's own scope. */
export function checkBlockHeader(cx: Checker, d: Ast.ParserDeclaration | Ast.ControlDeclaration): BlockType {
  const kind = d.kind === 'ParserDeclaration' ? 'parser' : 'control';
  const typeParams = declareTypeParameters(cx, d, d.type.typeParameters);
  const applyParams = resolveParams(cx, d.type.parameters, true);
  const ctorParams = resolveParams(cx, d.constructorParameters, true, 'constructor', false);
  checkBlockConstructorParams(cx, d.constructorParameters, ctorParams, kind);
  const type: BlockType = {
    kind,
    name: d.type.name.name,
    decl: d,
    typeParams,
    typeArgs: [],
    applyParams,
    ctorParams,
  };
  cx.typeOfDecl.set(d, type);
  return type;
}

/** A parser or control is built from data, externs, parsers and controls, but never from a package. */
function checkBlockConstructorParams(
  cx: Checker,
  decls: readonly Ast.Parameter[],
  params: readonly Param[],
  block: 'parser' | 'control',
): void {
  for (const [i, p] of params.entries()) {
    const decl = decls[i];
    if (p.type.kind === 'package' && decl !== undefined)
      cx.report(M.paramRule, decl.name.span, p.name, 'a parser or control constructor parameter cannot be a package');
    // A constructor parameter is an instance the block holds: no parser in a control and vice versa (spec 11.3).
    const other = block === 'control' ? 'parser' : 'control';
    if (p.type.kind === other && decl !== undefined)
      cx.report(M.paramRule, decl.name.span, p.name, `a ${block} cannot hold a ${other} instance`);
  }
}
