// THE typed IR: what the code generator and the target checks consume. Plain readonly data
// discriminated by `kind`, no parent pointers. Every name is resolved (a Ref says what kind of
// declaration it names), every expression carries its concrete Type, every compile-time
// constant is folded into a Constant (references to `const`s included), implicit casts are
// explicit Cast nodes, and compound assignments are plain ones. `main` is resolved to the
// parser, control and deparser blocks it is built from, with their roles (the parameter
// names of the package). Spans point into the preprocessed text, for target diagnostics.

import type { ConstValue } from '../check/const-fold.js';
import type { ParamDirection, Type } from '../check/types.js';
import type { BinaryOperator } from '../parser/ast.js';
import type { Span } from '../source/span.js';

export type { ConstValue } from '../check/const-fold.js';
export type { Type } from '../check/types.js';

// ---------------------------------------------------------------------------------------------
// Program and top-level structure

export interface Program {
  readonly kind: 'Program';
  /** Declared named types (headers, structs, header unions, enums, serializable enums, `type`s). */
  readonly types: readonly NamedType[];
  /** Members of `error`, in declaration order. */
  readonly errors: readonly string[];
  readonly matchKinds: readonly string[];
  /** Top-level constants (uses are already folded; kept for the control-plane API and printing). */
  readonly constants: readonly Constant[];
  /** Top-level extern instances. */
  readonly externs: readonly Instance[];
  readonly parsers: readonly Parser[];
  readonly controls: readonly Control[];
  /** Top-level actions (such as core.p4's NoAction), shared by every control. */
  readonly actions: readonly Action[];
  readonly functions: readonly Function[];
  /** The `main` package instance, resolved into blocks; undefined if the program has none. */
  readonly main: PackageInstance | undefined;
}

export interface NamedType {
  readonly name: string;
  readonly type: Type;
}

export interface Constant {
  readonly kind: 'Constant';
  readonly name: string;
  readonly type: Type;
  readonly value: ConstValue;
  readonly span: Span;
}

export interface Param {
  readonly name: string;
  readonly direction: ParamDirection;
  readonly type: Type;
  readonly optional: boolean;
}

/** An instance of a package: each argument is a block (with its role) or a nested package. */
export interface PackageInstance {
  readonly kind: 'PackageInstance';
  /** The instance name (`main`, `pipe`), or the package type's name for an anonymous one. */
  readonly name: string;
  /** The package type (`Switch`, `Pipeline`, `V1Switch`) with its inferred type arguments. */
  readonly packageType: string;
  readonly typeArgs: readonly Type[];
  readonly args: readonly PackageArgument[];
  readonly span: Span;
}

export interface PackageArgument {
  /** The package parameter: the block's role (`ingress_parser`, `ingress`, `egress_deparser`, `p`, `ig`, ...). */
  readonly role: string;
  readonly value: BlockInstance | PackageInstance | Instance;
}

/** A parser or control given to a package, with its constructor arguments. */
export interface BlockInstance {
  readonly kind: 'BlockInstance';
  readonly block: 'parser' | 'control';
  /** The name of the Parser or Control in `Program.parsers` / `Program.controls`. */
  readonly name: string;
  readonly ctorArgs: readonly Expr[];
  readonly span: Span;
}

/** An extern instance: `Register<bit<32>, bit<16>>(1024) reg;` (with abstract-method implementations). */
export interface Instance {
  readonly kind: 'Instance';
  readonly name: string;
  /** The extern (or block) type, specialized: `Register<bit<32>, bit<16>>`. */
  readonly type: Type;
  /** The extern's name (`Register`), or the block's for a parser or control instance. */
  readonly typeName: string;
  readonly typeArgs: readonly Type[];
  /** Arguments in constructor-parameter order (undefined where an optional one was left out). */
  readonly ctorArgs: readonly (Expr | undefined)[];
  /** `= { ... }`: implementations of the extern's abstract methods (`RegisterAction.apply`). */
  readonly methods: readonly Function[];
  /** Annotations on the instantiation (`@symmetric("a", "b")` on a Hash). */
  readonly annotations?: readonly AnnotationInfo[];
  readonly span: Span;
}

export interface ValueSet {
  readonly kind: 'ValueSet';
  readonly name: string;
  readonly elementType: Type;
  readonly size: bigint;
  readonly span: Span;
}

export interface Variable {
  readonly kind: 'Variable';
  readonly name: string;
  readonly type: Type;
  readonly init: Expr | undefined;
  readonly span: Span;
}

export type Local = Variable | Constant | Instance | ValueSet;

// ---------------------------------------------------------------------------------------------
// Parsers

export interface Parser {
  readonly kind: 'Parser';
  readonly name: string;
  readonly params: readonly Param[];
  readonly ctorParams: readonly Param[];
  readonly locals: readonly Local[];
  /** In declaration order; `start` is among them; `accept` and `reject` are implicit. */
  readonly states: readonly ParserState[];
  readonly span: Span;
}

export interface ParserState {
  readonly kind: 'ParserState';
  readonly name: string;
  readonly statements: readonly Stmt[];
  /** A state without `transition` goes to `reject` (spec 12.5). */
  readonly transition: Transition;
  readonly span: Span;
}

export type Transition =
  | { readonly kind: 'Goto'; readonly state: string; readonly span: Span }
  | {
      readonly kind: 'Select';
      readonly keys: readonly Expr[];
      readonly cases: readonly SelectCase[];
      readonly span: Span;
    };

export interface SelectCase {
  /** One keyset per select key (a single `default`/`_` is expanded to one per key). */
  readonly keysets: readonly Keyset[];
  readonly state: string;
  readonly span: Span;
}

/** A keyset element of a select case or a table entry; values are folded constants. */
export type Keyset =
  | { readonly kind: 'Default' }
  | { readonly kind: 'Value'; readonly value: ConstValue }
  | { readonly kind: 'Mask'; readonly value: ConstValue; readonly mask: ConstValue }
  | { readonly kind: 'Range'; readonly low: ConstValue; readonly high: ConstValue }
  | { readonly kind: 'ValueSet'; readonly name: string };

// ---------------------------------------------------------------------------------------------
// Controls, actions, tables, functions

export interface Control {
  readonly kind: 'Control';
  readonly name: string;
  readonly params: readonly Param[];
  readonly ctorParams: readonly Param[];
  readonly locals: readonly Local[];
  readonly actions: readonly Action[];
  readonly tables: readonly Table[];
  readonly apply: readonly Stmt[];
  readonly span: Span;
}

export interface Action {
  readonly kind: 'Action';
  readonly name: string;
  /** Directional parameters first, then the ones the control plane supplies (directionless). */
  readonly params: readonly Param[];
  readonly body: readonly Stmt[];
  readonly annotations: readonly AnnotationInfo[];
  readonly span: Span;
}

export interface Function {
  readonly kind: 'Function';
  readonly name: string;
  readonly params: readonly Param[];
  readonly returnType: Type;
  readonly body: readonly Stmt[];
  readonly span: Span;
}

/** An annotation with its body as raw text (`@name("x")` → { name: 'name', body: '"x"' }). */
export interface AnnotationInfo {
  readonly name: string;
  readonly body: string;
}

export interface Table {
  readonly kind: 'Table';
  readonly name: string;
  readonly keys: readonly TableKey[];
  /** The actions list: each with the arguments bound to its directional parameters. */
  readonly actions: readonly ActionCall[];
  readonly defaultAction: (ActionCall & { readonly isConst: boolean }) | undefined;
  readonly entries: readonly TableEntry[];
  /** Whether the entries are `const entries` (the control plane cannot change them). */
  readonly entriesConst: boolean;
  readonly size: bigint | undefined;
  /** Every other property (`implementation`, `counters`, `meters`, `idle_timeout`, target ones). */
  readonly properties: readonly { readonly name: string; readonly value: Expr; readonly isConst: boolean }[];
  readonly annotations: readonly AnnotationInfo[];
  readonly span: Span;
}

export interface TableKey {
  readonly expr: Expr;
  readonly matchKind: string;
  /** The control-plane name: `@name("...")` if given, else the key expression as written. */
  readonly name: string;
}

export interface ActionCall {
  /** The action's name: a control's action, or a top-level one. */
  readonly action: string;
  /** Arguments in parameter order (for the actions list: only the directional ones). */
  readonly args: readonly Expr[];
  readonly span: Span;
}

export interface TableEntry {
  readonly keysets: readonly Keyset[];
  readonly action: ActionCall;
  readonly priority: bigint | undefined;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------
// Statements

export type Stmt =
  | { readonly kind: 'Assign'; readonly target: Expr; readonly value: Expr; readonly span: Span }
  | { readonly kind: 'CallStmt'; readonly call: Call; readonly span: Span }
  | {
      readonly kind: 'If';
      readonly condition: Expr;
      readonly thenBody: readonly Stmt[];
      readonly elseBody: readonly Stmt[];
      readonly span: Span;
    }
  | { readonly kind: 'Switch'; readonly on: Expr; readonly cases: readonly SwitchCase[]; readonly span: Span }
  | {
      readonly kind: 'Block';
      readonly body: readonly Stmt[];
      readonly span: Span;
      /** A block statement's own annotations (bf-p4c copies a block's `@stage` to its tables). */
      readonly annotations?: readonly AnnotationInfo[];
    }
  | { readonly kind: 'VarDecl'; readonly variable: Variable; readonly span: Span }
  | { readonly kind: 'Exit'; readonly span: Span }
  | { readonly kind: 'Return'; readonly value: Expr | undefined; readonly span: Span }
  | { readonly kind: 'Break'; readonly span: Span }
  | { readonly kind: 'Continue'; readonly span: Span }
  | {
      readonly kind: 'For';
      readonly init: readonly Stmt[];
      readonly condition: Expr | undefined;
      readonly update: readonly Stmt[];
      readonly body: readonly Stmt[];
      readonly span: Span;
    }
  | {
      readonly kind: 'ForIn';
      readonly variable: Variable;
      readonly collection: Expr | { readonly kind: 'IntRange'; readonly low: Expr; readonly high: Expr };
      readonly body: readonly Stmt[];
      readonly span: Span;
    };

/**
 * A switch case: labels are action names (a switch on `t.apply().action_run`) or folded
 * constants; fall-through labels (`a: b: {...}`) are gathered into one case.
 */
export interface SwitchCase {
  readonly labels: readonly (SwitchLabel | 'default')[];
  readonly body: readonly Stmt[];
}

export type SwitchLabel =
  | { readonly kind: 'ActionLabel'; readonly action: string }
  | { readonly kind: 'ValueLabel'; readonly value: ConstValue };

// ---------------------------------------------------------------------------------------------
// Expressions: every one has its concrete type and span.

interface ExprBase {
  readonly type: Type;
  readonly span: Span;
}

/** What a name refers to. */
export type RefKind =
  | 'variable'
  | 'parameter'
  | 'instance'
  | 'table'
  | 'valueSet'
  | 'action'
  | 'function'
  | 'state'
  | 'other';

export type Expr =
  | (ExprBase & { readonly kind: 'Const'; readonly value: ConstValue })
  | (ExprBase & { readonly kind: 'Ref'; readonly name: string; readonly ref: RefKind })
  | (ExprBase & { readonly kind: 'Member'; readonly object: Expr; readonly member: string })
  | (ExprBase & { readonly kind: 'Index'; readonly object: Expr; readonly index: Expr })
  | (ExprBase & { readonly kind: 'Slice'; readonly object: Expr; readonly hi: number; readonly lo: number })
  /** `x[base +: width]` with a run-time base. */
  | (ExprBase & { readonly kind: 'DynamicSlice'; readonly object: Expr; readonly base: Expr; readonly width: number })
  | (ExprBase & { readonly kind: 'Unary'; readonly op: '!' | '~' | '-'; readonly operand: Expr })
  | (ExprBase & { readonly kind: 'Binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr })
  /** Explicit and implicit conversions; `type` is the target. */
  | (ExprBase & { readonly kind: 'Cast'; readonly operand: Expr })
  | (ExprBase & { readonly kind: 'Mux'; readonly condition: Expr; readonly whenTrue: Expr; readonly whenFalse: Expr })
  | (ExprBase & { readonly kind: 'List'; readonly elements: readonly Expr[] })
  | (ExprBase & {
      readonly kind: 'StructInit';
      readonly fields: readonly { readonly name: string; readonly value: Expr }[];
    })
  | (ExprBase & { readonly kind: 'InvalidHeader' })
  | (ExprBase & { readonly kind: 'DontCare' })
  /** `...`: the default value of `type`. */
  | (ExprBase & { readonly kind: 'Default' })
  | Call
  /** An anonymous instance in an expression (`Hash<bit<16>>(...)` in `Pipeline(...)` arguments). */
  | (ExprBase & { readonly kind: 'New'; readonly typeName: string; readonly ctorArgs: readonly (Expr | undefined)[] })
  | (ExprBase & { readonly kind: 'This' });

/** The binary operators are the language's, declared once by the parser; lowering keeps them as written. */
export type BinaryOp = BinaryOperator;

export interface Call extends ExprBase {
  readonly kind: 'Call';
  readonly callee: Callee;
  /** Arguments in parameter order (undefined where an optional or defaulted one was left out). */
  readonly args: readonly (Expr | undefined)[];
  readonly params: readonly Param[];
  /** Inferred or given type arguments of a generic function or method, in declaration order. */
  readonly typeArgs: readonly Type[];
}

export type Callee =
  /** An extern method: `reg.read(i)`, `pkt.extract(h)`. */
  | { readonly kind: 'Method'; readonly object: Expr; readonly method: string; readonly externName: string }
  | { readonly kind: 'Function'; readonly name: string; readonly isExtern: boolean }
  | { readonly kind: 'Action'; readonly name: string }
  /** `t.apply()`, `c.apply(...)`, `p.apply(...)`. */
  | { readonly kind: 'Apply'; readonly object: Expr; readonly target: 'table' | 'parser' | 'control' }
  /** isValid, setValid, setInvalid, push_front, pop_front. */
  | { readonly kind: 'Builtin'; readonly object: Expr; readonly name: string };
