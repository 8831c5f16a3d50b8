// Instantiations: `Register<bit<32>, bit<16>>(1024) reg;`, anonymous constructor calls as
// package arguments (`Pipeline(IngressParser(), ...)`), type-argument inference from the
// constructor's arguments, and initializer blocks implementing abstract methods
// (`RegisterAction<...>(reg) ra = { void apply(inout bit<32> v) { ... } };`).

import type * as Ast from '../parser/ast.js';
import { type Candidate, checkArgsAlone, resolveOverload } from './check-call.js';
import { constIntOf } from './check-expr.js';
import { checkFunctionBody } from './check-stmt.js';
import type { Checker, ResolvedCall } from './context.js';
import { CheckMessages as M } from './messages.js';
import { declareTypeParameters, resolveParams, resolveType, specialize } from './resolve-type.js';
import { mentionsTypeVar } from './type-rules.js';
import {
  bindingsOf,
  type Param,
  printType,
  sameType,
  substitute,
  substituteSignature,
  type Type,
  unknownType,
} from './types.js';

/** The constructors of an instantiable type; empty if it cannot be instantiated. */
function constructorCandidates(cx: Checker, t: Type): Candidate[] {
  switch (t.kind) {
    case 'extern': {
      if (t.decl.kind !== 'ExternDeclaration') return [];
      const s = bindingsOf(t.typeParams, t.typeArgs);
      return t.decl.methods
        .filter((m) => m.isConstructor)
        .flatMap((m) => {
          const sig = cx.signatureOf.get(m);
          if (sig === undefined) return [];
          const open = t.typeArgs.length === 0 ? t.typeParams : [];
          const signature = substituteSignature({ ...sig, typeParams: [...open, ...sig.typeParams] }, s);
          return [{ name: t.name, target: { kind: 'constructor', type: t, decl: m }, signature } as Candidate];
        });
    }
    case 'parser':
    case 'control':
      if (t.decl.kind !== 'ParserDeclaration' && t.decl.kind !== 'ControlDeclaration') return [];
      return [
        {
          name: t.name,
          target: { kind: 'constructor', type: t },
          signature: { typeParams: [], params: t.ctorParams, returnType: t },
        },
      ];
    case 'package': {
      const open = t.typeArgs.length === 0 ? t.typeParams : [];
      return [
        {
          name: t.name,
          target: { kind: 'constructor', type: t },
          signature: { typeParams: open, params: t.ctorParams, returnType: t },
        },
      ];
    }
    default:
      return [];
  }
}

/** Parsers, controls and packages may be overloaded by constructor parameters: every declaration of the name. */
function overloadsOf(cx: Checker, ref: Ast.TypeRef): Type[] {
  if (ref.kind !== 'TypeName') return [];
  const found = cx.lookup(ref.name, ref.global, true) ?? [];
  const blocks = found.filter(
    (d) => d.kind === 'ParserDeclaration' || d.kind === 'ControlDeclaration' || d.kind === 'PackageTypeDeclaration',
  );
  return blocks.length > 1 ? blocks.map((d) => cx.typeOfDecl.get(d) ?? unknownType) : [];
}

/** The instance type once the constructor call has bound the type's parameters. */
function instanceType(cx: Checker, node: Ast.Node, t: Type, call: ResolvedCall): Type {
  if ((t.kind !== 'extern' && t.kind !== 'package') || t.typeArgs.length > 0 || t.typeParams.length === 0) return t;
  const args = t.typeParams.map((v) => call.typeArgs.get(v.id) ?? v);
  // Every type parameter is bound by an argument (a defaulted one binds nothing); a
  // package's parameters that only @optional arguments mention may stay open (TNA's Switch).
  for (const [i, a] of args.entries()) {
    const onlyOptional =
      t.kind === 'package' &&
      a.kind === 'typeVar' &&
      t.ctorParams.every((p) => p.optional || !mentionsTypeVar(p.type, a.id));
    if (a.kind === 'typeVar' && a.id === t.typeParams[i]?.id && !onlyOptional) {
      cx.report(M.cannotInfer, node.span, a.name, t.name);
      args[i] = unknownType;
    }
  }
  return specialize(t, t.typeParams, args);
}

function instantiate(
  cx: Checker,
  node: Ast.Instantiation | Ast.ConstructorCallExpression,
  typeRef: Ast.TypeRef,
  args: readonly Ast.Argument[],
): Type {
  if (node.kind === 'Instantiation' && typeRef.kind === 'HeaderStackType')
    return instantiateArray(cx, node, typeRef, args);
  const t = resolveType(cx, typeRef, { allowUnspecialized: true });
  if (t.kind === 'unknown') {
    checkArgsAlone(cx, args);
    return unknownType;
  }
  const candidates = overloadsOf(cx, typeRef).flatMap((o) => constructorCandidates(cx, o));
  if (candidates.length === 0) candidates.push(...constructorCandidates(cx, t));
  if (candidates.length === 0) {
    cx.report(M.notInstantiable, typeRef.span, printType(t));
    return unknownType;
  }
  // Anonymous instances (`Hash<bit<16>>(...).get(x)`) may appear in any expression; p4c hoists them.
  const place = node.kind === 'Instantiation' ? instantiationProblem(cx, t) : undefined;
  // p4c rejects one in a function body while it validates the syntax tree, before anything else.
  if (place !== undefined)
    cx.report(
      cx.env.body === 'function' ? M.instantiationInFunction : M.instantiationNotAllowed,
      node.span,
      printType(t),
      place,
    );
  // p4c reports a package argument that does not fit at the package's declaration.
  const anchor =
    t.kind === 'package'
      ? {
          span: t.decl.name.span,
          defs: [M.argType, M.exactArgType, M.argCount, M.missingArg],
          note: `in this instantiation of package '${t.name}'`,
          prefix: `package '${t.name}'`,
          reported: new Set<string>(),
        }
      : undefined;
  const call = cx.withAnchor(anchor, () => resolveOverload(cx, node, printType(t), candidates, [], args));
  if (call === undefined)
    return t.kind === 'extern' && t.typeArgs.length === 0 && t.typeParams.length > 0 ? unknownType : t;
  cx.calls.set(node, call);
  return instanceType(cx, node, t, call);
}

/**
 * `E(args) name[N];` declares N instances constructed alike (p4c 1.2.5 arrays of extern
 * instances); `name[i]` is one of them.
 */
function instantiateArray(
  cx: Checker,
  node: Ast.Instantiation,
  typeRef: Ast.HeaderStackType,
  args: readonly Ast.Argument[],
): Type {
  const element = instantiate(cx, node, typeRef.element, args);
  const size = constIntOf(cx, typeRef.size, 'an instance array size');
  if (element.kind === 'unknown' || size === undefined) return unknownType;
  if (size < 1n || size > 1_000_000n) {
    cx.report(M.widthInvalid, typeRef.size.span, 'an instance array size', size.toString());
    return unknownType;
  }
  const t: Type = { kind: 'headerStack', element, size: Number(size) };
  cx.typeOfRef.set(typeRef, t);
  return t;
}

/** Where each kind of instance may be created (spec 11.3): undefined if allowed here. */
function instantiationProblem(cx: Checker, t: Type): string | undefined {
  const body = cx.env.body;
  const where = cx.describeBody();
  if (body === 'action' || body === 'function' || body === 'parserState' || body === 'controlApply') return where;
  if (t.kind === 'package' && body !== 'top') return where;
  if ((t.kind === 'parser' || t.kind === 'control') && body === 'top') return where;
  if (t.kind === 'parser' && body === 'control') return where;
  if (t.kind === 'control' && body === 'parser') return where;
  return undefined;
}

export function checkConstructorCall(cx: Checker, e: Ast.ConstructorCallExpression): Type {
  const t = instantiate(cx, e, e.type, e.args);
  // Abstract methods are implemented only in the initializer block of a declared instance.
  if (t.kind === 'extern' && t.decl.kind === 'ExternDeclaration' && t.decl.methods.some((m) => m.isAbstract))
    cx.report(M.abstractByConstructorCall, e.span, printType(t));
  return t;
}

export function checkInstantiation(cx: Checker, inst: Ast.Instantiation): void {
  const t = instantiate(cx, inst, inst.type, inst.args);
  cx.typeOfDecl.set(inst, t);
  checkSpecializedMethods(cx, t);
  if (inst.initializer !== undefined) checkInitializer(cx, inst, t, inst.initializer);
  else if (t.kind === 'extern' && t.decl.kind === 'ExternDeclaration') {
    const abstract = t.decl.methods.filter((m) => m.isAbstract && !isOptional(m));
    for (const m of abstract) cx.report(M.abstractMissing, inst.name.span, m.name.name, printType(t));
  }
  cx.declare(inst);
  cx.instantiations.push(inst);
}

/**
 * A method's parameters follow the parameter rules once the extern's type arguments are in
 * (p4c: `out U rv` with U = string is a string with a direction), reported at the method.
 */
function checkSpecializedMethods(cx: Checker, t: Type): void {
  if (t.kind !== 'extern' || t.decl.kind !== 'ExternDeclaration' || t.typeArgs.length === 0) return;
  const s = bindingsOf(t.typeParams, t.typeArgs);
  for (const m of t.decl.methods) {
    const sig = cx.signatureOf.get(m);
    if (sig === undefined || m.isConstructor) continue;
    for (const [i, p] of sig.params.entries()) {
      const type = substitute(p.type, s);
      if (p.direction === 'none' || type === p.type) continue;
      if (type.kind === 'string' || type.kind === 'infint' || type.kind === 'extern')
        cx.report(
          M.paramRule,
          m.parameters[i]?.name.span ?? m.name.span,
          p.name,
          `a parameter of type ${printType(type)} cannot have a direction (in ${printType(t)})`,
        );
    }
  }
}

function isOptional(m: Ast.MethodPrototype): boolean {
  return m.annotations.some((a) => a.name.name === 'optional');
}

/** Checks the abstract-method implementations of `= { ... }` against the extern's declarations. */
function checkInitializer(
  cx: Checker,
  inst: Ast.Instantiation,
  t: Type,
  members: readonly (Ast.FunctionDeclaration | Ast.Instantiation)[],
): void {
  if (t.kind !== 'extern' || t.decl.kind !== 'ExternDeclaration') {
    resolveMemberSignatures(cx, members);
    if (t.kind !== 'unknown') cx.report(M.notAllowedHere, inst.span, 'an initializer block', `for ${printType(t)}`);
    return;
  }
  const decl = t.decl;
  if (!decl.methods.some((m) => m.isAbstract)) {
    resolveMemberSignatures(cx, members);
    cx.report(
      M.notAllowedHere,
      inst.name.span,
      'an initializer block',
      `for ${printType(t)}, which has no abstract methods`,
    );
    return;
  }
  const s = bindingsOf(t.typeParams, t.typeArgs);
  const implemented = new Set<string>();
  cx.inScope(
    () => {
      for (const member of members) {
        if (member.kind === 'Instantiation') {
          checkInstantiation(cx, member);
          continue;
        }
        const name = member.prototype.name.name;
        const abstract = decl.methods.find((m) => m.isAbstract && m.name.name === name);
        const sig = abstract === undefined ? undefined : cx.signatureOf.get(abstract);
        if (abstract === undefined || sig === undefined) {
          cx.report(M.notAbstract, member.prototype.name.span, name, printType(t));
          continue;
        }
        if (implemented.has(name)) cx.report(M.duplicate, member.prototype.name.span, name);
        implemented.add(name);
        const expected = substituteSignature(sig, s);
        cx.inScope(() => {
          const params = resolveParams(cx, member.prototype.parameters, true);
          const returnType = resolveType(cx, member.prototype.returnType);
          // p4c checks the body against its own signature first, then unifies the signature
          // with the abstract one as part of the instance (and reports at the instance).
          checkFunctionBody(cx, member, returnType, { body: 'initializer', thisType: t });
          const problem = implementationProblem(params, returnType, expected.params, expected.returnType);
          if (problem !== undefined) {
            const d = cx.sink.report(M.implementationMismatch, inst.name.span, name, problem);
            cx.sink.addRelated(d, member.prototype.name.span, `'${name}' is implemented here`);
          }
        });
      }
    },
    { thisType: t },
  );
  for (const m of decl.methods) {
    if (m.isAbstract && !implemented.has(m.name.name) && !isOptional(m))
      cx.report(M.abstractMissing, inst.name.span, m.name.name, printType(t));
  }
}

/** The members' own types and parameter rules come first (p4c checks them before the initializer). */
function resolveMemberSignatures(cx: Checker, members: readonly (Ast.FunctionDeclaration | Ast.Instantiation)[]): void {
  for (const m of members)
    if (m.kind === 'FunctionDeclaration')
      cx.inScope(() => {
        declareTypeParameters(cx, m.prototype, m.prototype.typeParameters);
        resolveType(cx, m.prototype.returnType);
        resolveParams(cx, m.prototype.parameters, true);
      });
}

/** An implementation matches its abstract method parameter by parameter; `@optional` ones may be left out. */
function implementationProblem(
  params: readonly Param[],
  returnType: Type,
  expected: readonly Param[],
  expectedReturn: Type,
): string | undefined {
  if (!sameType(returnType, substitute(expectedReturn, new Map())))
    return `it returns ${printType(returnType)}, but ${printType(expectedReturn)} is declared`;
  if (params.length > expected.length) return `it has ${params.length} parameters, but ${expected.length} are declared`;
  for (const [i, p] of expected.entries()) {
    const q = params[i];
    if (q === undefined) {
      if (!p.optional) return `parameter '${p.name}' is missing`;
      continue;
    }
    if (q.direction !== p.direction)
      return `parameter '${q.name}' must be ${p.direction === 'none' ? 'directionless' : p.direction}`;
    if (!sameType(q.type, p.type))
      return `parameter '${q.name}' has type ${printType(q.type)}, but ${printType(p.type)} is declared`;
  }
  return undefined;
}
