// The P4_16 abstract syntax tree: plain readonly data discriminated by `kind`, named after
// p4c's grammar productions. Every node has a `span` (offsets in the preprocessed text) and no
// parent pointer, so a tree dumps as JSON and later phases keep side tables instead of mutating.
// This module holds the shared base (nodes, names, annotations, types); expressions,
// statements and declarations have modules of their own, re-exported here.

import type { Span } from '../source/span.js';
import type { Expression, NamedExpression } from './ast-expressions.js';

export interface Node {
  readonly kind: string;
  readonly span: Span;
}

/** A name as written, with its own span (for "'x' declared here"). */
export interface Identifier extends Node {
  readonly kind: 'Identifier';
  readonly name: string;
}

// ---------------------------------------------------------------------------------------------
// Annotations

/** One token of an unparsed annotation body, as p4c's AnnotationToken. */
export interface AnnotationToken {
  /** The token type's name (see tokens.ts), e.g. 'Identifier', 'IntegerLiteral', 'LParen'. */
  readonly kind: string;
  readonly text: string;
  readonly span: Span;
}

export interface Annotation extends Node {
  readonly kind: 'Annotation';
  readonly name: Identifier;
  /** How the body was written: `@x`, `@x(...)` or `@x[...]`. */
  readonly bodyKind: 'none' | 'parens' | 'brackets';
  /** The tokens between the delimiters, nested parentheses included. */
  readonly tokens: readonly AnnotationToken[];
  /** `@x[e1, e2]`: the parsed expressions. */
  readonly expressions?: readonly Expression[];
  /** `@x[k = v, ...]`: the parsed pairs. */
  readonly pairs?: readonly NamedExpression[];
}

// ---------------------------------------------------------------------------------------------
// Types

export interface BaseTypeRef extends Node {
  readonly kind: 'BaseType';
  readonly name: 'bool' | 'string' | 'error' | 'match_kind' | 'int' | 'bit' | 'varbit';
  /** `bit<W>`, `int<W>`, `varbit<W>`; undefined for `bit`, `int` and the others. */
  readonly width?: Expression;
}

/** A declared type by name: `T`, or `.T` (global lookup). */
export interface TypeName extends Node {
  readonly kind: 'TypeName';
  readonly name: Identifier;
  readonly global: boolean;
}

export interface SpecializedType extends Node {
  readonly kind: 'SpecializedType';
  readonly base: TypeName;
  readonly args: readonly TypeArgument[];
}

export interface HeaderStackType extends Node {
  readonly kind: 'HeaderStackType';
  readonly element: TypeRef;
  readonly size: Expression;
}

export interface TupleType extends Node {
  readonly kind: 'TupleType';
  readonly elements: readonly TypeArgument[];
}

export interface ListType extends Node {
  readonly kind: 'ListType';
  readonly element: TypeArgument;
}

export interface VoidType extends Node {
  readonly kind: 'VoidType';
}

/** `_` as a type argument. */
export interface DontCareType extends Node {
  readonly kind: 'DontCareType';
}

export type TypeRef = BaseTypeRef | TypeName | SpecializedType | HeaderStackType | TupleType | ListType;
export type TypeArgument = TypeRef | VoidType | DontCareType;
export type ReturnType = TypeRef | VoidType;

export type * from './ast-declarations.js';
export type * from './ast-expressions.js';
export type * from './ast-statements.js';
