// The state of one type-checking run: the scope chain, where in the program the checker is
// (parser state, control apply, action, function, initializer), and the side tables that
// become the CheckedProgram. Checking never mutates the AST; it only fills these maps.

import type { DiagnosticSink, MessageDef } from '../diagnostics/diagnostic.js';
import type * as Ast from '../parser/ast.js';
import type { Span } from '../source/span.js';
import type { ConstValue } from './const-fold.js';
import { CheckMessages as M } from './messages.js';
import { type Decl, declName, type MemberDecl, Scope } from './scopes.js';
import type { Param, Signature, Type, TypeVar } from './types.js';

/** Where the checker is: decides which statements and calls are allowed. */
export type BodyKind =
  | 'top'
  | 'parser'
  | 'parserState'
  | 'control'
  | 'controlApply'
  | 'action'
  | 'function'
  | 'initializer';

export interface Env {
  readonly body: BodyKind;
  /** The enclosing parser or control, if any. */
  readonly block?: Ast.ParserDeclaration | Ast.ControlDeclaration;
  /** The declared return type inside a function or an abstract-method implementation. */
  readonly returnType?: Type;
  /** The instance type inside an initializer block (`this`). */
  readonly thisType?: Type;
  readonly inLoop?: boolean;
  /** The expression a switch statement is on (the only place `t.apply().action_run` may appear). */
  readonly switchOn?: Ast.Expression;
  /** Set while checking table keys, action refs and entries (actions named there are not calls). */
  readonly table?: Ast.TableDeclaration;
}

/** The overload a call resolved to, with its type arguments and each parameter's argument. */
export interface ResolvedCall {
  readonly target: CallTarget;
  readonly signature: Signature;
  /** The callee's own type parameters (before substitution), in declaration order. */
  readonly typeParams: readonly TypeVar[];
  readonly typeArgs: ReadonlyMap<number, Type>;
  /** Arguments in parameter order; undefined where an optional or defaulted parameter was left out. */
  readonly args: readonly (Ast.Expression | undefined)[];
}

/** What a call calls. */
export type CallTarget =
  | { readonly kind: 'function'; readonly decl: Ast.FunctionDeclaration | Ast.ExternFunctionDeclaration }
  | { readonly kind: 'action'; readonly decl: Ast.ActionDeclaration }
  | { readonly kind: 'method'; readonly decl: Ast.MethodPrototype; readonly instance: Type }
  | { readonly kind: 'constructor'; readonly type: Type; readonly decl?: Ast.MethodPrototype }
  | { readonly kind: 'apply'; readonly instance: Type }
  | { readonly kind: 'builtin'; readonly name: string; readonly object: Type };

export interface ReportAnchor {
  readonly span: Span;
  readonly defs: readonly MessageDef<never>[];
  /** The note at the place the error was found. */
  readonly note: string;
  /** Names the construct in the message, which is no longer shown where it was found. */
  readonly prefix?: string;
  /** The messages already reported at the anchor. */
  readonly reported: Set<string>;
}

export class Checker {
  scope: Scope;
  env: Env = { body: 'top' };

  readonly declOf = new Map<Ast.Node, Decl>();
  readonly typeOf = new Map<Ast.Expression, Type>();
  readonly valueOf = new Map<Ast.Expression, ConstValue>();
  readonly typeOfDecl = new Map<Decl, Type>();
  readonly valueOfDecl = new Map<Decl, ConstValue>();
  readonly typeOfRef = new Map<Ast.Node, Type>();
  /** Expressions converted implicitly (serializable enum to bits, list or struct expression to a struct). */
  readonly implicitCasts = new Map<Ast.Expression, Type>();
  /** Calls, constructor calls, instantiations, and action references of tables and entries. */
  readonly calls = new Map<Ast.Node, ResolvedCall>();
  readonly typeParamsOf = new Map<Decl | Ast.MethodPrototype | Ast.FunctionPrototype, readonly TypeVar[]>();
  readonly signatureOf = new Map<Ast.MethodPrototype | Ast.FunctionPrototype | Ast.ActionDeclaration, Signature>();
  readonly paramsOf = new Map<Decl, readonly Param[]>();
  readonly errorMembers = new Map<string, MemberDecl>();
  readonly matchKinds = new Map<string, MemberDecl>();
  readonly instantiations: Ast.Instantiation[] = [];
  /**
   * Whether the target's rules apply (p4c checks them on the code a `main` reaches after its
   * midend; a program without `main` is checked by the language rules only).
   */
  targetRules = false;
  /** The program is written for tna.p4 / t2na.p4, whose back end checks the operations it can do. */
  tofino = false;
  /** The first table without default_action: it needs core.p4's NoAction. */
  tableWithoutDefault: Ast.TableDeclaration | undefined;
  /** The first switch on a value (not on action_run): p4c needs core.p4's match_kind exact for it. */
  valueSwitch: Ast.SwitchStatement | undefined;
  /** Stack elements only asked for their size (`h[i].minSizeInBits()`): no bounds check. */
  readonly sizeQueryObjects = new Set<Ast.Expression>();
  /** Field types already reported for a generic field declaration (one report per field and type). */
  readonly reportedFieldTypes = new Map<Ast.StructField, Set<string>>();
  /** Whether the program declares `error { ... }` anywhere: without one, the type `error` does not exist (p4c). */
  hasErrorDeclaration = true;
  /** Checks p4c makes in a pass after type checking: run once every declaration is checked. */
  readonly afterTypes: (() => void)[] = [];
  /** Where p4c reports some errors of the construct being checked (see withAnchor). */
  private anchor: ReportAnchor | undefined;

  constructor(readonly sink: DiagnosticSink) {
    this.scope = new Scope(undefined);
  }

  report<A extends unknown[]>(def: MessageDef<A>, span: Span, ...args: A): void {
    const a = this.anchor;
    if (a?.defs.includes(def as MessageDef<never>)) {
      // One report per message at the anchor: `{ 0, 0 }` for a tuple<> is one error there.
      const text = def.text(...args);
      if (a.reported.has(text)) return;
      a.reported.add(text);
      const prefix = a.prefix;
      const at = prefix === undefined ? def : { ...def, text: (...xs: A) => `${prefix}: ${def.text(...xs)}` };
      const d = this.sink.report(at, a.span, ...args);
      this.sink.addRelated(d, span, a.note);
      return;
    }
    this.sink.report(def, span, ...args);
  }

  /**
   * Runs `fn` reporting the errors `anchor.defs` at `anchor.span` (with a note at the place
   * found), as p4c does for unification errors: a select case's type at its `select`, a
   * package argument's type at the package declaration. `undefined` ends an outer anchor
   * (a nested call has its own places).
   */
  withAnchor<T>(anchor: ReportAnchor | undefined, fn: () => T): T {
    const saved = this.anchor;
    this.anchor = anchor;
    try {
      return fn();
    } finally {
      this.anchor = saved;
    }
  }

  get anchored(): boolean {
    return this.anchor !== undefined;
  }

  /** Runs `fn` in a new innermost scope (and optionally a changed environment). */
  inScope<T>(fn: () => T, env?: Partial<Env>): T {
    const savedScope = this.scope;
    const savedEnv = this.env;
    this.scope = new Scope(savedScope);
    if (env !== undefined) this.env = { ...savedEnv, ...env };
    try {
      return fn();
    } finally {
      this.scope = savedScope;
      this.env = savedEnv;
    }
  }

  withEnv<T>(env: Partial<Env>, fn: () => T): T {
    const saved = this.env;
    this.env = { ...saved, ...env };
    try {
      return fn();
    } finally {
      this.env = saved;
    }
  }

  /** Declares a name in the innermost scope, reporting a clash with the earlier declaration. */
  declare(decl: Decl, name: Ast.Identifier = declName(decl), scope: Scope = this.scope): void {
    if (name.name === '') return; // a name the parser had to invent while recovering
    const clash = scope.declare(name.name, decl);
    if (clash !== undefined) {
      const d = this.sink.report(M.duplicate, name.span, name.name);
      this.sink.addRelated(d, declName(clash).span, `'${name.name}' declared here`);
    }
  }

  /** Looks a name up (`.x` from the top-level scope); reports not-found unless `quiet`. */
  lookup(name: Ast.Identifier, global: boolean, quiet = false): readonly Decl[] | undefined {
    if (name.name === '') return undefined;
    const scope = global ? this.scope.root() : this.scope;
    const found = scope.lookup(name.name);
    if (found === undefined && !quiet) this.report(M.notFound, name.span, name.name);
    return found;
  }

  /** Human description of where the checker is, for "not allowed in ..." messages. */
  describeBody(): string {
    switch (this.env.body) {
      case 'top':
        return 'the top level';
      case 'parser':
        return 'a parser outside a state';
      case 'parserState':
        return 'a parser state';
      case 'control':
        return 'a control outside its apply block';
      case 'controlApply':
        return "a control's apply block";
      case 'action':
        return 'an action';
      case 'function':
        return 'a function';
      case 'initializer':
        return 'an initializer block';
    }
  }
}
