// The P4_16 syntax tree's declarations (types, externs, parsers with their states, controls
// with their tables and actions, functions, instances) and the program, re-exported by ast.ts.

import type { Span } from '../source/span.js';
import type {
  Annotation,
  Argument,
  BlockStatement,
  Expression,
  Identifier,
  NamedExpression,
  Node,
  ReturnType,
  StatementOrDeclaration,
  SwitchCase,
  TypeArgument,
  TypeRef,
} from './ast.js';

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
