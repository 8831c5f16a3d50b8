// The type checker's entry point: `checkProgram` resolves every name, types every expression,
// folds every compile-time constant and finds the `main` package instantiation. The result is
// the AST plus side tables (nothing in the AST is changed); ir/lower.ts turns it into the IR.

import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type * as Ast from '../parser/ast.js';
import { checkStructuredAnnotations } from './check-annotations.js';
import { checkDeclaration } from './check-decl.js';
import type { ConstValue } from './const-fold.js';
import { Checker, type ResolvedCall } from './context.js';
import { checkControlPlaneNames } from './control-plane-names.js';
import { checkCoreRequirements } from './core-requirements.js';
import { checkFlowWarnings } from './flow-warnings.js';
import { CheckMessages as M } from './messages.js';
import { type Decl, declName, isTypeDecl, type MemberDecl } from './scopes.js';
import { printType, type Type } from './types.js';
import { checkUnusedWarnings } from './unused-warnings.js';

export interface CheckedProgram {
  readonly ast: Ast.Program;
  /** What each name refers to: PathExpression, TypeName, ActionRef, transition targets, key match kinds. */
  readonly declOf: ReadonlyMap<Ast.Node, Decl>;
  /** The type of every checked expression (after implicit int-to-bit<W> conversion of constants). */
  readonly typeOf: ReadonlyMap<Ast.Expression, Type>;
  /** The value of every compile-time constant expression. */
  readonly valueOf: ReadonlyMap<Ast.Expression, ConstValue>;
  /** Declared types: of variables, constants, parameters, instances, and of type declarations. */
  readonly typeOfDecl: ReadonlyMap<Decl, Type>;
  readonly valueOfDecl: ReadonlyMap<Decl, ConstValue>;
  /** Resolved written types (TypeRef nodes). */
  readonly typeOfRef: ReadonlyMap<Ast.Node, Type>;
  /** Expressions converted implicitly to another type (serializable enum to bits, list to struct). */
  readonly implicitCasts: ReadonlyMap<Ast.Expression, Type>;
  /** The overload each call, constructor call, instantiation and table action reference chose. */
  readonly calls: ReadonlyMap<Ast.Node, ResolvedCall>;
  readonly errorMembers: ReadonlyMap<string, MemberDecl>;
  readonly matchKinds: ReadonlyMap<string, MemberDecl>;
  /** Every instantiation, in program order (nested ones included). */
  readonly instantiations: readonly Ast.Instantiation[];
  /** The top-level `main` package instance, when there is one. */
  readonly main: Ast.Instantiation | undefined;
}

export function checkProgram(program: Ast.Program, sink: DiagnosticSink): CheckedProgram {
  const cx = new Checker(sink);
  const firstOwn = sink.diagnostics.length;
  cx.hasErrorDeclaration = program.declarations.some((d) => d.kind === 'ErrorDeclaration');
  cx.targetRules = program.declarations.some((d) => d.kind === 'Instantiation' && d.name.name === 'main');
  // Tofino's back end checks its own instruction set (compiler/targets/tofino), divisions included.
  cx.tofino = program.declarations.some((d) => d.kind === 'PackageTypeDeclaration' && d.name.name === 'Pipeline');
  for (const d of program.declarations) checkDeclaration(cx, d);
  for (const check of cx.afterTypes) check();
  namesFirst(sink, firstOwn);
  checkControlPlaneNames(cx, program);
  checkStructuredAnnotations(cx, program);
  checkCoreRequirements(cx);
  // Flow warnings follow the types; on a program with errors they would only add noise.
  if (!sink.hasErrors()) checkFlowWarnings(cx, program);
  if (!sink.hasErrors()) checkUnusedWarnings(cx, program);
  const main = findMain(cx, program);
  return {
    ast: program,
    declOf: cx.declOf,
    typeOf: cx.typeOf,
    valueOf: cx.valueOf,
    typeOfDecl: cx.typeOfDecl,
    valueOfDecl: cx.valueOfDecl,
    typeOfRef: cx.typeOfRef,
    implicitCasts: cx.implicitCasts,
    calls: cx.calls,
    errorMembers: cx.errorMembers,
    matchKinds: cx.matchKinds,
    instantiations: cx.instantiations,
    main,
  };
}

/**
 * p4c validates the program's structure, then resolves every name, and only then types
 * anything: an instantiation in a function, then a name that is not found, is its first error
 * even when a type error comes earlier in the file. Reorders this phase's diagnostics so.
 */
function namesFirst(sink: DiagnosticSink, from: number): void {
  const passes = [[M.instantiationInFunction.code], [M.notFound.code, M.errorTypeUndeclared.code]];
  const own = sink.diagnostics.slice(from);
  const ordered = passes.flatMap((codes) => own.filter((d) => codes.includes(d.code)));
  if (ordered.length === 0) return;
  const rest = own.filter((d) => !ordered.includes(d));
  sink.diagnostics.splice(from, own.length, ...ordered, ...rest);
}

function findMain(cx: Checker, program: Ast.Program): Ast.Instantiation | undefined {
  const decls = cx.scope.lookupLocal('main') ?? [];
  const other = decls.find(isTypeDecl);
  if (other !== undefined) {
    const t = cx.typeOfDecl.get(other);
    cx.report(M.mainNotPackage, declName(other).span, t === undefined ? 'a declaration' : `${t.kind} ${printType(t)}`);
    return undefined;
  }
  const decl = decls.find((d) => d.kind === 'Instantiation');
  if (decl === undefined || decl.kind !== 'Instantiation') {
    const end = program.span.end;
    cx.report(M.noMain, { start: end, end });
    return undefined;
  }
  const t = cx.typeOfDecl.get(decl);
  if (t !== undefined && t.kind !== 'package' && t.kind !== 'unknown') {
    cx.report(M.mainNotPackage, decl.name.span, printType(t));
    return undefined;
  }
  return decl;
}

export type { ConstValue } from './const-fold.js';
export { CheckMessages } from './messages.js';
export type { Decl } from './scopes.js';
export type { Type } from './types.js';
export { printType } from './types.js';
