// The types of checked P4 programs: one discriminated union, with structural equality,
// substitution of type variables (generic externs, parsers, controls, packages, functions) and
// printing the way P4 writes types. `unknown` is the type of an expression that already failed:
// it is compatible with everything, so one mistake gives one diagnostic.

import type * as Ast from '../parser/ast.js';

export type ParamDirection = Ast.Direction | 'none';

export interface Field {
  readonly name: string;
  readonly type: Type;
  readonly decl?: Ast.StructField;
}

export interface Param {
  readonly name: string;
  readonly direction: ParamDirection;
  readonly type: Type;
  /** `@optional`: the argument may be left out. */
  readonly optional: boolean;
  readonly defaultValue?: Ast.Expression;
  readonly decl?: Ast.Parameter;
}

export interface TypeVar {
  readonly kind: 'typeVar';
  readonly name: string;
  /** Unique per declaration of the variable (and per fresh instantiation). */
  readonly id: number;
}

export interface BitType {
  readonly kind: 'bit';
  readonly width: number;
}
export interface IntType {
  readonly kind: 'int';
  readonly width: number;
}

/** A generic signature: functions, methods, extern functions. */
export interface Signature {
  readonly typeParams: readonly TypeVar[];
  readonly params: readonly Param[];
  readonly returnType: Type;
}

export type StructKind = 'struct' | 'header' | 'headerUnion';

export interface StructLikeType {
  readonly kind: StructKind;
  /** Empty for the type of a struct expression `{a = 1}` not yet given a type. */
  readonly name: string;
  /** A struct expression ending in `...`: the fields it leaves out take their default values. */
  readonly partial?: boolean;
  readonly fields: readonly Field[];
  readonly decl?: Ast.StructTypeDeclaration | Ast.HeaderTypeDeclaration | Ast.HeaderUnionDeclaration;
  readonly typeArgs?: readonly Type[];
}

export type BlockDecl =
  | Ast.ParserDeclaration
  | Ast.ParserTypeDeclaration
  | Ast.ControlDeclaration
  | Ast.ControlTypeDeclaration;

/** A parser or control, as a type (`parser P<H>(...)`) or as a declaration with a body. */
export interface BlockType {
  readonly kind: 'parser' | 'control';
  readonly name: string;
  readonly decl: BlockDecl;
  readonly typeParams: readonly TypeVar[];
  readonly typeArgs: readonly Type[];
  readonly applyParams: readonly Param[];
  readonly ctorParams: readonly Param[];
}

export interface PackageType {
  readonly kind: 'package';
  readonly name: string;
  readonly decl: Ast.PackageTypeDeclaration;
  readonly typeParams: readonly TypeVar[];
  readonly typeArgs: readonly Type[];
  readonly ctorParams: readonly Param[];
}

export interface ExternType {
  readonly kind: 'extern';
  readonly name: string;
  readonly decl: Ast.ExternDeclaration | Ast.ExternForwardDeclaration;
  readonly typeParams: readonly TypeVar[];
  /** Parallel to typeParams once specialized; empty when not (yet) specialized. */
  readonly typeArgs: readonly Type[];
}

export type Type =
  | BitType
  | IntType
  | { readonly kind: 'infint' }
  | { readonly kind: 'varbit'; readonly width: number }
  | { readonly kind: 'bool' }
  | { readonly kind: 'string' }
  | { readonly kind: 'error' }
  | { readonly kind: 'matchKind' }
  | { readonly kind: 'void' }
  | {
      readonly kind: 'enum';
      readonly name: string;
      readonly members: readonly string[];
      readonly decl: Ast.EnumDeclaration;
    }
  | {
      readonly kind: 'serEnum';
      readonly name: string;
      readonly underlying: BitType | IntType;
      readonly members: ReadonlyMap<string, bigint>;
      readonly decl: Ast.EnumDeclaration;
    }
  | StructLikeType
  | { readonly kind: 'headerStack'; readonly element: Type; readonly size: number }
  /** `partial`: a list expression ending in `...` (the rest takes default values). */
  | { readonly kind: 'tuple'; readonly elements: readonly Type[]; readonly partial?: boolean }
  | { readonly kind: 'list'; readonly element: Type }
  | { readonly kind: 'newtype'; readonly name: string; readonly base: Type; readonly decl: Ast.NewTypeDeclaration }
  | TypeVar
  | ExternType
  | BlockType
  | PackageType
  | {
      readonly kind: 'action';
      readonly name: string;
      readonly decl: Ast.ActionDeclaration;
      readonly params: readonly Param[];
    }
  | { readonly kind: 'function'; readonly name: string; readonly signature: Signature; readonly abstract?: boolean }
  | { readonly kind: 'table'; readonly name: string; readonly decl: Ast.TableDeclaration }
  /** The result of `t.apply()`: `.hit`, `.miss`, `.action_run`. */
  | { readonly kind: 'applyResult'; readonly table: Ast.TableDeclaration }
  /** The type of `t.apply().action_run`, switched on by action names. */
  | { readonly kind: 'actionEnum'; readonly table: Ast.TableDeclaration }
  | { readonly kind: 'valueSet'; readonly element: Type }
  | { readonly kind: 'state' }
  /** `_`: matches anything (keysets, out arguments). */
  | { readonly kind: 'dontCare' }
  /** `{#}`: an invalid header or header union of a type given by context. */
  | { readonly kind: 'invalidHeader' }
  /** An expression that already failed to check: compatible with everything, never reported. */
  | { readonly kind: 'unknown' };

export type TypeKind = Type['kind'];

/** Kinds that denote something other than a value (instances, blocks, callables, tables and what
 * `apply` returns, parser states, value sets): never stored, compared or folded to a constant.
 * Each use adds the kinds its own rule also refuses. */
export const NON_VALUE_KINDS: readonly TypeKind[] = [
  'extern',
  'parser',
  'control',
  'package',
  'action',
  'function',
  'table',
  'applyResult',
  'state',
  'valueSet',
];

export const boolType: Type = { kind: 'bool' };
export const stringType: Type = { kind: 'string' };
export const errorType: Type = { kind: 'error' };
export const matchKindType: Type = { kind: 'matchKind' };
export const voidType: Type = { kind: 'void' };
export const infIntType: Type = { kind: 'infint' };
export const unknownType: Type = { kind: 'unknown' };
export const dontCareType: Type = { kind: 'dontCare' };
export const stateType: Type = { kind: 'state' };
export const invalidHeaderType: Type = { kind: 'invalidHeader' };

export function bitType(width: number): BitType {
  return { kind: 'bit', width };
}
export function intType(width: number): IntType {
  return { kind: 'int', width };
}

let nextTypeVarId = 1;
export function freshTypeVar(name: string): TypeVar {
  return { kind: 'typeVar', name, id: nextTypeVarId++ };
}

/** bit<W> and int<W>: the fixed-width integers. */
export function isFixedInt(t: Type): t is BitType | IntType {
  return t.kind === 'bit' || t.kind === 'int';
}

/** Types on which arithmetic is defined. */
export function isNumeric(t: Type): boolean {
  return t.kind === 'bit' || t.kind === 'int' || t.kind === 'infint';
}

export function isStructLike(t: Type): t is StructLikeType {
  return t.kind === 'struct' || t.kind === 'header' || t.kind === 'headerUnion';
}

/** Types whose values fit in a packet header field (spec 7.2.2, header field types). */
export function isHeaderFieldType(t: Type): boolean {
  switch (t.kind) {
    case 'bit':
    case 'int':
    case 'varbit':
    case 'bool':
    case 'serEnum':
    case 'unknown':
      return true;
    case 'newtype':
      return isHeaderFieldType(t.base);
    case 'headerStack':
      return isHeaderFieldType(t.element) && t.element.kind !== 'varbit';
    case 'struct':
      return t.fields.every((f) => isHeaderFieldType(f.type) && f.type.kind !== 'varbit');
    default:
      return false;
  }
}

/** The width in bits of a fixed-size serializable type; undefined if it has none. */
export function widthOf(t: Type): number | undefined {
  switch (t.kind) {
    case 'bit':
    case 'int':
      return t.width;
    case 'bool':
      return 1;
    case 'serEnum':
      return t.underlying.width;
    case 'newtype':
      return widthOf(t.base);
    case 'header':
    case 'struct': {
      let sum = 0;
      for (const f of t.fields) {
        const w = widthOf(f.type);
        if (w === undefined) return undefined;
        sum += w;
      }
      return sum;
    }
    default:
      return undefined;
  }
}

export function fieldOf(t: StructLikeType, name: string): Field | undefined {
  return t.fields.find((f) => f.name === name);
}

/** Structural equality; `unknown` equals everything. Nominal types compare by declaration. */
export function sameType(a: Type, b: Type): boolean {
  if (a === b || a.kind === 'unknown' || b.kind === 'unknown') return true;
  switch (a.kind) {
    case 'bit':
    case 'int':
    case 'varbit':
      return b.kind === a.kind && b.width === a.width;
    case 'enum':
    case 'serEnum':
    case 'newtype':
      return b.kind === a.kind && b.decl === a.decl;
    case 'struct':
    case 'header':
    case 'headerUnion':
      if (b.kind !== a.kind) return false;
      if (a.decl !== undefined && b.decl !== undefined) return a.decl === b.decl && sameTypes(a.typeArgs, b.typeArgs);
      return sameFields(a.fields, b.fields);
    case 'headerStack':
      return b.kind === 'headerStack' && b.size === a.size && sameType(a.element, b.element);
    case 'tuple':
      return b.kind === 'tuple' && sameTypes(a.elements, b.elements);
    case 'list':
      return b.kind === 'list' && sameType(a.element, b.element);
    case 'typeVar':
      return b.kind === 'typeVar' && b.id === a.id;
    case 'extern':
    case 'package':
      return b.kind === a.kind && b.decl === a.decl && sameTypes(a.typeArgs, b.typeArgs);
    case 'parser':
    case 'control':
      return b.kind === a.kind && b.decl === a.decl && sameTypes(a.typeArgs, b.typeArgs);
    case 'action':
    case 'table':
      return b.kind === a.kind && b.decl === a.decl;
    case 'applyResult':
    case 'actionEnum':
      return b.kind === a.kind && b.table === a.table;
    case 'valueSet':
      return b.kind === 'valueSet' && sameType(a.element, b.element);
    case 'function':
      return false;
    default:
      return b.kind === a.kind;
  }
}

function sameTypes(a: readonly Type[] | undefined, b: readonly Type[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((t, i) => sameType(t, y[i] as Type));
}

function sameFields(a: readonly Field[], b: readonly Field[]): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i]?.name && sameType(f.type, (b[i] as Field).type));
}

export type Substitution = ReadonlyMap<number, Type>;

/** Replaces bound type variables; shares unchanged subtrees. */
export function substitute(t: Type, s: Substitution): Type {
  if (s.size === 0) return t;
  switch (t.kind) {
    case 'typeVar':
      return s.get(t.id) ?? t;
    case 'struct':
    case 'header':
    case 'headerUnion':
      if (t.typeArgs === undefined || t.typeArgs.length === 0) return t;
      return {
        ...t,
        fields: t.fields.map((f) => ({ ...f, type: substitute(f.type, s) })),
        typeArgs: t.typeArgs.map((a) => substitute(a, s)),
      };
    case 'headerStack':
      return { ...t, element: substitute(t.element, s) };
    case 'tuple':
      return { kind: 'tuple', elements: t.elements.map((e) => substitute(e, s)) };
    case 'list':
      return { kind: 'list', element: substitute(t.element, s) };
    case 'extern':
      return { ...t, typeArgs: t.typeArgs.map((a) => substitute(a, s)) };
    case 'parser':
    case 'control':
      return {
        ...t,
        typeArgs: t.typeArgs.map((a) => substitute(a, s)),
        applyParams: substituteParams(t.applyParams, s),
        ctorParams: substituteParams(t.ctorParams, s),
      };
    case 'package':
      return { ...t, typeArgs: t.typeArgs.map((a) => substitute(a, s)), ctorParams: substituteParams(t.ctorParams, s) };
    case 'function':
      return { ...t, signature: substituteSignature(t.signature, s) };
    case 'valueSet':
      return { kind: 'valueSet', element: substitute(t.element, s) };
    default:
      return t;
  }
}

export function substituteParams(ps: readonly Param[], s: Substitution): Param[] {
  return ps.map((p) => ({ ...p, type: substitute(p.type, s) }));
}

export function substituteSignature(sig: Signature, s: Substitution): Signature {
  return {
    typeParams: sig.typeParams.filter((v) => !s.has(v.id)),
    params: substituteParams(sig.params, s),
    returnType: substitute(sig.returnType, s),
  };
}

/** The substitution that an extern's (or block's, or package's) type arguments stand for. */
export function bindingsOf(typeParams: readonly TypeVar[], typeArgs: readonly Type[]): Map<number, Type> {
  const m = new Map<number, Type>();
  typeParams.forEach((v, i) => {
    const a = typeArgs[i];
    if (a !== undefined && !(a.kind === 'typeVar' && a.id === v.id)) m.set(v.id, a);
  });
  return m;
}

export function containsTypeVar(t: Type): boolean {
  switch (t.kind) {
    case 'typeVar':
      return true;
    case 'headerStack':
      return containsTypeVar(t.element);
    case 'tuple':
      return t.elements.some(containsTypeVar);
    case 'list':
      return containsTypeVar(t.element);
    case 'struct':
    case 'header':
    case 'headerUnion':
      return (t.typeArgs ?? []).some(containsTypeVar);
    case 'extern':
    case 'package':
    case 'parser':
    case 'control':
      return t.typeArgs.some(containsTypeVar);
    default:
      return false;
  }
}

/** P4 spelling: `bit<8>`, `int`, `h_t[4]`, `tuple<bit<8>, bool>`, `Register<bit<32>, bit<16>>`. */
export function printType(t: Type): string {
  switch (t.kind) {
    case 'bit':
    case 'int':
    case 'varbit':
      return `${t.kind}<${t.width}>`;
    case 'infint':
      return 'int';
    case 'bool':
    case 'string':
    case 'error':
    case 'void':
      return t.kind;
    case 'matchKind':
      return 'match_kind';
    case 'enum':
    case 'serEnum':
    case 'newtype':
    case 'table':
    case 'action':
    case 'function':
      return t.name;
    case 'struct':
    case 'header':
    case 'headerUnion':
      if (t.name === '') return `{ ${t.fields.map((f) => `${f.name}: ${printType(f.type)}`).join(', ')} }`;
      return t.name + printTypeArgs(t.typeArgs ?? []);
    case 'headerStack':
      return `${printType(t.element)}[${t.size}]`;
    case 'tuple':
      return `tuple<${t.elements.map(printType).join(', ')}>`;
    case 'list':
      return `list<${printType(t.element)}>`;
    case 'typeVar':
      return t.name;
    case 'extern':
    case 'parser':
    case 'control':
    case 'package':
      return t.name + printTypeArgs(t.typeArgs);
    case 'applyResult':
      return `${t.table.name.name}.apply() result`;
    case 'actionEnum':
      return `action_list(${t.table.name.name})`;
    case 'valueSet':
      return `value_set<${printType(t.element)}>`;
    case 'state':
      return 'state';
    case 'dontCare':
      return '_';
    case 'invalidHeader':
      return '{#}';
    case 'unknown':
      return '<error>';
  }
}

function printTypeArgs(args: readonly Type[]): string {
  return args.length === 0 ? '' : `<${args.map(printType).join(', ')}>`;
}
