// Pass `inlineControls`: every sub-control instance (`GroupFilter() filter_1;` applied as
// `filter_1.apply(md.a, md.b)`) is replaced by its body in the caller (P4 spec §14.1). Its
// locals, actions and tables join the caller under the instance's name (`filter_1.reg`,
// `filter_1.check`), so the control plane sees the names p4c gives them
// (`SwitchIngress.filter_1.check`). Each apply becomes a block: copy-in, the body, copy-out.
// An instance applied once takes its arguments directly where they are field paths that do
// not overlap (the common case: nothing is copied per packet); one applied several times
// keeps its parameters as locals (`filter_1.key`) that every apply copies in and out, since
// its tables and actions are shared. Constructor parameters become their arguments.

import { boolType } from '../check/types.js';
import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import { inlinedAnnotations } from '../ir/control-plane-name.js';
import type * as Ir from '../ir/nodes.js';
import {
  type IrRewriter,
  rewriteAction,
  rewriteExpr,
  rewriteLocal,
  rewriteStmts,
  rewriteTable,
} from '../ir/rewrite.js';
import { someStmt, visitLocal, visitStmts, visitTable } from '../ir/visit.js';
import { withAnonymousInstances } from './anonymous-instances.js';
import { bindArguments, invalidateHeaders, pathsReadThrough, refTo, writesThrough } from './bind-arguments.js';
import { removeReturns } from './remove-returns.js';
import { ctorValues, prefixVarDecls, type Renaming, renamer, uniqueName } from './rename.js';

function controlApplyOf(s: Ir.Stmt): { instance: string; call: Ir.Call } | undefined {
  if (s.kind !== 'CallStmt') return undefined;
  const c = s.call.callee;
  if (c.kind !== 'Apply' || c.target !== 'control' || c.object.kind !== 'Ref') return undefined;
  return { instance: c.object.name, call: s.call };
}

export function inlineControls(program: Ir.Program, _sink: DiagnosticSink): Ir.Program {
  const byName = new Map(program.controls.map((c) => [c.name, c]));
  const done = new Map<string, Ir.Control>();
  const inProgress = new Set<string>();
  const flat = (name: string): Ir.Control | undefined => {
    const d = done.get(name);
    if (d !== undefined) return d;
    const c = byName.get(name);
    if (c === undefined || inProgress.has(name)) return c;
    inProgress.add(name);
    // Inlining an instance can reveal applies of another (one passed as a constructor
    // argument, issue1566 in p4c's tests): repeat while a round changes something.
    let r = inlineInto(c, flat);
    for (let round = 0; round < 8; round++) {
      const next = inlineInto(r, flat);
      if (next === r) break;
      r = next;
    }
    // An instance given to a control that never applies it is never applied: it goes.
    const kept = r.locals.filter((l) => !(l.kind === 'Instance' && l.type.kind === 'control'));
    if (kept.length !== r.locals.length) r = { ...r, locals: kept };
    inProgress.delete(name);
    done.set(name, r);
    return r;
  };
  const controls = program.controls.map((c) => flat(c.name) as Ir.Control);
  return controls.every((c, i) => c === program.controls[i]) ? program : { ...program, controls };
}

interface Inlined {
  readonly inst: Ir.Instance;
  readonly callee: Ir.Control;
  readonly applies: number;
  /** The callee's apply body, without `return` (remove-returns.ts). */
  readonly body: readonly Ir.Stmt[];
  /** The callee's names in the caller, with its parameters' replacements. */
  renaming: Renaming;
  /** With one apply: its copy-in and copy-out. */
  prelude: readonly Ir.Stmt[];
  postlude: readonly Ir.Stmt[];
  /** With several applies: the parameters as shared locals. */
  shared: Map<string, Ir.Expr> | undefined;
}

function applyCalls(body: readonly Ir.Stmt[], instance: string): Ir.Call[] {
  const calls: Ir.Call[] = [];
  someStmt(body, (s) => {
    const ap = controlApplyOf(s);
    if (ap?.instance === instance) calls.push(ap.call);
    return false;
  });
  return calls;
}

function inlineInto(given: Ir.Control, flat: (name: string) => Ir.Control | undefined): Ir.Control {
  const anonymous = withAnonymousInstances(given.locals, given.apply, 'control');
  const c = hoistArgumentLocals(anonymous === given.locals ? given : { ...given, locals: anonymous }, flat);
  const taken = new Set([...c.locals.map((l) => l.name), ...c.tables.map((t) => t.name)]);
  const takenActions = new Set(c.actions.map((a) => a.name));
  const byInstance = new Map<string, Inlined>();
  const locals: Ir.Local[] = [];
  const passedOn = new Set(
    c.locals.flatMap((l) =>
      l.kind === 'Instance'
        ? l.ctorArgs.flatMap((a) => (a?.kind === 'Ref' && a.ref === 'instance' ? [a.name] : []))
        : [],
    ),
  );
  const tables: Ir.Table[] = [];
  const actions: Ir.Action[] = [];
  const blockLocals = new Set<string>();
  visitStmts(c.apply, {
    stmt: (s) => {
      if (s.kind === 'VarDecl') blockLocals.add(s.variable.name);
      return undefined;
    },
  });
  for (const l of c.locals) {
    const callee = l.kind === 'Instance' && l.type.kind === 'control' ? flat(l.typeName) : undefined;
    if (l.kind !== 'Instance' || callee === undefined) {
      locals.push(l);
      continue;
    }
    const names = new Map<string, string>();
    for (const x of [...callee.locals, ...callee.tables]) names.set(x.name, uniqueName(`${l.name}.${x.name}`, taken));
    const actionNames = new Map(callee.actions.map((a) => [a.name, uniqueName(`${l.name}.${a.name}`, takenActions)]));
    const calls = applyCalls(c.apply, l.name);
    if (calls.length === 0) {
      // An instance given to another as a constructor argument is applied once that one is
      // inlined: it stays for the next round (inlineControls repeats).
      if (passedOn.has(l.name)) locals.push(l);
      continue;
    }
    const own = new Set(
      [...callee.locals, ...callee.tables, ...callee.params, ...callee.ctorParams].map((x) => x.name),
    );
    let body = prefixVarDecls(callee.apply, `${l.name}.`, own);
    if (someStmt(body, (x) => x.kind === 'Return')) {
      const flag = uniqueName(`${l.name}.returned`, taken);
      locals.push({ kind: 'Variable', name: flag, type: boolType, init: undefined, span: l.span });
      body = removeReturns(body, flag, l.span);
    }
    // A parameter used by an instance's method (a RegisterAction's `apply` reading an `in`
    // parameter), a table (a key) or an action is used where those live, at the control's
    // level: an argument that is a variable declared in the caller's apply block (or a part
    // of one) cannot stand in for it there, so it goes through a control-level temp at the
    // call, as p4c's MoveDeclarations makes such variables control locals first (wordCount in
    // P4-stream; roce-test's shuffle: `read_psn.apply(…, cur_endp_state, …)` with the
    // parameter in a key).
    const readOutside = namesReadOutsideApply(callee);
    const values = new Map(ctorValues(callee.ctorParams, l.ctorArgs));
    const f: Inlined = {
      inst: l,
      callee,
      applies: calls.length,
      renaming: { locals: names, actions: actionNames, values },
      body,
      prelude: [],
      postlude: [],
      shared: undefined,
    };
    if (calls.length === 1) {
      const call = calls[0] as Ir.Call;
      const b = bindArguments(
        callee.params,
        call.args,
        (x) => uniqueName(`${l.name}.${x}`, taken),
        call.span,
        true,
        (x) => pathsReadThrough(callee, x),
        (x) => writesThrough(callee, x),
        (x, a) => readOutside.has(x) && blockLocals.has(rootName(a) ?? ''),
      );
      locals.push(...b.temps);
      for (const [k, v] of b.subst) values.set(k, v);
      f.prelude = b.copyIn;
      f.postlude = b.copyOut;
    } else {
      // Shared tables and actions read the parameters: they become locals of the caller.
      f.shared = new Map();
      callee.params.forEach((p, i) => {
        if (p.type.kind === 'extern') {
          const a = calls[0]?.args[i];
          if (a !== undefined) values.set(p.name, a);
          return;
        }
        const name = uniqueName(`${l.name}.${p.name}`, taken);
        locals.push({ kind: 'Variable', name, type: p.type, init: undefined, span: l.span });
        const ref = refTo(name, p.type, l.span);
        f.shared?.set(p.name, ref);
        values.set(p.name, ref);
      });
    }
    byInstance.set(l.name, f);
    const r = renamer(f.renaming);
    // `@name`s are rewritten too: the control plane knows them as `instance.name` (p4c's rule).
    for (const x of callee.locals) {
      const moved = { ...rewriteLocal(x, withShadow(f.renaming, x)), name: names.get(x.name) as string };
      if (moved.kind !== 'Instance') locals.push(moved);
      else {
        const annotations = inlinedAnnotations(l, x as Ir.Instance);
        locals.push(annotations === undefined ? moved : { ...moved, annotations });
      }
    }
    for (const t of callee.tables)
      tables.push({
        ...withKnownSize(rewriteTable(t, r)),
        name: names.get(t.name) as string,
        annotations: inlinedAnnotations(l, t) ?? [],
      });
    for (const a of callee.actions)
      actions.push({
        ...rewriteAction(a, renamer(f.renaming, new Set(a.params.map((p) => p.name)))),
        name: actionNames.get(a.name) as string,
        annotations: inlinedAnnotations(l, a) ?? [],
      });
  }
  if (byInstance.size === 0 && locals.length === c.locals.length) return c;

  const apply = rewriteStmts(c.apply, {
    stmt: (s) => {
      const ap = controlApplyOf(s);
      const f = ap === undefined ? undefined : byInstance.get(ap.instance);
      if (ap === undefined || f === undefined) return s;
      const body = rewriteStmts(f.body, renamer(f.renaming));
      if (f.shared === undefined) return { kind: 'Block', body: [...f.prelude, ...body, ...f.postlude], span: s.span };
      const copyIn: Ir.Stmt[] = [];
      const copyOut: Ir.Stmt[] = [];
      f.callee.params.forEach((p, i) => {
        const a = ap.call.args[i];
        const local = f.shared?.get(p.name);
        if (a === undefined || local === undefined) return;
        if (p.direction === 'out') copyIn.push(...invalidateHeaders(local, s.span));
        else copyIn.push({ kind: 'Assign', target: local, value: a, span: s.span });
        if (p.direction === 'out' || p.direction === 'inout')
          copyOut.push({ kind: 'Assign', target: a, value: local, span: s.span });
      });
      return { kind: 'Block', body: [...copyIn, ...resetLocals(f), ...body, ...copyOut], span: s.span };
    },
  });
  return { ...c, locals, actions: [...actions, ...c.actions], tables: [...tables, ...c.tables], apply };
}

/** A local's own functions (a RegisterAction's `apply(inout value)`) shadow the callee's names. */
function withShadow(r: Renaming, l: Ir.Local): IrRewriter {
  if (l.kind !== 'Instance') return renamer(r);
  return renamer(r, new Set(l.methods.flatMap((m) => m.params.map((p) => p.name))));
}

/** Locals of a control applied several times start afresh at each apply (their initializers). */
function resetLocals(f: Inlined): Ir.Stmt[] {
  const out: Ir.Stmt[] = [];
  const r = renamer(f.renaming);
  for (const l of f.callee.locals) {
    if (l.kind !== 'Variable') continue;
    const ref = refTo(f.renaming.locals.get(l.name) as string, l.type, l.span);
    if (l.init !== undefined) out.push({ kind: 'Assign', target: ref, value: rewriteExpr(l.init, r), span: l.span });
    else out.push(...invalidateHeaders(ref, l.span));
  }
  return out;
}

/** `size = table_size` with the constructor argument substituted: the size is now known. */
export function withKnownSize(t: Ir.Table): Ir.Table {
  const p = t.properties.find((x) => x.name === 'size');
  const v = p?.value.kind === 'Cast' ? p.value.operand : p?.value;
  if (v?.kind !== 'Const' || typeof v.value !== 'bigint') return t;
  return { ...t, size: v.value, properties: t.properties.filter((x) => x !== p) };
}

/** The names an instance's methods read (Refs in RegisterAction and similar bodies). */
function namesReadOutsideApply(c: Ir.Control): Set<string> {
  const names = new Set<string>();
  const v = {
    expr: (e: Ir.Expr) => {
      if (e.kind === 'Ref') names.add(e.name);
      return undefined;
    },
  };
  for (const l of c.locals) if (l.kind === 'Instance') visitLocal(l, v);
  for (const a of c.actions) visitStmts(a.body, v);
  for (const t of c.tables) visitTable(t, v);
  return names;
}

/** The variable a path starts from (`x` of `x.f[3]`, `x[7:0]`); undefined for anything else. */
function rootName(e: Ir.Expr): string | undefined {
  let x = e;
  while (x.kind === 'Member' || x.kind === 'Index' || x.kind === 'Slice') x = x.object;
  return x.kind === 'Ref' ? x.name : undefined;
}

/**
 * p4c's MoveDeclarations: a variable declared in the apply block and handed to a sub-control
 * whose tables, actions or instances use the parameter becomes a control local, so the
 * argument stands in for the parameter there directly, with no copy (a copy costs a table and
 * a stage on Tofino: roce-test's shuffle, `read_psn.apply(…, cur_endp_state, …)` with the
 * parameter in a key). Only a name declared once in the block and not a control local.
 */
function hoistArgumentLocals(c: Ir.Control, flat: (name: string) => Ir.Control | undefined): Ir.Control {
  const declared = new Map<string, number>();
  visitStmts(c.apply, {
    stmt: (s) => {
      if (s.kind === 'VarDecl') declared.set(s.variable.name, (declared.get(s.variable.name) ?? 0) + 1);
      return undefined;
    },
  });
  const controlNames = new Set([...c.locals.map((l) => l.name), ...c.tables.map((t) => t.name)]);
  const hoist = new Set<string>();
  for (const l of c.locals) {
    const callee = l.kind === 'Instance' && l.type.kind === 'control' ? flat(l.typeName) : undefined;
    const calls = callee === undefined ? [] : applyCalls(c.apply, l.name);
    if (callee === undefined || calls.length !== 1) continue;
    const outside = namesReadOutsideApply(callee);
    callee.params.forEach((p, i) => {
      const a = calls[0]?.args[i];
      const root = a === undefined ? undefined : rootName(a);
      if (root !== undefined && outside.has(p.name) && declared.get(root) === 1 && !controlNames.has(root))
        hoist.add(root);
    });
  }
  if (hoist.size === 0) return c;
  const moved: Ir.Variable[] = [];
  const apply = rewriteStmts(c.apply, {
    stmt: (s) => {
      if (s.kind !== 'VarDecl' || !hoist.has(s.variable.name)) return s;
      const v = s.variable;
      moved.push({ ...v, init: undefined });
      return v.init === undefined
        ? []
        : [{ kind: 'Assign', target: refTo(v.name, v.type, v.span), value: v.init, span: s.span }];
    },
  });
  return { ...c, locals: [...c.locals, ...moved], apply };
}
