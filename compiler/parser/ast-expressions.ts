// The P4_16 syntax tree's expressions (literals, paths, operators, calls, casts, lists,
// struct expressions, masks and ranges of keysets), re-exported by ast.ts.

import type { Identifier, Node, SpecializedType, TypeArgument, TypeName, TypeRef } from './ast.js';

export interface IntegerLiteral extends Node {
  readonly kind: 'IntegerLiteral';
  readonly value: bigint;
  /** From a `8w`/`8s` prefix; undefined for an unsized literal. */
  readonly width?: number;
  readonly signed?: boolean;
  readonly base: 2 | 8 | 10 | 16;
  /** The literal exactly as written (`8w0x1F`, `1_000`). */
  readonly text: string;
}

export interface BooleanLiteral extends Node {
  readonly kind: 'BooleanLiteral';
  readonly value: boolean;
}

export interface StringLiteral extends Node {
  readonly kind: 'StringLiteral';
  /** The value with escapes resolved. */
  readonly value: string;
  /** The literal as written, quotes included. */
  readonly text: string;
}

/** A name used as a value: `x`, `.x`. */
export interface PathExpression extends Node {
  readonly kind: 'PathExpression';
  readonly name: Identifier;
  readonly global: boolean;
}

/** A type used as the left side of `.member` or a constructor call: `E.A`, `error.X`, `T(…)`. */
export interface TypeNameExpression extends Node {
  readonly kind: 'TypeNameExpression';
  readonly type: TypeRef;
}

export interface ThisExpression extends Node {
  readonly kind: 'ThisExpression';
}

/** `_` in an argument or keyset: "don't care". */
export interface DontCareExpression extends Node {
  readonly kind: 'DontCareExpression';
}

/** `...`: the rest of a list or struct is don't-care. */
export interface DotsExpression extends Node {
  readonly kind: 'DotsExpression';
}

/** `{#}`: an invalid header or header union. */
export interface InvalidExpression extends Node {
  readonly kind: 'InvalidExpression';
}

/** `default` in a select case or entry keyset. */
export interface DefaultExpression extends Node {
  readonly kind: 'DefaultExpression';
}

export interface MemberExpression extends Node {
  readonly kind: 'MemberExpression';
  readonly object: Expression;
  readonly member: Identifier;
}

export interface IndexExpression extends Node {
  readonly kind: 'IndexExpression';
  readonly object: Expression;
  readonly index: Expression;
}

export interface SliceExpression extends Node {
  readonly kind: 'SliceExpression';
  readonly object: Expression;
  /** `[h:l]`: high and low bit; `[base+:width]`: `plusColon` is true. */
  readonly high: Expression;
  readonly low: Expression;
  readonly plusColon: boolean;
}

export interface Argument extends Node {
  readonly kind: 'Argument';
  /** `f(name = value)`. */
  readonly name?: Identifier;
  readonly value: Expression;
}

export interface CallExpression extends Node {
  readonly kind: 'CallExpression';
  readonly callee: Expression;
  readonly typeArgs: readonly TypeArgument[];
  readonly args: readonly Argument[];
}

/** `T(args)` or `T<U>(args)` as an expression: an anonymous instantiation. */
export interface ConstructorCallExpression extends Node {
  readonly kind: 'ConstructorCallExpression';
  readonly type: TypeName | SpecializedType;
  readonly args: readonly Argument[];
}

export type UnaryOperator = '!' | '~' | '-' | '+';
export type BinaryOperator =
  | '*'
  | '/'
  | '%'
  | '+'
  | '-'
  | '|+|'
  | '|-|'
  | '++'
  | '<<'
  | '>>'
  | '<'
  | '>'
  | '<='
  | '>='
  | '=='
  | '!='
  | '&'
  | '^'
  | '|'
  | '&&'
  | '||';

export interface UnaryExpression extends Node {
  readonly kind: 'UnaryExpression';
  readonly op: UnaryOperator;
  readonly operand: Expression;
}

export interface BinaryExpression extends Node {
  readonly kind: 'BinaryExpression';
  readonly op: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
}

export interface ConditionalExpression extends Node {
  readonly kind: 'ConditionalExpression';
  readonly condition: Expression;
  readonly whenTrue: Expression;
  readonly whenFalse: Expression;
}

export interface CastExpression extends Node {
  readonly kind: 'CastExpression';
  readonly type: TypeRef;
  readonly operand: Expression;
}

/** `{a, b, c}`: a list (or tuple) expression. */
export interface ListExpression extends Node {
  readonly kind: 'ListExpression';
  readonly elements: readonly Expression[];
}

export interface NamedExpression extends Node {
  readonly kind: 'NamedExpression';
  readonly name: Identifier;
  readonly value: Expression;
}

/** `{a = 1, b = 2}`, optionally ending in `...`. */
export interface StructExpression extends Node {
  readonly kind: 'StructExpression';
  readonly fields: readonly NamedExpression[];
  readonly dots: boolean;
}

/** `value &&& mask` in a keyset. */
export interface MaskExpression extends Node {
  readonly kind: 'MaskExpression';
  readonly value: Expression;
  readonly mask: Expression;
}

/** `low .. high` in a keyset (and in `for (x in a .. b)`). */
export interface RangeExpression extends Node {
  readonly kind: 'RangeExpression';
  readonly low: Expression;
  readonly high: Expression;
}

/** `(k1, k2, ...)` keyset of a select case or table entry. */
export interface TupleKeysetExpression extends Node {
  readonly kind: 'TupleKeysetExpression';
  readonly elements: readonly Expression[];
}

export type Expression =
  | IntegerLiteral
  | BooleanLiteral
  | StringLiteral
  | PathExpression
  | TypeNameExpression
  | ThisExpression
  | DontCareExpression
  | DotsExpression
  | InvalidExpression
  | DefaultExpression
  | MemberExpression
  | IndexExpression
  | SliceExpression
  | CallExpression
  | ConstructorCallExpression
  | UnaryExpression
  | BinaryExpression
  | ConditionalExpression
  | CastExpression
  | ListExpression
  | StructExpression
  | MaskExpression
  | RangeExpression
  | TupleKeysetExpression;
