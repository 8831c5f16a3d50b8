// Small walks over IR statements and expressions that the generator needs before emitting:
// every call in a body (to find the header type a Mirror emits, or whether a control reads
// parser_err).

import type * as Ir from '../ir/nodes.js';

export function forEachCallInStmts(body: readonly Ir.Stmt[], fn: (c: Ir.Call) => void): void {
  for (const s of body) forEachCallInStmt(s, fn);
}

function forEachCallInStmt(s: Ir.Stmt, fn: (c: Ir.Call) => void): void {
  switch (s.kind) {
    case 'Assign':
      forEachCallInExpr(s.target, fn);
      forEachCallInExpr(s.value, fn);
      return;
    case 'CallStmt':
      forEachCallInExpr(s.call, fn);
      return;
    case 'If':
      forEachCallInExpr(s.condition, fn);
      forEachCallInStmts(s.thenBody, fn);
      forEachCallInStmts(s.elseBody, fn);
      return;
    case 'Switch':
      forEachCallInExpr(s.on, fn);
      for (const c of s.cases) forEachCallInStmts(c.body, fn);
      return;
    case 'Block':
      forEachCallInStmts(s.body, fn);
      return;
    case 'VarDecl':
      if (s.variable.init !== undefined) forEachCallInExpr(s.variable.init, fn);
      return;
    case 'Return':
      if (s.value !== undefined) forEachCallInExpr(s.value, fn);
      return;
    default:
      return;
  }
}

export function forEachCallInExpr(e: Ir.Expr, fn: (c: Ir.Call) => void): void {
  switch (e.kind) {
    case 'Call':
      fn(e);
      if (e.callee.kind === 'Method' || e.callee.kind === 'Apply' || e.callee.kind === 'Builtin')
        forEachCallInExpr(e.callee.object, fn);
      for (const a of e.args) if (a !== undefined) forEachCallInExpr(a, fn);
      return;
    case 'Member':
    case 'Slice':
    case 'DynamicSlice':
      forEachCallInExpr(e.object, fn);
      return;
    case 'Index':
      forEachCallInExpr(e.object, fn);
      forEachCallInExpr(e.index, fn);
      return;
    case 'Unary':
    case 'Cast':
      forEachCallInExpr(e.operand, fn);
      return;
    case 'Binary':
      forEachCallInExpr(e.left, fn);
      forEachCallInExpr(e.right, fn);
      return;
    case 'Mux':
      forEachCallInExpr(e.condition, fn);
      forEachCallInExpr(e.whenTrue, fn);
      forEachCallInExpr(e.whenFalse, fn);
      return;
    case 'List':
      for (const x of e.elements) forEachCallInExpr(x, fn);
      return;
    case 'StructInit':
      for (const f of e.fields) forEachCallInExpr(f.value, fn);
      return;
    default:
      return;
  }
}
