// The P4_16 abstract syntax tree: plain readonly data discriminated by `kind`, named after
// p4c's grammar productions. Every node has a `span` (offsets in the preprocessed text) and no
// parent pointer, so a tree dumps as JSON and later phases keep side tables instead of mutating.

import type { Span } from '../source/span.js';

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

// ---------------------------------------------------------------------------------------------
// Expressions

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

// ---------------------------------------------------------------------------------------------
// Statements

export type AssignmentOperator =
  | '='
  | '*='
  | '/='
  | '%='
  | '+='
  | '-='
  | '|+|='
  | '|-|='
  | '<<='
  | '>>='
  | '&='
  | '|='
  | '^=';

export interface AssignmentStatement extends Node {
  readonly kind: 'AssignmentStatement';
  readonly op: AssignmentOperator;
  readonly target: Expression;
  readonly value: Expression;
}

export interface MethodCallStatement extends Node {
  readonly kind: 'MethodCallStatement';
  readonly call: CallExpression;
}

export interface EmptyStatement extends Node {
  readonly kind: 'EmptyStatement';
}

export interface BlockStatement extends Node {
  readonly kind: 'BlockStatement';
  readonly annotations: readonly Annotation[];
  readonly body: readonly StatementOrDeclaration[];
}

export interface IfStatement extends Node {
  readonly kind: 'IfStatement';
  readonly condition: Expression;
  readonly thenStatement: Statement;
  readonly elseStatement?: Statement;
}

export interface SwitchCase extends Node {
  readonly kind: 'SwitchCase';
  /** A `default` label is a DefaultExpression. */
  readonly label: Expression;
  /** Undefined for a fall-through label (`a: b: { ... }`). */
  readonly body?: BlockStatement;
}

export interface SwitchStatement extends Node {
  readonly kind: 'SwitchStatement';
  readonly expression: Expression;
  readonly cases: readonly SwitchCase[];
}

export interface ExitStatement extends Node {
  readonly kind: 'ExitStatement';
}

export interface ReturnStatement extends Node {
  readonly kind: 'ReturnStatement';
  readonly value?: Expression;
}

export interface BreakStatement extends Node {
  readonly kind: 'BreakStatement';
}

export interface ContinueStatement extends Node {
  readonly kind: 'ContinueStatement';
}

/** `for (init; cond; update) body` (P4 1.2.5). */
export interface ForStatement extends Node {
  readonly kind: 'ForStatement';
  readonly annotations: readonly Annotation[];
  readonly init: readonly (VariableDeclaration | AssignmentStatement | MethodCallStatement)[];
  readonly condition?: Expression;
  readonly update: readonly (AssignmentStatement | MethodCallStatement)[];
  readonly body: Statement;
}

/** `for (T x in collection) body` (P4 1.2.5). */
export interface ForInStatement extends Node {
  readonly kind: 'ForInStatement';
  readonly annotations: readonly Annotation[];
  readonly variable: VariableDeclaration;
  readonly collection: Expression;
  readonly body: Statement;
}

export type Statement =
  | AssignmentStatement
  | MethodCallStatement
  | EmptyStatement
  | BlockStatement
  | IfStatement
  | SwitchStatement
  | ExitStatement
  | ReturnStatement
  | BreakStatement
  | ContinueStatement
  | ForStatement
  | ForInStatement;

export type StatementOrDeclaration = Statement | VariableDeclaration | ConstantDeclaration | Instantiation;

// ---------------------------------------------------------------------------------------------
// Declarations

export type Direction = 'in' | 'out' | 'inout';

export interface Parameter extends Node {
  readonly kind: 'Parameter';
  readonly annotations: readonly Annotation[];
  readonly direction?: Direction;
  readonly type: TypeRef;
  readonly name: Identifier;
  readonly defaultValue?: Expression;
}

export interface ConstantDeclaration extends Node {
  readonly kind: 'ConstantDeclaration';
  readonly annotations: readonly Annotation[];
  readonly type: TypeRef;
  readonly name: Identifier;
  readonly value: Expression;
}

export interface VariableDeclaration extends Node {
  readonly kind: 'VariableDeclaration';
  readonly annotations: readonly Annotation[];
  readonly type: TypeRef;
  readonly name: Identifier;
  readonly initializer?: Expression;
}

/** `T(args) name;` or `T<U>(args) name = { ... };` */
export interface Instantiation extends Node {
  readonly kind: 'Instantiation';
  readonly annotations: readonly Annotation[];
  readonly type: TypeRef;
  readonly args: readonly Argument[];
  readonly name: Identifier;
  /** The abstract-method implementations of `= { ... }`. */
  readonly initializer?: readonly (FunctionDeclaration | Instantiation)[];
}

export interface StructField extends Node {
  readonly kind: 'StructField';
  readonly annotations: readonly Annotation[];
  readonly type: TypeRef;
  readonly name: Identifier;
}

export interface HeaderTypeDeclaration extends Node {
  readonly kind: 'HeaderTypeDeclaration';
  readonly annotations: readonly Annotation[];
  readonly name: Identifier;
  readonly typeParameters: readonly Identifier[];
  readonly fields: readonly StructField[];
}

export interface HeaderUnionDeclaration extends Node {
  readonly kind: 'HeaderUnionDeclaration';
  readonly annotations: readonly Annotation[];
  readonly name: Identifier;
  readonly typeParameters: readonly Identifier[];
  readonly fields: readonly StructField[];
}

export interface StructTypeDeclaration extends Node {
  readonly kind: 'StructTypeDeclaration';
  readonly annotations: readonly Annotation[];
  readonly name: Identifier;
  readonly typeParameters: readonly Identifier[];
  readonly fields: readonly StructField[];
}

export interface SpecifiedIdentifier extends Node {
  readonly kind: 'SpecifiedIdentifier';
  readonly name: Identifier;
  /** Serializable enums give each member a value; plain enums leave it out. */
  readonly value?: Expression;
}

export interface EnumDeclaration extends Node {
  readonly kind: 'EnumDeclaration';
  readonly annotations: readonly Annotation[];
  /** `enum bit<8> E { ... }`: the underlying type of a serializable enum. */
  readonly underlyingType?: TypeRef;
  readonly name: Identifier;
  readonly members: readonly SpecifiedIdentifier[];
}

export type DerivedTypeDeclaration =
  | HeaderTypeDeclaration
  | HeaderUnionDeclaration
  | StructTypeDeclaration
  | EnumDeclaration;

export interface TypedefDeclaration extends Node {
  readonly kind: 'TypedefDeclaration';
  readonly annotations: readonly Annotation[];
  readonly type: TypeRef | DerivedTypeDeclaration;
  readonly name: Identifier;
}

/** `type T N;`: a new type (p4c Type_Newtype). */
export interface NewTypeDeclaration extends Node {
  readonly kind: 'NewTypeDeclaration';
  readonly annotations: readonly Annotation[];
  readonly type: TypeRef;
  readonly name: Identifier;
}

export interface ErrorDeclaration extends Node {
  readonly kind: 'ErrorDeclaration';
  readonly members: readonly Identifier[];
}

export interface MatchKindDeclaration extends Node {
  readonly kind: 'MatchKindDeclaration';
  readonly members: readonly Identifier[];
}

export interface FunctionPrototype extends Node {
  readonly kind: 'FunctionPrototype';
  readonly annotations: readonly Annotation[];
  readonly returnType: ReturnType;
  readonly name: Identifier;
  readonly typeParameters: readonly Identifier[];
  readonly parameters: readonly Parameter[];
}

/** A method of an extern object; a constructor has no return type. */
export interface MethodPrototype extends Node {
  readonly kind: 'MethodPrototype';
  readonly annotations: readonly Annotation[];
  readonly isAbstract: boolean;
  readonly isConstructor: boolean;
  /** Undefined for a constructor. */
  readonly returnType?: ReturnType;
  readonly name: Identifier;
  readonly typeParameters: readonly Identifier[];
  readonly parameters: readonly Parameter[];
}

export interface ExternDeclaration extends Node {
  readonly kind: 'ExternDeclaration';
  readonly annotations: readonly Annotation[];
  readonly name: Identifier;
  readonly typeParameters: readonly Identifier[];
  readonly methods: readonly MethodPrototype[];
}

export interface ExternFunctionDeclaration extends Node {
  readonly kind: 'ExternFunctionDeclaration';
  readonly annotations: readonly Annotation[];
  readonly prototype: FunctionPrototype;
}

/** `extern E;`: declares E as an extern type, defined elsewhere. */
export interface ExternForwardDeclaration extends Node {
  readonly kind: 'ExternForwardDeclaration';
  readonly annotations: readonly Annotation[];
  readonly name: Identifier;
}

export interface FunctionDeclaration extends Node {
  readonly kind: 'FunctionDeclaration';
  readonly annotations: readonly Annotation[];
  readonly prototype: FunctionPrototype;
  readonly body: BlockStatement;
}

export interface ParserTypeDeclaration extends Node {
  readonly kind: 'ParserTypeDeclaration';
  readonly annotations: readonly Annotation[];
  readonly name: Identifier;
  readonly typeParameters: readonly Identifier[];
  readonly parameters: readonly Parameter[];
}

export interface ValueSetDeclaration extends Node {
  readonly kind: 'ValueSetDeclaration';
  readonly annotations: readonly Annotation[];
  readonly elementType: TypeRef;
  readonly size: Expression;
  readonly name: Identifier;
}

export interface SelectCase extends Node {
  readonly kind: 'SelectCase';
  readonly keyset: Expression;
  readonly state: Identifier;
}

export interface SelectExpression extends Node {
  readonly kind: 'SelectExpression';
  readonly selectors: readonly Expression[];
  readonly cases: readonly SelectCase[];
}

export interface ParserState extends Node {
  readonly kind: 'ParserState';
  readonly annotations: readonly Annotation[];
  readonly name: Identifier;
  readonly statements: readonly StatementOrDeclaration[];
  /** `transition next;` is an Identifier; `transition select(...) {...}` a SelectExpression. */
  readonly transition?: Identifier | SelectExpression;
  /** Span of the whole `transition ...;` statement, when present. */
  readonly transitionSpan?: Span;
}

export type ParserLocalElement = ConstantDeclaration | VariableDeclaration | Instantiation | ValueSetDeclaration;

export interface ParserDeclaration extends Node {
  readonly kind: 'ParserDeclaration';
  readonly type: ParserTypeDeclaration;
  readonly constructorParameters: readonly Parameter[];
  readonly locals: readonly ParserLocalElement[];
  readonly states: readonly ParserState[];
}

export interface ControlTypeDeclaration extends Node {
  readonly kind: 'ControlTypeDeclaration';
  readonly annotations: readonly Annotation[];
  readonly name: Identifier;
  readonly typeParameters: readonly Identifier[];
  readonly parameters: readonly Parameter[];
}

export interface ActionDeclaration extends Node {
  readonly kind: 'ActionDeclaration';
  readonly annotations: readonly Annotation[];
  readonly name: Identifier;
  readonly parameters: readonly Parameter[];
  readonly body: BlockStatement;
}

export interface KeyElement extends Node {
  readonly kind: 'KeyElement';
  readonly expression: Expression;
  readonly matchKind: Identifier;
  readonly annotations: readonly Annotation[];
}

/** An action named in `actions = {...}`, `default_action` or an entry: `a`, `.a`, `a(1, 2)`. */
export interface ActionRef extends Node {
  readonly kind: 'ActionRef';
  readonly annotations: readonly Annotation[];
  readonly name: Identifier;
  readonly global: boolean;
  /** Undefined when written without parentheses. */
  readonly args?: readonly Argument[];
}

export interface Entry extends Node {
  readonly kind: 'Entry';
  readonly annotations: readonly Annotation[];
  readonly isConst: boolean;
  /** `priority = N:` before the keyset. */
  readonly priority?: Expression;
  readonly keyset: Expression;
  readonly action: ActionRef;
}

export interface KeyProperty extends Node {
  readonly kind: 'KeyProperty';
  readonly elements: readonly KeyElement[];
}

export interface ActionsProperty extends Node {
  readonly kind: 'ActionsProperty';
  readonly actions: readonly ActionRef[];
}

export interface EntriesProperty extends Node {
  readonly kind: 'EntriesProperty';
  readonly annotations: readonly Annotation[];
  readonly isConst: boolean;
  readonly entries: readonly Entry[];
}

/** Any other property (`size`, `default_action`, `implementation`, target-specific ones). */
export interface ExpressionProperty extends Node {
  readonly kind: 'ExpressionProperty';
  readonly annotations: readonly Annotation[];
  readonly isConst: boolean;
  readonly name: Identifier;
  readonly value: Expression;
}

export type TableProperty = KeyProperty | ActionsProperty | EntriesProperty | ExpressionProperty;

export interface TableDeclaration extends Node {
  readonly kind: 'TableDeclaration';
  readonly annotations: readonly Annotation[];
  readonly name: Identifier;
  readonly properties: readonly TableProperty[];
}

export type ControlLocalDeclaration =
  | ConstantDeclaration
  | ActionDeclaration
  | TableDeclaration
  | Instantiation
  | VariableDeclaration;

export interface ControlDeclaration extends Node {
  readonly kind: 'ControlDeclaration';
  readonly type: ControlTypeDeclaration;
  readonly constructorParameters: readonly Parameter[];
  readonly locals: readonly ControlLocalDeclaration[];
  readonly apply: BlockStatement;
}

export interface PackageTypeDeclaration extends Node {
  readonly kind: 'PackageTypeDeclaration';
  readonly annotations: readonly Annotation[];
  readonly name: Identifier;
  readonly typeParameters: readonly Identifier[];
  readonly parameters: readonly Parameter[];
}

export type TypeDeclaration =
  | DerivedTypeDeclaration
  | TypedefDeclaration
  | NewTypeDeclaration
  | ParserTypeDeclaration
  | ControlTypeDeclaration
  | PackageTypeDeclaration;

export type Declaration =
  | ConstantDeclaration
  | ExternDeclaration
  | ExternFunctionDeclaration
  | ExternForwardDeclaration
  | ActionDeclaration
  | ParserDeclaration
  | ControlDeclaration
  | TypeDeclaration
  | Instantiation
  | ErrorDeclaration
  | MatchKindDeclaration
  | FunctionDeclaration;

export interface Program extends Node {
  readonly kind: 'Program';
  readonly declarations: readonly Declaration[];
}

/** Every node kind, for exhaustive walks. */
export type AnyNode =
  | Program
  | Declaration
  | StatementOrDeclaration
  | Expression
  | TypeArgument
  | Identifier
  | Annotation
  | Argument
  | NamedExpression
  | Parameter
  | StructField
  | SpecifiedIdentifier
  | FunctionPrototype
  | MethodPrototype
  | ValueSetDeclaration
  | SelectCase
  | SelectExpression
  | ParserState
  | SwitchCase
  | KeyElement
  | ActionRef
  | Entry
  | TableProperty
  | TableDeclaration;
