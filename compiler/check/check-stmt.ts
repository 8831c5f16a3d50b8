// Statements and local declarations (spec 12): assignments to l-values, calls, blocks,
// conditions, switch on action_run or on values, exit and return by context, loops, local
// variables and constants. Which statement is allowed where comes from the checker's Env.

import type * as Ast from '../parser/ast.js';
import { assignable } from './assignable.js';
import { checkCondition, checkExpression, checkExpressionAs, coerce, convertTo, lvalueProblem } from './check-expr.js';
import { checkInstantiation } from './check-instance.js';
import { type ConstValue, constEquals, printConst } from './const-fold.js';
import type { Checker, Env, ReportAnchor } from './context.js';
import { CheckMessages as M } from './messages.js';
import { resolveType } from './resolve-type.js';
import { isFixedInt, NON_VALUE_KINDS, printType, type Type, type TypeKind, voidType } from './types.js';

export function checkStatements(cx: Checker, body: readonly Ast.StatementOrDeclaration[]): void {
  for (const s of body) checkStatement(cx, s);
}

export function checkBlock(cx: Checker, b: Ast.BlockStatement): void {
  cx.inScope(() => checkStatements(cx, b.body));
}

export function checkStatement(cx: Checker, s: Ast.StatementOrDeclaration): void {
  switch (s.kind) {
    case 'AssignmentStatement':
      checkAssignment(cx, s);
      return;
    case 'MethodCallStatement':
      checkExpression(cx, s.call);
      return;
    case 'EmptyStatement':
      return;
    case 'BlockStatement':
      checkBlock(cx, s);
      return;
    case 'IfStatement':
      checkCondition(cx, s.condition);
      cx.inScope(() => checkStatement(cx, s.thenStatement));
      if (s.elseStatement !== undefined) {
        const other = s.elseStatement;
        cx.inScope(() => checkStatement(cx, other));
      }
      return;
    case 'SwitchStatement':
      checkSwitch(cx, s);
      return;
    case 'ExitStatement':
      if (cx.env.body !== 'controlApply' && cx.env.body !== 'action')
        cx.report(M.statementNotAllowed, s.span, "'exit'", cx.describeBody());
      return;
    case 'ReturnStatement':
      checkReturn(cx, s);
      return;
    case 'BreakStatement':
    case 'ContinueStatement':
      if (cx.env.inLoop !== true)
        cx.report(
          M.statementNotAllowed,
          s.span,
          s.kind === 'BreakStatement' ? "'break'" : "'continue'",
          'a statement outside a loop',
        );
      return;
    case 'ForStatement':
      cx.inScope(() => {
        checkStatements(cx, s.init);
        if (s.condition !== undefined) checkCondition(cx, s.condition);
        checkStatements(cx, s.update);
        cx.withEnv({ inLoop: true }, () => checkStatement(cx, s.body));
      });
      return;
    case 'ForInStatement':
      checkForIn(cx, s);
      return;
    case 'VariableDeclaration':
      checkVariable(cx, s);
      return;
    case 'ConstantDeclaration':
      checkConstant(cx, s);
      return;
    case 'Instantiation':
      checkInstantiation(cx, s);
      return;
  }
}

function checkAssignment(cx: Checker, s: Ast.AssignmentStatement): void {
  const target = checkExpression(cx, s.target);
  if (s.target.kind === 'DontCareExpression') {
    cx.report(M.dontCareNotAllowed, s.target.span);
    checkExpression(cx, s.value);
    return;
  }
  const problem = lvalueProblem(cx, s.target);
  if (problem !== undefined) cx.report(M.notLvalue, s.target.span, problem);
  const value = checkExpression(cx, s.value, target);
  if (s.op === '=') {
    convertTo(cx, s.value, value, target, undefined, true);
    return;
  }
  // Compound assignment `a op= b` is `a = a op b`: a numeric target, and b converted to it
  // (except for shifts, whose amount keeps its own unsigned type).
  const op = s.op.slice(0, -1);
  const t = target.kind === 'serEnum' ? target.underlying : target;
  if (t.kind === 'unknown' || value.kind === 'unknown') return;
  if (!isFixedInt(t) && t.kind !== 'infint') {
    cx.report(M.operandType, s.span, op, printType(target));
    return;
  }
  if (op === '<<' || op === '>>') {
    const amount = cx.valueOf.get(s.value);
    if (value.kind !== 'bit' && !(value.kind === 'infint' && typeof amount === 'bigint' && amount >= 0n))
      cx.report(M.shiftAmount, s.value.span, printType(value));
    return;
  }
  if ((op === '/' || op === '%') && t.kind === 'int') {
    cx.report(M.operandType, s.span, op, printType(t));
    return;
  }
  // p4c keeps `a %= b` as is when asked to (opassign1.p4), and its constant folder only
  // rejects the binary form: a compound division is left to the target.
  convertTo(cx, s.value, value, t);
}

function checkReturn(cx: Checker, s: Ast.ReturnStatement): void {
  const body = cx.env.body;
  if (body === 'function' || body === 'initializer') {
    const rt = cx.env.returnType ?? voidType;
    if (s.value === undefined) {
      if (rt.kind !== 'void' && rt.kind !== 'unknown')
        cx.report(M.returnValue, s.span, `this function must return a value of type ${printType(rt)}`);
    } else if (rt.kind === 'void') {
      checkExpression(cx, s.value);
      cx.report(M.returnValue, s.value.span, 'a void function cannot return a value');
    } else checkExpressionAs(cx, s.value, rt);
    return;
  }
  if (body === 'action' || body === 'controlApply') {
    if (s.value !== undefined) {
      checkExpression(cx, s.value);
      cx.report(M.returnValue, s.value.span, `a return in ${cx.describeBody()} cannot have a value`);
    }
    return;
  }
  cx.report(M.statementNotAllowed, s.span, "'return'", cx.describeBody());
}

function checkVariable(cx: Checker, d: Ast.VariableDeclaration): void {
  const t = resolveType(cx, d.type);
  if (!isDataType(t) || t.kind === 'infint')
    cx.report(
      M.notAllowedHere,
      d.type.span,
      `a variable of type ${printType(t)}`,
      '(variables hold data of a fixed size)',
    );
  const init = d.initializer;
  if (init !== undefined) cx.withAnchor(initializerAnchor(d.name), () => checkExpressionAs(cx, init, t));
  cx.typeOfDecl.set(d, t);
  // A variable of an apply block or parser state never hides a parameter of its parser or
  // control (p4c makes this shadowing an error); the block's own locals, outside, may.
  const block = cx.env.block;
  const inBody = cx.env.body === 'controlApply' || cx.env.body === 'parserState';
  const hidden = cx.scope.lookupLocal(d.name.name) === undefined ? cx.scope.lookup(d.name.name) : undefined;
  if (inBody && block !== undefined && hidden?.some((h) => h.kind === 'Parameter' && block.type.parameters.includes(h)))
    cx.report(M.shadowsParameter, d.name.span, d.name.name);
  cx.declare(d);
}

/** Kinds of types whose values cannot be stored in variables and fields. */
const NOT_DATA = new Set<TypeKind>([...NON_VALUE_KINDS, 'actionEnum', 'void', 'dontCare', 'invalidHeader', 'string']);

/** Types whose values can be stored in variables and fields. */
export function isDataType(t: Type): boolean {
  return !NOT_DATA.has(t.kind);
}

/** p4c unifies an initializer with the declared type as part of the declaration, and reports at its name. */
function initializerAnchor(name: Ast.Identifier): ReportAnchor {
  return { span: name.span, defs: [M.typeMismatch], note: `in the initializer of '${name.name}'`, reported: new Set() };
}

export function checkConstant(cx: Checker, d: Ast.ConstantDeclaration): void {
  const t = resolveType(cx, d.type);
  const vt = cx.withAnchor(initializerAnchor(d.name), () => checkExpressionAs(cx, d.value, t));
  const v = cx.valueOf.get(d.value);
  if (v === undefined && vt.kind !== 'unknown' && cx.typeOf.get(d.value)?.kind !== 'unknown')
    cx.report(M.notConstant, d.value.span, `the value of constant '${d.name.name}'`);
  if (v !== undefined) cx.valueOfDecl.set(d, v);
  cx.typeOfDecl.set(d, t);
  cx.declare(d);
}

function checkForIn(cx: Checker, s: Ast.ForInStatement): void {
  cx.inScope(() => {
    const t = resolveType(cx, s.variable.type);
    if (s.collection.kind === 'RangeExpression') {
      for (const bound of [s.collection.low, s.collection.high]) {
        const bt = checkExpression(cx, bound);
        if (bt.kind !== 'unknown') convertTo(cx, bound, bt, t);
      }
    } else {
      const ct = checkExpression(cx, s.collection);
      const element =
        ct.kind === 'headerStack'
          ? ct.element
          : ct.kind === 'list'
            ? ct.element
            : ct.kind === 'tuple'
              ? ct.elements[0]
              : undefined;
      if (element === undefined && ct.kind !== 'unknown') cx.report(M.notIndexable, s.collection.span, printType(ct));
      else if (element !== undefined && !sameTypeLoose(element, t))
        cx.report(M.typeMismatch, s.variable.type.span, printType(element), printType(t));
    }
    cx.typeOfDecl.set(s.variable, t);
    cx.declare(s.variable);
    cx.withEnv({ inLoop: true }, () => checkStatement(cx, s.body));
  });
}

function sameTypeLoose(a: Type, b: Type): boolean {
  return a.kind === 'unknown' || b.kind === 'unknown' || printType(a) === printType(b);
}

/**
 * `switch (t.apply().action_run)` takes the table's action names as labels; a switch on a
 * value (bit<W>, int<W>, enums, error) takes distinct compile-time constants of its type.
 */
function checkSwitch(cx: Checker, s: Ast.SwitchStatement): void {
  if (cx.env.body === 'parserState') cx.report(M.statementNotAllowed, s.span, "'switch'", cx.describeBody());
  const t = cx.withEnv({ switchOn: s.expression }, () => checkExpression(cx, s.expression));
  const switchable =
    t.kind === 'actionEnum' ||
    t.kind === 'bit' ||
    t.kind === 'int' ||
    t.kind === 'enum' ||
    t.kind === 'serEnum' ||
    t.kind === 'error' ||
    t.kind === 'unknown';
  if (!switchable) cx.report(M.switchType, s.expression.span, printType(t));
  else if (t.kind !== 'actionEnum' && t.kind !== 'unknown' && s.cases.length > 0) cx.valueSwitch ??= s;
  const seenLabels: ConstValue[] = [];
  const seenActions = new Set<string>();
  s.cases.forEach((c, i) => {
    if (c.label.kind === 'DefaultExpression') {
      // p4c points at the switch; the note shows the label.
      if (i !== s.cases.length - 1) {
        const d = cx.sink.report(M.defaultNotLast, s.span);
        cx.sink.addRelated(d, c.label.span, 'this default label is followed by another label');
      }
    } else if (t.kind === 'actionEnum') {
      const name = c.label.kind === 'PathExpression' ? c.label.name.name : undefined;
      const inTable = name !== undefined && tableActionNames(t.table).includes(name);
      if (!inTable) cx.report(M.switchLabel, c.label.span, labelText(c.label), printType(t));
      else if (seenActions.has(name)) cx.report(M.duplicateLabel, c.label.span, name);
      if (name !== undefined) seenActions.add(name);
    } else if (switchable && t.kind !== 'unknown') {
      const lt = checkExpression(cx, c.label, t);
      if (assignable(lt, t)) coerce(cx, c.label, lt, t);
      else {
        // p4c points at the switch expression the label is compared with.
        const d = cx.sink.report(M.switchLabel, s.expression.span, labelText(c.label), printType(t));
        cx.sink.addRelated(d, c.label.span, 'this label');
      }
      const v = cx.valueOf.get(c.label);
      if (v === undefined) {
        if (lt.kind !== 'unknown') cx.report(M.notConstant, c.label.span, 'a switch label');
      } else if (seenLabels.some((w) => constEquals(v, w))) cx.report(M.duplicateLabel, c.label.span, printConst(v));
      else seenLabels.push(v);
    } else checkExpression(cx, c.label);
    if (c.body !== undefined) checkBlock(cx, c.body);
  });
}

function labelText(e: Ast.Expression): string {
  return e.kind === 'PathExpression' ? e.name.name : e.kind === 'MemberExpression' ? e.member.name : 'label';
}

export function tableActionNames(table: Ast.TableDeclaration): string[] {
  const names: string[] = [];
  for (const p of table.properties)
    if (p.kind === 'ActionsProperty') for (const a of p.actions) names.push(a.name.name);
  return names;
}

/**
 * The body of a function or of an abstract-method implementation; the parameters are already
 * in scope. A function with a return type must return on every path.
 */
export function checkFunctionBody(cx: Checker, fn: Ast.FunctionDeclaration, returnType: Type, env: Partial<Env>): void {
  cx.withEnv({ body: 'function', ...env, returnType, inLoop: false }, () => checkStatements(cx, fn.body.body));
  if (returnType.kind !== 'void' && returnType.kind !== 'unknown' && !alwaysReturns(fn.body))
    cx.report(M.missingReturn, fn.prototype.name.span, fn.prototype.name.name);
}

function alwaysReturns(s: Ast.StatementOrDeclaration): boolean {
  switch (s.kind) {
    case 'ReturnStatement':
    case 'ExitStatement':
      return true;
    case 'BlockStatement':
      return s.body.some(alwaysReturns);
    case 'IfStatement':
      return s.elseStatement !== undefined && alwaysReturns(s.thenStatement) && alwaysReturns(s.elseStatement);
    case 'SwitchStatement':
      return (
        s.cases.some((c) => c.label.kind === 'DefaultExpression') &&
        s.cases.every((c) => c.body === undefined || alwaysReturns(c.body))
      );
    default:
      return false;
  }
}
