// Top-level declarations: every declaration kind is checked in program order (so a name is
// visible only after its declaration) and brought into scope. Type declarations build their
// Type here: headers, unions, structs, enums, typedef and type, parser, control and package
// types, externs with their methods; also errors, match kinds and functions.

import type * as Ast from '../parser/ast.js';
import { checkAction, checkControl } from './check-control.js';
import { checkExpressionAs } from './check-expr.js';
import { checkInstantiation } from './check-instance.js';
import { checkParser } from './check-parser.js';
import { checkConstant, checkFunctionBody, isDataType } from './check-stmt.js';
import type { Checker } from './context.js';
import { CheckMessages as M } from './messages.js';
import { declareTypeParameters, resolveParams, resolveType } from './resolve-type.js';
import type { MemberDecl } from './scopes.js';
import {
  type BlockType,
  type Field,
  isHeaderFieldType,
  printType,
  type Signature,
  type Type,
  unknownType,
} from './types.js';

export function checkDeclaration(cx: Checker, d: Ast.Declaration): void {
  switch (d.kind) {
    case 'ConstantDeclaration':
      checkConstant(cx, d);
      return;
    case 'ExternDeclaration':
      checkExtern(cx, d);
      return;
    case 'ExternFunctionDeclaration':
      checkFunctionPrototype(cx, d, d.prototype);
      return;
    case 'ExternForwardDeclaration':
      cx.typeOfDecl.set(d, { kind: 'extern', name: d.name.name, decl: d, typeParams: [], typeArgs: [] });
      cx.declare(d);
      return;
    case 'ActionDeclaration':
      checkAction(cx, d);
      return;
    case 'ParserDeclaration':
      checkParser(cx, d);
      return;
    case 'ControlDeclaration':
      checkControl(cx, d);
      return;
    case 'HeaderTypeDeclaration':
    case 'HeaderUnionDeclaration':
    case 'StructTypeDeclaration':
      checkStructLike(cx, d);
      return;
    case 'EnumDeclaration':
      checkEnum(cx, d);
      return;
    case 'TypedefDeclaration':
      checkTypedef(cx, d);
      return;
    case 'NewTypeDeclaration': {
      const base = resolveType(cx, d.type);
      if (!['bit', 'int', 'bool', 'newtype', 'unknown'].includes(base.kind))
        cx.report(
          M.notAllowedHere,
          d.type.span,
          `'type' of ${printType(base)}`,
          '(only of bit<W>, int<W>, bool or another type)',
        );
      cx.typeOfDecl.set(d, { kind: 'newtype', name: d.name.name, base, decl: d });
      cx.declare(d);
      return;
    }
    case 'ParserTypeDeclaration':
    case 'ControlTypeDeclaration':
      checkBlockType(cx, d);
      return;
    case 'PackageTypeDeclaration':
      checkPackageType(cx, d);
      return;
    case 'Instantiation':
      checkInstantiation(cx, d);
      return;
    case 'ErrorDeclaration':
      declareMembers(cx, d.members, 'ErrorMember', cx.errorMembers);
      return;
    case 'MatchKindDeclaration':
      declareMembers(cx, d.members, 'MatchKindMember', cx.matchKinds);
      return;
    case 'FunctionDeclaration':
      checkFunctionPrototype(cx, d, d.prototype, d);
      return;
  }
}

/** `error { ... }` and `match_kind { ... }` may be declared several times; their members add up. */
function declareMembers(
  cx: Checker,
  members: readonly Ast.Identifier[],
  kind: MemberDecl['kind'],
  table: Map<string, MemberDecl>,
): void {
  for (const m of members) {
    const existing = table.get(m.name);
    if (existing !== undefined) {
      const d = cx.sink.report(M.duplicateMember, m.span, kind === 'ErrorMember' ? 'error' : 'match_kind', m.name);
      cx.sink.addRelated(d, existing.name.span, `'${m.name}' declared here`);
      continue;
    }
    const decl: MemberDecl = { kind, name: m };
    table.set(m.name, decl);
    if (kind === 'MatchKindMember') cx.declare(decl);
  }
}

type StructLikeDecl = Ast.HeaderTypeDeclaration | Ast.HeaderUnionDeclaration | Ast.StructTypeDeclaration;

function checkStructLike(cx: Checker, d: StructLikeDecl): void {
  const kind =
    d.kind === 'HeaderTypeDeclaration' ? 'header' : d.kind === 'HeaderUnionDeclaration' ? 'headerUnion' : 'struct';
  const what = `${kind === 'headerUnion' ? 'header_union' : kind} '${d.name.name}'`;
  const { fields, typeParams } = cx.inScope(() => {
    const typeParams = declareTypeParameters(cx, d, d.typeParameters);
    const seen = new Set<string>();
    const fields: Field[] = [];
    for (const f of d.fields) {
      const type = resolveType(cx, f.type);
      if (seen.has(f.name.name)) cx.report(M.duplicateMember, f.name.span, 'field', f.name.name);
      checkFieldAnnotations(cx, f, seen);
      seen.add(f.name.name);
      const allowed =
        type.kind === 'typeVar' ||
        (kind === 'header'
          ? isHeaderFieldType(type)
          : kind === 'headerUnion'
            ? type.kind === 'header' || type.kind === 'unknown'
            : isDataType(type));
      if (!allowed) cx.report(M.fieldType, f.type.span, what, f.name.name, printType(type));
      fields.push({ name: f.name.name, type, decl: f });
    }
    return { fields, typeParams };
  });
  const type: Type = {
    kind,
    name: d.name.name,
    fields,
    decl: d,
    ...(typeParams.length > 0 ? { typeArgs: typeParams } : {}),
  };
  cx.typeOfDecl.set(d, type);
  cx.declare(d);
}

function checkEnum(cx: Checker, d: Ast.EnumDeclaration): void {
  const seen = new Set<string>();
  for (const m of d.members) {
    if (seen.has(m.name.name))
      cx.report(M.duplicateMember, m.name.span, `member of enum '${d.name.name}'`, m.name.name);
    seen.add(m.name.name);
  }
  if (d.underlyingType === undefined) {
    for (const m of d.members)
      if (m.value !== undefined)
        cx.report(M.notAllowedHere, m.value.span, 'a member value', 'in an enum without an underlying type');
    cx.typeOfDecl.set(d, { kind: 'enum', name: d.name.name, members: d.members.map((m) => m.name.name), decl: d });
    cx.declare(d);
    return;
  }
  const underlying = resolveType(cx, d.underlyingType);
  if (underlying.kind !== 'bit' && underlying.kind !== 'int') {
    if (underlying.kind !== 'unknown') cx.report(M.serEnumUnderlying, d.underlyingType.span, printType(underlying));
    cx.typeOfDecl.set(d, unknownType);
    cx.declare(d);
    return;
  }
  const members = new Map<string, bigint>();
  const typeRef = d.underlyingType;
  // A member's value may name the members before it (`c = a`), as constants of the underlying type.
  cx.inScope(() => {
    for (const m of d.members) {
      if (m.value === undefined) {
        cx.report(M.serEnumNoValue, m.name.span, m.name.name);
        continue;
      }
      checkExpressionAs(cx, m.value, underlying);
      const v = cx.valueOf.get(m.value);
      if (typeof v === 'bigint') {
        members.set(m.name.name, v);
        const earlier: Ast.ConstantDeclaration = {
          kind: 'ConstantDeclaration',
          annotations: [],
          type: typeRef,
          name: m.name,
          value: m.value,
          span: m.span,
        };
        cx.typeOfDecl.set(earlier, underlying);
        cx.valueOfDecl.set(earlier, v);
        cx.scope.declare(m.name.name, earlier);
      } else if (cx.typeOf.get(m.value)?.kind !== 'unknown')
        cx.report(M.notConstant, m.value.span, `the value of '${m.name.name}'`);
    }
  });
  cx.typeOfDecl.set(d, { kind: 'serEnum', name: d.name.name, underlying, members, decl: d });
  cx.declare(d);
}

function checkTypedef(cx: Checker, d: Ast.TypedefDeclaration): void {
  let t: Type;
  if (
    d.type.kind === 'HeaderTypeDeclaration' ||
    d.type.kind === 'HeaderUnionDeclaration' ||
    d.type.kind === 'StructTypeDeclaration' ||
    d.type.kind === 'EnumDeclaration'
  ) {
    checkDeclaration(cx, d.type);
    t = cx.typeOfDecl.get(d.type) ?? unknownType;
  } else t = resolveType(cx, d.type);
  cx.typeOfDecl.set(d, t);
  cx.declare(d);
}

function checkBlockType(cx: Checker, d: Ast.ParserTypeDeclaration | Ast.ControlTypeDeclaration): void {
  const kind = d.kind === 'ParserTypeDeclaration' ? 'parser' : 'control';
  const type = cx.inScope(() => {
    const typeParams = declareTypeParameters(cx, d, d.typeParameters);
    const applyParams = resolveParams(cx, d.parameters, false);
    const t: BlockType = { kind, name: d.name.name, decl: d, typeParams, typeArgs: [], applyParams, ctorParams: [] };
    return t;
  });
  cx.typeOfDecl.set(d, type);
  cx.declare(d);
}

function checkPackageType(cx: Checker, d: Ast.PackageTypeDeclaration): void {
  const type = cx.inScope(() => {
    const typeParams = declareTypeParameters(cx, d, d.typeParameters);
    const ctorParams = resolveParams(cx, d.parameters, false, 'constructor');
    return { kind: 'package', name: d.name.name, decl: d, typeParams, typeArgs: [], ctorParams } as const;
  });
  cx.typeOfDecl.set(d, type);
  cx.declare(d);
}

/** An extern object: its type first (methods may name it), then each method's signature. */
function checkExtern(cx: Checker, d: Ast.ExternDeclaration): void {
  cx.inScope(() => {
    const typeParams = declareTypeParameters(cx, d, d.typeParameters);
    const type: Type = { kind: 'extern', name: d.name.name, decl: d, typeParams, typeArgs: [] };
    cx.typeOfDecl.set(d, type);
    for (const m of d.methods) {
      if (!m.isConstructor && m.name.name === d.name.name)
        cx.report(
          M.notAllowedHere,
          m.name.span,
          `a return type for constructor '${m.name.name}'`,
          '(a constructor has none)',
        );
      if (m.isConstructor && m.name.name !== d.name.name)
        cx.report(M.notAllowedHere, m.name.span, `constructor '${m.name.name}'`, `in extern '${d.name.name}'`);
      const sig = cx.inScope(() => {
        const methodTypeParams = declareTypeParameters(cx, m, m.typeParameters);
        const params = resolveParams(cx, m.parameters, false, m.isConstructor ? 'constructor' : 'method');
        const returnType = m.isConstructor || m.returnType === undefined ? type : resolveType(cx, m.returnType);
        return { typeParams: methodTypeParams, params, returnType };
      });
      cx.signatureOf.set(m, sig);
      // Only packages, parsers and controls are built from parsers, controls and packages.
      for (const [i, p] of sig.params.entries())
        if (m.isConstructor && (p.type.kind === 'parser' || p.type.kind === 'control' || p.type.kind === 'package'))
          cx.report(
            M.paramRule,
            m.parameters[i]?.name.span ?? m.name.span,
            p.name,
            `an extern constructor parameter cannot have type ${p.type.kind} ${printType(p.type)}`,
          );
      if (sig.returnType.kind === 'infint' && m.returnType !== undefined)
        cx.report(M.notAllowedHere, m.returnType.span, 'the return type int', 'for a method (give it a width)');
      const twin = d.methods.find((o) => o !== m && sameOverload(o, m));
      if (twin !== undefined && d.methods.indexOf(twin) < d.methods.indexOf(m))
        cx.report(M.duplicateMember, m.name.span, m.isConstructor ? 'constructor' : 'method', m.name.name);
    }
  });
  cx.declare(d);
}

/** Extern functions and functions: a signature, and for functions a body that returns on every path. */
function checkFunctionPrototype(
  cx: Checker,
  d: Ast.ExternFunctionDeclaration | Ast.FunctionDeclaration,
  proto: Ast.FunctionPrototype,
  fn?: Ast.FunctionDeclaration,
): void {
  cx.inScope(() => {
    const typeParams = declareTypeParameters(cx, proto, proto.typeParameters);
    const returnType = resolveType(cx, proto.returnType);
    const params = resolveParams(cx, proto.parameters, fn !== undefined, 'data', fn === undefined);
    const sig: Signature = { typeParams, params, returnType };
    cx.signatureOf.set(proto, sig);
    cx.typeOfDecl.set(d, { kind: 'function', name: proto.name.name, signature: sig });
    if (fn !== undefined) checkFunctionBody(cx, fn, returnType, { body: 'function' });
  });
  cx.declare(d);
}

/** Methods overload by the number and names of their parameters: two alike cannot be told apart. */
function sameOverload(a: Ast.MethodPrototype, b: Ast.MethodPrototype): boolean {
  return (
    a.name.name === b.name.name &&
    a.parameters.length === b.parameters.length &&
    a.parameters.every((p, i) => p.name.name === b.parameters[i]?.name.name)
  );
}

/**
 * `@length(f)` sizes a varbit field by an earlier field; `@match(kind)` gives a value-set
 * field its match kind. Only the forms naming one thing are understood.
 */
function checkFieldAnnotations(cx: Checker, f: Ast.StructField, earlier: ReadonlySet<string>): void {
  for (const a of f.annotations) {
    const only = a.tokens.length === 1 ? a.tokens[0] : undefined;
    if (a.name.name === 'length' && only?.kind === 'Identifier' && !earlier.has(only.text))
      cx.report(M.notFound, only.span, only.text);
    if (a.name.name === 'match' && (only?.kind !== 'Identifier' || !cx.matchKinds.has(only.text)))
      cx.report(M.notMatchKind, a.span, a.tokens.map((t) => t.text).join(' '));
  }
}
