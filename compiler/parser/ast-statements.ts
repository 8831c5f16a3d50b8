// The P4_16 syntax tree's statements (assignments, calls, blocks, if, switch, loops, exit,
// return), re-exported by ast.ts.

import type {
  Annotation,
  CallExpression,
  ConstantDeclaration,
  Expression,
  Instantiation,
  Node,
  VariableDeclaration,
} from './ast.js';

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
