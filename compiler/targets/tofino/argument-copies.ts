// The argument copies the mid end leaves around an inlined sub-control (`c.p = arg; body;
// arg = c.p;`), replaced by the argument itself where that changes no value, as p4c's inliner
// and bf-p4c's copy propagation leave them (docs/tofino-resources.md "Argument copies of
// inlined controls"). Without this every copy costs a synthesized table and a stage.

import type * as Ir from '../../ir/nodes.js';
import { rewriteStmts } from '../../ir/rewrite.js';
import { visitControl, visitExpr, visitStmts } from '../../ir/visit.js';
import { pathsOverlap } from './units.js';

/** What a list of statements reads and writes, as field paths (`ig_md.tmp0`, `hdr.ipv4`). */
interface Effects {
  readonly reads: Set<string>;
  readonly writes: Set<string>;
  /** An exit, return or an applied (not inlined) control: the range cannot be rewritten. */
  opaque: boolean;
}

/** The field path of a plain l-value (`a.b[2].c`; a slice stands for its whole field), else undefined. */
function pathOf(e: Ir.Expr): string | undefined {
  switch (e.kind) {
    case 'Ref':
      return e.ref === 'variable' || e.ref === 'parameter' ? e.name : undefined;
    case 'Member': {
      const o = pathOf(e.object);
      return o === undefined ? undefined : `${o}.${e.member}`;
    }
    case 'Index': {
      const o = pathOf(e.object);
      return o === undefined ? undefined : e.index.kind === 'Const' ? `${o}[${String(e.index.value)}]` : o;
    }
    case 'Slice':
    case 'DynamicSlice':
      return pathOf(e.object);
    default:
      return undefined;
  }
}

/** Whether `e` is a value that may stand in for a variable: a constant, a field, or a cast or slice of one. */
function isPlainValue(e: Ir.Expr): boolean {
  if (e.kind === 'Const') return true;
  if (e.kind === 'Cast') return isPlainValue(e.operand);
  if (e.kind === 'Slice') return isPlainValue(e.object);
  return (e.kind === 'Ref' || e.kind === 'Member' || e.kind === 'Index') && pathOf(e) !== undefined && !hasCall(e);
}

function hasCall(e: Ir.Expr): boolean {
  let found = false;
  visitExpr(e, {
    expr: (x) => {
      if (x.kind === 'Call') found = true;
      return !found;
    },
  });
  return found;
}

function same(a: Ir.Expr, b: Ir.Expr): boolean {
  const p = pathOf(a);
  return p !== undefined && a.kind !== 'Slice' && b.kind !== 'Slice' && p === pathOf(b);
}

/** Every path `e` reads (maximal ones: `hdr.a.b`, not also `hdr.a`). */
function readPaths(e: Ir.Expr, into: Set<string>): void {
  visitExpr(e, {
    expr: (x) => {
      const p = pathOf(x);
      if (p !== undefined && x.kind !== 'Index' && x.kind !== 'DynamicSlice') {
        into.add(p);
        return false;
      }
      return undefined;
    },
  });
}

/** The effects of `body`, with the tables and actions it runs counted as reading and writing all they name. */
function effectsOf(body: readonly Ir.Stmt[], control: Ir.Control): Effects {
  const fx: Effects = { reads: new Set(), writes: new Set(), opaque: false };
  const named = (stmts: readonly Ir.Stmt[], exprs: readonly Ir.Expr[]) => {
    const all = new Set<string>();
    visitStmts(stmts, {
      expr: (x) => {
        readPaths(x, all);
        return false;
      },
    });
    for (const x of exprs) readPaths(x, all);
    for (const p of all) {
      fx.reads.add(p);
      fx.writes.add(p);
    }
  };
  const action = (name: string) => {
    const a = control.actions.find((x) => x.name === name);
    if (a !== undefined) named(a.body, []);
  };
  const expr = (e: Ir.Expr): boolean | undefined => {
    if (e.kind !== 'Call') {
      const p = pathOf(e);
      if (p !== undefined && e.kind !== 'Index' && e.kind !== 'DynamicSlice') {
        fx.reads.add(p);
        return false;
      }
      return undefined;
    }
    const c = e.callee;
    if (c.kind === 'Apply' && c.target === 'table' && c.object.kind === 'Ref') {
      const name = c.object.name;
      const t = control.tables.find((x) => x.name === name);
      if (t === undefined) fx.opaque = true;
      else {
        named(
          [],
          t.keys.map((k) => k.expr),
        );
        for (const a of t.actions) action(a.action);
        if (t.defaultAction !== undefined) action(t.defaultAction.action);
      }
    } else if (c.kind === 'Apply') fx.opaque = true;
    else if (c.kind === 'Action') action(c.name);
    else if (c.kind === 'Builtin') {
      const p = pathOf(c.object);
      if (p !== undefined) fx.writes.add(p);
    }
    if (c.kind === 'Method' || c.kind === 'Builtin') visitExpr(c.object, { expr });
    // Arguments of actions, extern methods and functions may be out or inout: read and written.
    const args = new Set<string>();
    for (const a of e.args) if (a !== undefined) readPaths(a, args);
    for (const p of args) {
      fx.reads.add(p);
      fx.writes.add(p);
    }
    for (const a of e.args) if (a !== undefined) visitExpr(a, { expr });
    return false;
  };
  visitStmts(body, {
    stmt: (s) => {
      if (s.kind === 'Exit' || s.kind === 'Return' || s.kind === 'For' || s.kind === 'ForIn') fx.opaque = true;
      if (s.kind === 'Assign') {
        const t = pathOf(s.target);
        if (t === undefined) fx.opaque = true;
        else fx.writes.add(t);
        if (s.target.kind === 'Slice' || s.target.kind === 'Index') visitExpr(s.target, { expr });
        visitExpr(s.value, { expr });
        return false;
      }
      if (s.kind === 'VarDecl') {
        fx.writes.add(s.variable.name);
        if (s.variable.init !== undefined) visitExpr(s.variable.init, { expr });
        return false;
      }
      return undefined;
    },
    expr,
  });
  return fx;
}

const touches = (paths: ReadonlySet<string>, p: string) => [...paths].some((x) => pathsOverlap(x, p, 1));

function refersTo(body: readonly Ir.Stmt[], name: string): boolean {
  let found = false;
  visitStmts(body, {
    expr: (x) => {
      if (x.kind === 'Ref' && x.name === name) found = true;
      return !found;
    },
  });
  return found;
}

function exprRefersTo(e: Ir.Expr, name: string): boolean {
  return refersTo([{ kind: 'Assign', target: e, value: e, span: { start: 0, end: 0 } }], name);
}

function substitute(body: readonly Ir.Stmt[], name: string, by: Ir.Expr): readonly Ir.Stmt[] {
  return rewriteStmts(body, { expr: (e) => (e.kind === 'Ref' && e.ref === 'variable' && e.name === name ? by : e) });
}

/**
 * The control's apply body with the argument copies of its inlined sub-controls replaced by
 * the arguments, where doing so changes no value any statement reads:
 *
 * - `p = e; …; s = p;` (an inout or out parameter `p` of an inlined control): `s = e; …`
 *   with `s` in place of `p` in between, when nothing in between reads or writes `s` except
 *   through `p` (reads are fine when `e` is `s` itself and nothing writes `p`);
 * - `p = e; …` with no copy back (an in parameter): `…` with `e` in place of `p`, when `e` is a
 *   constant or a field that nothing after writes, and nothing writes `p`.
 *
 * `p` must be a variable of the control that no table, action or extern body names, and that
 * nothing reads afterwards (after the copy back, or after the list for an in parameter) before
 * assigning it again.
 */
export function substituteArgumentCopies(control: Ir.Control): readonly Ir.Stmt[] {
  const declared = new Set<string>();
  for (const l of control.locals) if (l.kind === 'Variable') declared.add(l.name);
  const named = new Set<string>();
  visitControl(
    { ...control, apply: [] },
    {
      expr: (e) => {
        if (e.kind === 'Ref') named.add(e.name);
        return undefined;
      },
    },
  );
  const candidate = (s: Ir.Stmt): string | undefined =>
    s.kind === 'Assign' &&
    s.target.kind === 'Ref' &&
    s.target.ref === 'variable' &&
    declared.has(s.target.name) &&
    !named.has(s.target.name) &&
    !exprRefersTo(s.value, s.target.name)
      ? s.target.name
      : undefined;

  /** `stmts` rewritten; `after` is what runs after them (the rest of the enclosing lists). */
  const list = (stmts: readonly Ir.Stmt[], after: readonly Ir.Stmt[]): readonly Ir.Stmt[] => {
    let body = stmts.map((s, i) => children(s, [...stmts.slice(i + 1), ...after]));
    for (let k = 0; k < body.length; k++) {
      const next = rewriteAt(body, k, after);
      if (next !== undefined) {
        body = next;
        k--;
      }
    }
    return sameList(stmts, body) ? stmts : body;
  };

  const children = (s: Ir.Stmt, after: readonly Ir.Stmt[]): Ir.Stmt => {
    switch (s.kind) {
      case 'Block': {
        const b = list(s.body, after);
        return b === s.body ? s : { ...s, body: b };
      }
      case 'If': {
        const t = list(s.thenBody, after);
        const e = list(s.elseBody, after);
        return t === s.thenBody && e === s.elseBody ? s : { ...s, thenBody: t, elseBody: e };
      }
      case 'Switch': {
        const cases = s.cases.map((c) => {
          const b = list(c.body, after);
          return b === c.body ? c : { ...c, body: b };
        });
        return cases.every((c, i) => c === s.cases[i]) ? s : { ...s, cases };
      }
      default:
        return s;
    }
  };

  /** The list with the copy at `k` replaced, or undefined when it must stay. */
  const rewriteAt = (body: readonly Ir.Stmt[], k: number, after: readonly Ir.Stmt[]): Ir.Stmt[] | undefined => {
    const first = body[k] as Ir.Stmt;
    const p = candidate(first);
    if (p === undefined || first.kind !== 'Assign') return undefined;
    const e = first.value;
    const j = body.findIndex(
      (s, i) =>
        i > k &&
        s.kind === 'Assign' &&
        s.value.kind === 'Ref' &&
        s.value.name === p &&
        pathOf(s.target) !== undefined &&
        s.target.kind !== 'Slice' &&
        !exprRefersTo(s.target, p),
    );
    if (j < 0) {
      // An in parameter: the value stands in for the variable to the end of the list.
      const rest = body.slice(k + 1);
      const fx = effectsOf(rest, control);
      const inputs = new Set<string>();
      readPaths(e, inputs);
      if (!isPlainValue(e) || !deadAfter(p, after) || touches(fx.writes, p)) return undefined;
      if ([...inputs].some((x) => touches(fx.writes, x))) return undefined;
      return [...body.slice(0, k), ...substitute(rest, p, e)];
    }
    const back = body[j] as Extract<Ir.Stmt, { kind: 'Assign' }>;
    const s = back.target;
    const sPath = pathOf(s) as string;
    const mid = body.slice(k + 1, j);
    if (!deadAfter(p, [...body.slice(j + 1), ...after])) return undefined;
    const fx = effectsOf(mid, control);
    if (fx.opaque || touches(fx.writes, sPath)) return undefined;
    // What of `s` changes in between once `p` is `s`: all of it when the copy is not `s` itself,
    // else the parts written through `p`. Nothing else in between may read those parts.
    const changed = same(e, s)
      ? [...fx.writes].filter((w) => pathsOverlap(w, p, 1)).map((w) => sPath + w.slice(p.length))
      : [sPath];
    if (changed.some((c) => touches(fx.reads, c))) return undefined;
    const head: Ir.Stmt[] = same(e, s) ? [] : [{ ...first, target: s }];
    return [...body.slice(0, k), ...head, ...substitute(mid, p, s), ...body.slice(j + 1)];
  };

  return removeDeadStores(list(control.apply, []), declared, named);
}

/** The variable an assignment target writes into (`v` of `v.a[3:0]`), if it is a Ref. */
function targetRoot(e: Ir.Expr): string | undefined {
  let x = e;
  while (x.kind === 'Member' || x.kind === 'Slice' || x.kind === 'Index' || x.kind === 'DynamicSlice') x = x.object;
  return x.kind === 'Ref' && x.ref === 'variable' ? x.name : undefined;
}

/**
 * Assignments of side-effect-free values to control variables nothing ever reads (P4TG's
 * `dummy = rate_l1.res`, the sink of results it does not need) dropped, as the dead-code
 * half of p4c's LocalCopyPropagation removes them (docs/tofino-resources.md): they would
 * otherwise tie the statements grouped with them to the stage of the value they copy.
 */
function removeDeadStores(
  apply: readonly Ir.Stmt[],
  declared: ReadonlySet<string>,
  named: ReadonlySet<string>,
): readonly Ir.Stmt[] {
  const read = new Set<string>(named);
  const reads = (e: Ir.Expr) =>
    visitExpr(e, {
      expr: (x) => {
        if (x.kind === 'Ref') read.add(x.name);
        return undefined;
      },
    });
  visitStmts(apply, {
    stmt: (st) => {
      if (st.kind !== 'Assign') return undefined;
      // The target's root is written, not read; what indexes or slices it at run time is read.
      let t = st.target;
      while (t.kind === 'Member' || t.kind === 'Slice' || t.kind === 'Index' || t.kind === 'DynamicSlice') {
        if (t.kind === 'Index') reads(t.index);
        if (t.kind === 'DynamicSlice') reads(t.base);
        t = t.object;
      }
      if (t.kind !== 'Ref') reads(t);
      reads(st.value);
      return false;
    },
    // Conditions, switch selectors, call arguments and declarations' initialisers are reads.
    expr: (x) => {
      if (x.kind === 'Ref') read.add(x.name);
      return undefined;
    },
  });
  const dead = (st: Ir.Stmt) => {
    if (st.kind !== 'Assign' || hasCall(st.value)) return false;
    const root = targetRoot(st.target);
    return root !== undefined && declared.has(root) && !read.has(root);
  };
  return rewriteStmts(apply, { stmt: (st) => (dead(st) ? [] : st) });
}

/** Whether nothing in `after` (what runs next, in order) reads `p` before assigning all of it. */
function deadAfter(p: string, after: readonly Ir.Stmt[]): boolean {
  for (const s of after) {
    if (s.kind === 'Assign' && s.target.kind === 'Ref' && s.target.name === p && !exprRefersTo(s.value, p)) return true;
    if (refersTo([s], p)) return false;
  }
  return true;
}

function sameList(a: readonly Ir.Stmt[], b: readonly Ir.Stmt[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
