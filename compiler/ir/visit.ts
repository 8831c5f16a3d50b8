// The read-only IR walker: one place that knows which children every statement, expression,
// transition and block has, so later phases (the mid end, the code generator, the Tofino
// target) visit the IR without writing their own `switch` over every node kind.

import type * as Ir from './nodes.js';

/**
 * Hooks called before a node's children; returning `false` skips the children (a hook that
 * returns nothing walks on). Expressions inside statements, transitions and tables are all
 * reached; a Call's callee object and arguments are children of the Call.
 */
export interface IrVisitor {
  stmt?(s: Ir.Stmt): boolean | undefined;
  expr?(e: Ir.Expr): boolean | undefined;
}

export function visitStmts(body: readonly Ir.Stmt[], v: IrVisitor): void {
  for (const s of body) visitStmt(s, v);
}

export function visitStmt(s: Ir.Stmt, v: IrVisitor): void {
  if (v.stmt?.(s) === false) return;
  switch (s.kind) {
    case 'Assign':
      visitExpr(s.target, v);
      visitExpr(s.value, v);
      return;
    case 'CallStmt':
      visitExpr(s.call, v);
      return;
    case 'If':
      visitExpr(s.condition, v);
      visitStmts(s.thenBody, v);
      visitStmts(s.elseBody, v);
      return;
    case 'Switch':
      visitExpr(s.on, v);
      for (const c of s.cases) visitStmts(c.body, v);
      return;
    case 'Block':
      visitStmts(s.body, v);
      return;
    case 'VarDecl':
      if (s.variable.init !== undefined) visitExpr(s.variable.init, v);
      return;
    case 'Return':
      if (s.value !== undefined) visitExpr(s.value, v);
      return;
    case 'For':
      visitStmts(s.init, v);
      if (s.condition !== undefined) visitExpr(s.condition, v);
      visitStmts(s.update, v);
      visitStmts(s.body, v);
      return;
    case 'ForIn':
      if (s.variable.init !== undefined) visitExpr(s.variable.init, v);
      if (s.collection.kind === 'IntRange') {
        visitExpr(s.collection.low, v);
        visitExpr(s.collection.high, v);
      } else visitExpr(s.collection, v);
      visitStmts(s.body, v);
      return;
    case 'Exit':
    case 'Break':
    case 'Continue':
      return;
  }
}

export function visitExpr(e: Ir.Expr, v: IrVisitor): void {
  if (v.expr?.(e) === false) return;
  switch (e.kind) {
    case 'Call':
      if (e.callee.kind === 'Method' || e.callee.kind === 'Apply' || e.callee.kind === 'Builtin')
        visitExpr(e.callee.object, v);
      for (const a of e.args) if (a !== undefined) visitExpr(a, v);
      return;
    case 'Member':
    case 'Slice':
      visitExpr(e.object, v);
      return;
    case 'DynamicSlice':
      visitExpr(e.object, v);
      visitExpr(e.base, v);
      return;
    case 'Index':
      visitExpr(e.object, v);
      visitExpr(e.index, v);
      return;
    case 'Unary':
    case 'Cast':
      visitExpr(e.operand, v);
      return;
    case 'Binary':
      visitExpr(e.left, v);
      visitExpr(e.right, v);
      return;
    case 'Mux':
      visitExpr(e.condition, v);
      visitExpr(e.whenTrue, v);
      visitExpr(e.whenFalse, v);
      return;
    case 'List':
      for (const x of e.elements) visitExpr(x, v);
      return;
    case 'StructInit':
      for (const f of e.fields) visitExpr(f.value, v);
      return;
    case 'New':
      for (const a of e.ctorArgs) if (a !== undefined) visitExpr(a, v);
      return;
    default:
      return;
  }
}

export function visitTransition(t: Ir.Transition, v: IrVisitor): void {
  if (t.kind === 'Select') for (const k of t.keys) visitExpr(k, v);
}

export function visitLocal(l: Ir.Local, v: IrVisitor): void {
  if (l.kind === 'Variable' && l.init !== undefined) visitExpr(l.init, v);
  else if (l.kind === 'Instance') {
    for (const a of l.ctorArgs) if (a !== undefined) visitExpr(a, v);
    for (const m of l.methods) visitStmts(m.body, v);
  }
}

export function visitParser(p: Ir.Parser, v: IrVisitor): void {
  for (const l of p.locals) visitLocal(l, v);
  for (const s of p.states) {
    visitStmts(s.statements, v);
    visitTransition(s.transition, v);
  }
}

export function visitTable(t: Ir.Table, v: IrVisitor): void {
  for (const k of t.keys) visitExpr(k.expr, v);
  for (const a of t.actions) for (const x of a.args) visitExpr(x, v);
  if (t.defaultAction !== undefined) for (const x of t.defaultAction.args) visitExpr(x, v);
  for (const e of t.entries) for (const x of e.action.args) visitExpr(x, v);
  for (const p of t.properties) visitExpr(p.value, v);
}

export function visitControl(c: Ir.Control, v: IrVisitor): void {
  for (const l of c.locals) visitLocal(l, v);
  for (const a of c.actions) visitStmts(a.body, v);
  for (const t of c.tables) visitTable(t, v);
  visitStmts(c.apply, v);
}

/** Every Call in a statement list (nested ones included), in evaluation order of the walk. */
export function forEachCall(body: readonly Ir.Stmt[], fn: (c: Ir.Call) => void): void {
  visitStmts(body, {
    expr: (e) => {
      if (e.kind === 'Call') fn(e);
      return undefined;
    },
  });
}

/** Whether any statement (nested ones included) satisfies `test`. */
export function someStmt(body: readonly Ir.Stmt[], test: (s: Ir.Stmt) => boolean): boolean {
  let found = false;
  visitStmts(body, {
    stmt: (s) => {
      if (found) return false;
      if (test(s)) found = true;
      return !found;
    },
  });
  return found;
}

/** Whether `e` or any expression inside it satisfies `test`. */
export function someExpr(e: Ir.Expr, test: (x: Ir.Expr) => boolean): boolean {
  let found = false;
  visitExpr(e, {
    expr: (x) => {
      if (found) return false;
      if (test(x)) found = true;
      return !found;
    },
  });
  return found;
}
