// The rebuilding IR walker: children are rewritten first, then the hook sees the node with its
// new children and returns its replacement. Nodes nothing changed inside are returned as the
// same objects, so a pass that touches nothing costs no allocation and `===` tells what moved.

import type * as Ir from './nodes.js';

export interface IrRewriter {
  /** The replacement of an expression whose children are already rewritten. */
  expr?(e: Ir.Expr): Ir.Expr;
  /** The replacement of a statement (children already rewritten): one, several or none. */
  stmt?(s: Ir.Stmt): Ir.Stmt | readonly Ir.Stmt[];
  /** A parser state's next state, a select case's target (to rename states). */
  state?(name: string): string;
  /** A value set named in a select keyset. */
  valueSet?(name: string): string;
  /** An action named by a call, a table's action list, default action or entry, a switch label. */
  action?(name: string): string;
}

function sameArray<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function mapSame<T>(xs: readonly T[], f: (x: T) => T): readonly T[] {
  const out = xs.map(f);
  return sameArray(xs, out) ? xs : out;
}

export function rewriteStmts(body: readonly Ir.Stmt[], r: IrRewriter): readonly Ir.Stmt[] {
  const out: Ir.Stmt[] = [];
  for (const s of body) {
    const x = rewriteStmt(s, r);
    if (Array.isArray(x)) out.push(...(x as readonly Ir.Stmt[]));
    else out.push(x as Ir.Stmt);
  }
  return sameArray(body, out) ? body : out;
}

export function rewriteVariable(v: Ir.Variable, r: IrRewriter): Ir.Variable {
  if (v.init === undefined) return v;
  const init = rewriteExpr(v.init, r);
  return init === v.init ? v : { ...v, init };
}

export function rewriteStmt(s: Ir.Stmt, r: IrRewriter): Ir.Stmt | readonly Ir.Stmt[] {
  const n = rebuildStmt(s, r);
  return r.stmt === undefined ? n : r.stmt(n);
}

function rebuildStmt(s: Ir.Stmt, r: IrRewriter): Ir.Stmt {
  const ex = (e: Ir.Expr) => rewriteExpr(e, r);
  const body = (b: readonly Ir.Stmt[]) => rewriteStmts(b, r);
  switch (s.kind) {
    case 'Assign': {
      const target = ex(s.target);
      const value = ex(s.value);
      return target === s.target && value === s.value ? s : { ...s, target, value };
    }
    case 'CallStmt': {
      const call = ex(s.call);
      if (call === s.call) return s;
      // A rewriter may replace a call statement's call by another expression only if it is a call.
      return call.kind === 'Call' ? { ...s, call } : s;
    }
    case 'If': {
      const condition = ex(s.condition);
      const thenBody = body(s.thenBody);
      const elseBody = body(s.elseBody);
      return condition === s.condition && thenBody === s.thenBody && elseBody === s.elseBody
        ? s
        : { ...s, condition, thenBody, elseBody };
    }
    case 'Switch': {
      const on = ex(s.on);
      const cases = mapSame(s.cases, (c) => {
        const b = body(c.body);
        const labels = r.action === undefined ? c.labels : mapSame(c.labels, (l) => renamedLabel(l, r));
        return b === c.body && labels === c.labels ? c : { ...c, labels, body: b };
      });
      return on === s.on && cases === s.cases ? s : { ...s, on, cases };
    }
    case 'Block': {
      const b = body(s.body);
      return b === s.body ? s : { ...s, body: b };
    }
    case 'VarDecl': {
      const variable = rewriteVariable(s.variable, r);
      return variable === s.variable ? s : { ...s, variable };
    }
    case 'Return': {
      if (s.value === undefined) return s;
      const value = ex(s.value);
      return value === s.value ? s : { ...s, value };
    }
    case 'For': {
      const init = body(s.init);
      const condition = s.condition === undefined ? undefined : ex(s.condition);
      const update = body(s.update);
      const b = body(s.body);
      return init === s.init && condition === s.condition && update === s.update && b === s.body
        ? s
        : { ...s, init, condition, update, body: b };
    }
    case 'ForIn': {
      const variable = rewriteVariable(s.variable, r);
      const c = s.collection;
      const collection =
        c.kind === 'IntRange'
          ? (() => {
              const low = ex(c.low);
              const high = ex(c.high);
              return low === c.low && high === c.high ? c : { ...c, low, high };
            })()
          : ex(c);
      const b = body(s.body);
      return variable === s.variable && collection === s.collection && b === s.body
        ? s
        : { ...s, variable, collection, body: b };
    }
    default:
      return s;
  }
}

function optArgs(args: readonly (Ir.Expr | undefined)[], r: IrRewriter): readonly (Ir.Expr | undefined)[] {
  return mapSame(args, (a) => (a === undefined ? a : rewriteExpr(a, r)));
}

export function rewriteExpr(e: Ir.Expr, r: IrRewriter): Ir.Expr {
  const n = rebuildExpr(e, r);
  return r.expr === undefined ? n : r.expr(n);
}

function rebuildExpr(e: Ir.Expr, r: IrRewriter): Ir.Expr {
  const ex = (x: Ir.Expr) => rewriteExpr(x, r);
  switch (e.kind) {
    case 'Call': {
      const c = e.callee;
      let callee: Ir.Callee = c;
      if (c.kind === 'Method' || c.kind === 'Apply' || c.kind === 'Builtin') {
        const object = ex(c.object);
        if (object !== c.object) callee = { ...c, object } as Ir.Callee;
      } else if (c.kind === 'Action' && r.action !== undefined) {
        const name = r.action(c.name);
        if (name !== c.name) callee = { ...c, name };
      }
      const args = optArgs(e.args, r);
      return callee === c && args === e.args ? e : { ...e, callee, args };
    }
    case 'Member':
    case 'Slice': {
      const object = ex(e.object);
      return object === e.object ? e : { ...e, object };
    }
    case 'DynamicSlice': {
      const object = ex(e.object);
      const base = ex(e.base);
      return object === e.object && base === e.base ? e : { ...e, object, base };
    }
    case 'Index': {
      const object = ex(e.object);
      const index = ex(e.index);
      return object === e.object && index === e.index ? e : { ...e, object, index };
    }
    case 'Unary':
    case 'Cast': {
      const operand = ex(e.operand);
      return operand === e.operand ? e : { ...e, operand };
    }
    case 'Binary': {
      const left = ex(e.left);
      const right = ex(e.right);
      return left === e.left && right === e.right ? e : { ...e, left, right };
    }
    case 'Mux': {
      const condition = ex(e.condition);
      const whenTrue = ex(e.whenTrue);
      const whenFalse = ex(e.whenFalse);
      return condition === e.condition && whenTrue === e.whenTrue && whenFalse === e.whenFalse
        ? e
        : { ...e, condition, whenTrue, whenFalse };
    }
    case 'List': {
      const elements = mapSame(e.elements, ex);
      return elements === e.elements ? e : { ...e, elements };
    }
    case 'StructInit': {
      const fields = mapSame(e.fields, (f) => {
        const value = ex(f.value);
        return value === f.value ? f : { ...f, value };
      });
      return fields === e.fields ? e : { ...e, fields };
    }
    case 'New': {
      const ctorArgs = optArgs(e.ctorArgs, r);
      return ctorArgs === e.ctorArgs ? e : { ...e, ctorArgs };
    }
    default:
      return e;
  }
}

export function rewriteTransition(t: Ir.Transition, r: IrRewriter): Ir.Transition {
  const st = (n: string) => (r.state === undefined ? n : r.state(n));
  if (t.kind === 'Goto') {
    const state = st(t.state);
    return state === t.state ? t : { ...t, state };
  }
  const keys = mapSame(t.keys, (k) => rewriteExpr(k, r));
  const cases = mapSame(t.cases, (c) => {
    const state = st(c.state);
    const keysets = mapSame(c.keysets, (k) =>
      k.kind === 'ValueSet' && r.valueSet !== undefined ? renamedSet(k, r.valueSet(k.name)) : k,
    );
    return state === c.state && keysets === c.keysets ? c : { ...c, state, keysets };
  });
  return keys === t.keys && cases === t.cases ? t : { ...t, keys, cases };
}

function renamedSet(k: Ir.Keyset & { kind: 'ValueSet' }, name: string): Ir.Keyset {
  return name === k.name ? k : { ...k, name };
}

export function rewriteLocal(l: Ir.Local, r: IrRewriter): Ir.Local {
  if (l.kind === 'Variable') return rewriteVariable(l, r);
  if (l.kind !== 'Instance') return l;
  const ctorArgs = optArgs(l.ctorArgs, r);
  const methods = mapSame(l.methods, (m) => rewriteFunction(m, r));
  return ctorArgs === l.ctorArgs && methods === l.methods ? l : { ...l, ctorArgs, methods };
}

export function rewriteFunction(f: Ir.Function, r: IrRewriter): Ir.Function {
  const body = rewriteStmts(f.body, r);
  return body === f.body ? f : { ...f, body };
}

export function rewriteParser(p: Ir.Parser, r: IrRewriter): Ir.Parser {
  const locals = mapSame(p.locals, (l) => rewriteLocal(l, r));
  const states = mapSame(p.states, (s) => {
    const statements = rewriteStmts(s.statements, r);
    const transition = rewriteTransition(s.transition, r);
    return statements === s.statements && transition === s.transition ? s : { ...s, statements, transition };
  });
  return locals === p.locals && states === p.states ? p : { ...p, locals, states };
}

function rewriteActionCall<T extends Ir.ActionCall>(a: T, r: IrRewriter): T {
  const args = mapSame(a.args, (x) => rewriteExpr(x, r));
  const action = r.action === undefined ? a.action : r.action(a.action);
  return args === a.args && action === a.action ? a : { ...a, action, args };
}

function renamedLabel(l: Ir.SwitchLabel | 'default', r: IrRewriter): Ir.SwitchLabel | 'default' {
  if (l === 'default' || l.kind !== 'ActionLabel' || r.action === undefined) return l;
  const action = r.action(l.action);
  return action === l.action ? l : { ...l, action };
}

export function rewriteTable(t: Ir.Table, r: IrRewriter): Ir.Table {
  const keys = mapSame(t.keys, (k) => {
    const e = rewriteExpr(k.expr, r);
    return e === k.expr ? k : { ...k, expr: e };
  });
  const actions = mapSame(t.actions, (a) => rewriteActionCall(a, r));
  const defaultAction = t.defaultAction === undefined ? undefined : rewriteActionCall(t.defaultAction, r);
  const entries = mapSame(t.entries, (e) => {
    const action = rewriteActionCall(e.action, r);
    return action === e.action ? e : { ...e, action };
  });
  const properties = mapSame(t.properties, (p) => {
    const value = rewriteExpr(p.value, r);
    return value === p.value ? p : { ...p, value };
  });
  return keys === t.keys &&
    actions === t.actions &&
    defaultAction === t.defaultAction &&
    entries === t.entries &&
    properties === t.properties
    ? t
    : { ...t, keys, actions, defaultAction, entries, properties };
}

export function rewriteAction(a: Ir.Action, r: IrRewriter): Ir.Action {
  const body = rewriteStmts(a.body, r);
  return body === a.body ? a : { ...a, body };
}

export function rewriteControl(c: Ir.Control, r: IrRewriter): Ir.Control {
  const locals = mapSame(c.locals, (l) => rewriteLocal(l, r));
  const actions = mapSame(c.actions, (a) => rewriteAction(a, r));
  const tables = mapSame(c.tables, (t) => rewriteTable(t, r));
  const apply = rewriteStmts(c.apply, r);
  return locals === c.locals && actions === c.actions && tables === c.tables && apply === c.apply
    ? c
    : { ...c, locals, actions, tables, apply };
}
