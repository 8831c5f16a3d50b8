// Lowering of expressions and statements from the checked AST to the IR: constants folded
// into Const nodes, implicit conversions made explicit Casts, names resolved to Refs, calls
// tagged with what they call, compound assignments expanded, fall-through switch labels grouped.

import type { CheckedProgram } from '../check/index.js';
import { NON_VALUE_KINDS, type Type, type TypeKind, unknownType } from '../check/types.js';
import type * as Ast from '../parser/ast.js';
import type { AnnotationInfo, Call, Callee, Expr, Param, RefKind, Stmt, SwitchCase, Variable } from './nodes.js';

export function lowerParams(c: CheckedProgram, params: readonly Ast.Parameter[]): Param[] {
  return params.map((p) => ({
    name: p.name.name,
    direction: p.direction ?? 'none',
    type: c.typeOfDecl.get(p) ?? unknownType,
    optional: p.annotations.some((a) => a.name.name === 'optional'),
  }));
}

function typeOf(c: CheckedProgram, e: Ast.Expression): Type {
  return c.typeOf.get(e) ?? unknownType;
}

/** Kinds whose values cannot be a Const node (instances, functions, an action-run enum). */
const NOT_CONSTANT = new Set<TypeKind>([...NON_VALUE_KINDS, 'actionEnum']);

/** Values that can be a Const node (not instances or functions). */
function isConstantType(t: Type): boolean {
  return !NOT_CONSTANT.has(t.kind);
}

export function lowerExpr(c: CheckedProgram, e: Ast.Expression): Expr {
  const base = lowerExprUncast(c, e);
  const cast = c.implicitCasts.get(e);
  return cast === undefined ? base : { kind: 'Cast', operand: base, type: cast, span: e.span };
}

function refKind(c: CheckedProgram, e: Ast.Node): RefKind {
  switch (c.declOf.get(e)?.kind) {
    case 'VariableDeclaration':
      return 'variable';
    case 'Parameter':
      return 'parameter';
    case 'Instantiation':
      return 'instance';
    case 'TableDeclaration':
      return 'table';
    case 'ValueSetDeclaration':
      return 'valueSet';
    case 'ActionDeclaration':
      return 'action';
    case 'FunctionDeclaration':
    case 'ExternFunctionDeclaration':
      return 'function';
    case 'ParserState':
    case 'BuiltinState':
      return 'state';
    default:
      return 'other';
  }
}

function lowerExprUncast(c: CheckedProgram, e: Ast.Expression): Expr {
  const type = typeOf(c, e);
  const span = e.span;
  const value = c.valueOf.get(e);
  if (value !== undefined && isConstantType(type)) return { kind: 'Const', value, type, span };
  switch (e.kind) {
    case 'PathExpression':
      return { kind: 'Ref', name: e.name.name, ref: refKind(c, e), type, span };
    case 'MemberExpression':
      return { kind: 'Member', object: lowerExpr(c, e.object), member: e.member.name, type, span };
    case 'IndexExpression':
      return { kind: 'Index', object: lowerExpr(c, e.object), index: lowerExpr(c, e.index), type, span };
    case 'SliceExpression': {
      const object = lowerExpr(c, e.object);
      if (e.plusColon) {
        const width = Number(c.valueOf.get(e.low) ?? 0n);
        const start = c.valueOf.get(e.high);
        if (typeof start === 'bigint')
          return { kind: 'Slice', object, hi: Number(start) + width - 1, lo: Number(start), type, span };
        return { kind: 'DynamicSlice', object, base: lowerExpr(c, e.high), width, type, span };
      }
      return {
        kind: 'Slice',
        object,
        hi: Number(c.valueOf.get(e.high) ?? 0n),
        lo: Number(c.valueOf.get(e.low) ?? 0n),
        type,
        span,
      };
    }
    case 'CallExpression':
      return lowerCall(c, e);
    case 'ConstructorCallExpression': {
      const call = c.calls.get(e);
      const args = call?.args.map((a) => (a === undefined ? undefined : lowerExpr(c, a))) ?? [];
      const typeName = e.type.kind === 'TypeName' ? e.type.name.name : e.type.base.name.name;
      return { kind: 'New', typeName, ctorArgs: args, type, span };
    }
    case 'UnaryExpression':
      if (e.op === '+') return lowerExpr(c, e.operand);
      return { kind: 'Unary', op: e.op, operand: lowerExpr(c, e.operand), type, span };
    case 'BinaryExpression':
      return { kind: 'Binary', op: e.op, left: lowerExpr(c, e.left), right: lowerExpr(c, e.right), type, span };
    case 'ConditionalExpression':
      return {
        kind: 'Mux',
        condition: lowerExpr(c, e.condition),
        whenTrue: lowerExpr(c, e.whenTrue),
        whenFalse: lowerExpr(c, e.whenFalse),
        type,
        span,
      };
    case 'CastExpression':
      return { kind: 'Cast', operand: lowerExpr(c, e.operand), type, span };
    case 'ListExpression':
      return {
        kind: 'List',
        elements: e.elements.filter((el) => el.kind !== 'DotsExpression').map((el) => lowerExpr(c, el)),
        type,
        span,
      };
    case 'StructExpression':
      return {
        kind: 'StructInit',
        fields: e.fields.map((f) => ({ name: f.name.name, value: lowerExpr(c, f.value) })),
        type,
        span,
      };
    case 'InvalidExpression':
      return { kind: 'InvalidHeader', type, span };
    case 'DotsExpression':
      return { kind: 'Default', type, span };
    case 'ThisExpression':
      return { kind: 'This', type, span };
    default:
      // `_`, and keyset forms (lowered by lowerKeyset) never reach a value position.
      return { kind: 'DontCare', type, span };
  }
}

export function lowerCall(c: CheckedProgram, e: Ast.CallExpression): Call {
  const call = c.calls.get(e);
  const type = typeOf(c, e);
  const object = () => lowerExpr(c, (e.callee as Ast.MemberExpression).object);
  let callee: Callee;
  const t = call?.target;
  switch (t?.kind) {
    case 'function':
      callee = {
        kind: 'Function',
        name: t.decl.prototype.name.name,
        isExtern: t.decl.kind === 'ExternFunctionDeclaration',
      };
      break;
    case 'action':
      callee = { kind: 'Action', name: t.decl.name.name };
      break;
    case 'method':
      callee = {
        kind: 'Method',
        object: object(),
        method: t.decl.name.name,
        externName: t.instance.kind === 'extern' ? t.instance.name : '',
      };
      break;
    case 'apply': {
      const k = t.instance.kind;
      // `E.apply(...)` on a parser or control type itself (spec §15.1: an anonymous instance):
      // the object names the type; the mid end declares the instance.
      const o = (e.callee as Ast.MemberExpression).object;
      const typeItself =
        (k === 'parser' || k === 'control') &&
        (o.kind === 'TypeNameExpression' ||
          (o.kind === 'PathExpression' && c.declOf.get(o)?.kind !== 'Instantiation' && refKind(c, o) === 'other'));
      callee = {
        kind: 'Apply',
        object: typeItself
          ? { kind: 'Ref', name: t.instance.name, ref: 'other', type: t.instance, span: o.span }
          : object(),
        target: k === 'table' ? 'table' : k === 'parser' ? 'parser' : 'control',
      };
      break;
    }
    case 'builtin':
      callee = { kind: 'Builtin', object: object(), name: t.name };
      break;
    default:
      callee = {
        kind: 'Function',
        name: e.callee.kind === 'PathExpression' ? e.callee.name.name : '?',
        isExtern: false,
      };
  }
  const params: Param[] = (call?.signature.params ?? []).map((p) => ({
    name: p.name,
    direction: p.direction,
    type: p.type,
    optional: p.optional,
  }));
  return {
    kind: 'Call',
    callee,
    args: call?.args.map((a) => (a === undefined ? undefined : lowerExpr(c, a))) ?? [],
    params,
    typeArgs: (call?.typeParams ?? []).map((v) => call?.typeArgs.get(v.id) ?? unknownType),
    type,
    span: e.span,
  };
}

export function lowerVariable(c: CheckedProgram, d: Ast.VariableDeclaration): Variable {
  return {
    kind: 'Variable',
    name: d.name.name,
    type: c.typeOfDecl.get(d) ?? unknownType,
    init: d.initializer === undefined ? undefined : lowerExpr(c, d.initializer),
    span: d.span,
  };
}

export function lowerStatements(c: CheckedProgram, body: readonly Ast.StatementOrDeclaration[]): Stmt[] {
  return body.flatMap((s) => lowerStatement(c, s));
}

function asList(c: CheckedProgram, s: Ast.Statement): Stmt[] {
  // An annotated block (`@stage(3) { ... }`) stays a block: its annotations apply to it.
  return s.kind === 'BlockStatement' && s.annotations.length === 0 ? lowerStatements(c, s.body) : lowerStatement(c, s);
}

function blockAnnotations(list: readonly Ast.Annotation[]): { annotations?: AnnotationInfo[] } {
  if (list.length === 0) return {};
  return { annotations: list.map((a) => ({ name: a.name.name, body: a.tokens.map((t) => t.text).join(' ') })) };
}

function lowerStatement(c: CheckedProgram, s: Ast.StatementOrDeclaration): Stmt[] {
  const span = s.span;
  switch (s.kind) {
    case 'AssignmentStatement': {
      const target = lowerExpr(c, s.target);
      if (s.op === '=') return [{ kind: 'Assign', target, value: lowerExpr(c, s.value), span }];
      const op = s.op.slice(0, -1) as Ast.BinaryOperator;
      const value: Expr = { kind: 'Binary', op, left: target, right: lowerExpr(c, s.value), type: target.type, span };
      return [{ kind: 'Assign', target, value, span }];
    }
    case 'MethodCallStatement':
      return [{ kind: 'CallStmt', call: lowerCall(c, s.call), span }];
    case 'EmptyStatement':
      return [];
    case 'BlockStatement':
      return [{ kind: 'Block', body: lowerStatements(c, s.body), span, ...blockAnnotations(s.annotations) }];
    case 'IfStatement':
      return [
        {
          kind: 'If',
          condition: lowerExpr(c, s.condition),
          thenBody: asList(c, s.thenStatement),
          elseBody: s.elseStatement === undefined ? [] : asList(c, s.elseStatement),
          span,
        },
      ];
    case 'SwitchStatement':
      return [lowerSwitch(c, s)];
    case 'ExitStatement':
      return [{ kind: 'Exit', span }];
    case 'ReturnStatement':
      return [{ kind: 'Return', value: s.value === undefined ? undefined : lowerExpr(c, s.value), span }];
    case 'BreakStatement':
      return [{ kind: 'Break', span }];
    case 'ContinueStatement':
      return [{ kind: 'Continue', span }];
    case 'ForStatement':
      return [
        {
          kind: 'For',
          init: lowerStatements(c, s.init),
          condition: s.condition === undefined ? undefined : lowerExpr(c, s.condition),
          update: lowerStatements(c, s.update),
          body: asList(c, s.body),
          span,
        },
      ];
    case 'ForInStatement': {
      const col = s.collection;
      const collection =
        col.kind === 'RangeExpression'
          ? { kind: 'IntRange' as const, low: lowerExpr(c, col.low), high: lowerExpr(c, col.high) }
          : lowerExpr(c, col);
      return [{ kind: 'ForIn', variable: lowerVariable(c, s.variable), collection, body: asList(c, s.body), span }];
    }
    case 'VariableDeclaration':
      return [{ kind: 'VarDecl', variable: lowerVariable(c, s), span }];
    case 'ConstantDeclaration':
    case 'Instantiation':
      // Uses of local constants are folded; instances are not allowed in statement bodies.
      return [];
  }
}

function lowerSwitch(c: CheckedProgram, s: Ast.SwitchStatement): Stmt {
  const onActions = c.typeOf.get(s.expression)?.kind === 'actionEnum';
  const cases: SwitchCase[] = [];
  let pending: SwitchCase['labels'][number][] = [];
  for (const k of s.cases) {
    if (k.label.kind === 'DefaultExpression') pending.push('default');
    else if (onActions)
      pending.push({ kind: 'ActionLabel', action: k.label.kind === 'PathExpression' ? k.label.name.name : '?' });
    else pending.push({ kind: 'ValueLabel', value: c.valueOf.get(k.label) ?? 0n });
    if (k.body !== undefined) {
      cases.push({ labels: pending, body: lowerStatements(c, k.body.body) });
      pending = [];
    }
  }
  if (pending.length > 0) cases.push({ labels: pending, body: [] });
  return { kind: 'Switch', on: lowerExpr(c, s.expression), cases, span: s.span };
}
