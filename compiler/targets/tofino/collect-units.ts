// Turns the ingress or egress control of a TNA pipeline into the units stage allocation
// places: applied tables, gateways for if/switch conditions, and synthesized keyless tables
// for straight-line apply-body statements. Sub-controls are inlined with their arguments.

import { widthOf } from '../../check/types.js';
import type * as Ir from '../../ir/nodes.js';
import type { Span } from '../../source/span.js';
import { AccessCollector, Accesses, type Binding, findAction, findInstance, type Scope } from './access-paths.js';
import type { ActionEffect, BranchStep, Gress, Unit, UnitKind } from './units.js';

interface Context {
  readonly path: readonly BranchStep[];
  readonly parents: readonly number[];
}

/** An action body that some unit runs, with the scope its names resolve in. */
export interface ReachedAction {
  readonly name: string;
  readonly body: readonly Ir.Stmt[];
  readonly span: Span;
}

export interface CollectedGress {
  readonly gress: Gress;
  readonly units: Unit[];
  readonly actions: ReachedAction[];
  readonly loops: Span[];
}

export class UnitCollector {
  readonly units: Unit[] = [];
  readonly actions: ReachedAction[] = [];
  readonly loops: Span[] = [];
  private nextPoint = 0;
  private pending: { stmts: Ir.Stmt[]; scope: Scope; ctx: Context; acc: Accesses } | undefined;
  private readonly names = new Set<string>();
  private readonly seenActions = new Set<string>();

  constructor(
    readonly program: Ir.Program,
    readonly gress: Gress,
    /** `file_l123` for a span: names synthesized tables after where they come from. */
    private readonly placeName: (span: Span) => string,
    /** Number of units of the other gresses, so ids stay unique across a pipe. */
    private readonly firstId: number,
  ) {}

  collectControl(control: Ir.Control): CollectedGress {
    const env = new Map<string, Binding>();
    for (const p of control.params) env.set(p.name, { kind: 'path', path: p.name });
    this.walk(control.apply, { program: this.program, control, prefix: '', env }, { path: [], parents: [] });
    this.flush();
    return { gress: this.gress, units: this.units, actions: this.actions, loops: this.loops };
  }

  private walk(stmts: readonly Ir.Stmt[], scope: Scope, ctx: Context): void {
    for (const s of stmts) this.statement(s, scope, ctx);
  }

  private statement(s: Ir.Stmt, scope: Scope, ctx: Context): void {
    switch (s.kind) {
      case 'CallStmt': {
        const callee = s.call.callee;
        if (callee.kind === 'Apply' && callee.target === 'table' && callee.object.kind === 'Ref') {
          this.flush();
          this.tableUnit(callee.object.name, scope, ctx, s.span);
          return;
        }
        if (callee.kind === 'Apply' && callee.target === 'control' && callee.object.kind === 'Ref') {
          this.flush();
          this.subControl(callee.object.name, s.call.args, scope, ctx);
          return;
        }
        this.straightLine(s, scope, ctx);
        return;
      }
      case 'Assign':
      case 'VarDecl': {
        const value = s.kind === 'Assign' ? s.value : s.variable.init;
        const tables = value === undefined ? [] : tablesApplied(value);
        if (tables.length > 0) {
          this.flush();
          for (const t of tables) this.tableUnit(t, scope, ctx, s.span);
        }
        this.straightLine(s, scope, ctx);
        return;
      }
      case 'If': {
        this.flush();
        const deciders = this.condition(s.condition, scope, ctx, s.span);
        const point = this.nextPoint++;
        const inner = (arm: number): Context => ({
          path: [...ctx.path, { point, arm }],
          parents: [...ctx.parents, ...deciders],
        });
        this.walk(s.thenBody, scope, inner(0));
        this.flush();
        this.walk(s.elseBody, scope, inner(1));
        this.flush();
        return;
      }
      case 'Switch': {
        this.flush();
        const deciders = this.condition(s.on, scope, ctx, s.span);
        const point = this.nextPoint++;
        s.cases.forEach((c, arm) => {
          this.walk(c.body, scope, { path: [...ctx.path, { point, arm }], parents: [...ctx.parents, ...deciders] });
          this.flush();
        });
        return;
      }
      case 'Block':
        this.walk(s.body, scope, ctx);
        return;
      case 'For':
      case 'ForIn':
        this.flush();
        this.loops.push(s.span);
        return;
      default:
        this.flush();
        return;
    }
  }

  /** Units deciding a branch: the tables applied in the condition, then a gateway if it reads fields. */
  private condition(cond: Ir.Expr, scope: Scope, ctx: Context, span: Span): number[] {
    const deciders: number[] = [];
    for (const t of tablesApplied(cond)) {
      const u = this.tableUnit(t, scope, ctx, span);
      if (u !== undefined) deciders.push(u.id);
    }
    const acc = new Accesses();
    new AccessCollector(scope, acc).read(cond);
    if (acc.reads.size > 0 || deciders.length === 0) {
      const g = this.addUnit({
        name: this.uniqueName(`cond_${this.placeName(cond.span)}`),
        kind: 'gateway',
        table: undefined,
        matchReads: acc.reads,
        actionReads: new Set(),
        writes: new Set(),
        actions: [],
        hashes: acc.hashes,
        counters: [],
        actionDataBits: 0,
        path: ctx.path,
        controlParents: ctx.parents,
        pin: undefined,
        span: cond.span,
      });
      deciders.push(g.id);
    }
    return deciders;
  }

  private tableUnit(name: string, scope: Scope, ctx: Context, span: Span): Unit | undefined {
    const table = scope.control.tables.find((t) => t.name === name);
    if (table === undefined) return undefined;
    const keys = new Accesses();
    const keyReader = new AccessCollector(scope, keys);
    for (const k of table.keys) keyReader.read(k.expr);
    const actionReads = new Set<string>();
    const writes = new Set<string>();
    const effects: ActionEffect[] = [];
    const hashes = [...keys.hashes];
    const counters = [];
    let actionDataBits = 0;
    for (const call of table.actions) {
      const action = findAction(scope, call.action);
      if (action === undefined) continue;
      const acc = new Accesses();
      new AccessCollector(scope, acc).inline(action.params, call.args, action.body);
      for (const r of acc.reads) actionReads.add(r);
      for (const w of acc.writes) writes.add(w);
      hashes.push(...acc.hashes);
      counters.push(...acc.counters);
      effects.push({ name: scope.prefix + action.name, registers: acc.registers });
      let data = 0;
      for (const p of action.params.slice(call.args.length)) data += widthOf(p.type) ?? 0;
      actionDataBits = Math.max(actionDataBits, data);
      this.reachAction(scope.prefix + action.name, action.body, action.span);
    }
    return this.addUnit({
      name: this.uniqueName(scope.prefix + table.name),
      kind: 'table',
      table,
      matchReads: keys.reads,
      actionReads,
      writes,
      actions: effects,
      hashes: uniqueByName(hashes),
      counters: uniqueByName(counters),
      actionDataBits,
      path: ctx.path,
      controlParents: ctx.parents,
      pin: stagePin(table.annotations),
      span: table.span ?? span,
    });
  }

  private subControl(instanceName: string, args: readonly (Ir.Expr | undefined)[], scope: Scope, ctx: Context): void {
    const found = findInstance(scope, instanceName);
    const control = found && this.program.controls.find((c) => c.name === found.instance.typeName);
    if (found === undefined || control === undefined) return;
    const binder = new AccessCollector(scope, new Accesses());
    const env = new Map<string, Binding>();
    control.params.forEach((p, i) => {
      env.set(p.name, binder.bindArgument(p, args[i]));
    });
    this.walk(control.apply, { program: this.program, control, prefix: `${found.qualified}.`, env }, ctx);
    this.flush();
  }

  /** Gathers straight-line statements into one synthesized table until one depends on another. */
  private straightLine(s: Ir.Stmt, scope: Scope, ctx: Context): void {
    const acc = new Accesses();
    new AccessCollector(scope, acc).stmt(s);
    const p = this.pending;
    if (p !== undefined) {
      const dependent = [...p.acc.writes].some((w) =>
        [...acc.reads, ...acc.writes].some((x) => x === w || x.startsWith(`${w}.`)),
      );
      const sameRegister = acc.registers.some((r) => p.acc.registers.some((q) => q.register === r.register));
      if (p.scope !== scope || p.ctx !== ctx || dependent || sameRegister) this.flush();
    }
    if (this.pending === undefined) this.pending = { stmts: [], scope, ctx, acc: new Accesses() };
    const q = this.pending;
    q.stmts.push(s);
    for (const r of acc.reads) q.acc.reads.add(r);
    for (const w of acc.writes) q.acc.writes.add(w);
    q.acc.registers.push(...acc.registers);
    q.acc.hashes.push(...acc.hashes);
    q.acc.counters.push(...acc.counters);
  }

  private flush(): void {
    const p = this.pending;
    if (p === undefined) return;
    this.pending = undefined;
    const first = p.stmts[0];
    if (first === undefined) return;
    const only =
      p.stmts.length === 1 && first.kind === 'CallStmt' && first.call.callee.kind === 'Action'
        ? first.call.callee.name
        : undefined;
    const name = this.uniqueName(`tbl_${only ?? this.placeName(first.span)}`);
    // Direct action calls are checked as the actions they are; other statements as one body.
    const rest = p.stmts.filter((s) => !(s.kind === 'CallStmt' && s.call.callee.kind === 'Action'));
    for (const s of p.stmts) {
      if (s.kind !== 'CallStmt' || s.call.callee.kind !== 'Action') continue;
      const action = findAction(p.scope, s.call.callee.name);
      if (action !== undefined) this.reachAction(p.scope.prefix + action.name, action.body, action.span);
    }
    if (rest.length > 0) this.reachAction(name, rest, first.span);
    const last = p.stmts[p.stmts.length - 1] ?? first;
    this.addUnit({
      name,
      kind: 'synthesized',
      table: undefined,
      matchReads: new Set(),
      actionReads: p.acc.reads,
      writes: p.acc.writes,
      actions: [{ name, registers: p.acc.registers }],
      hashes: uniqueByName(p.acc.hashes),
      counters: uniqueByName(p.acc.counters),
      actionDataBits: 0,
      path: p.ctx.path,
      controlParents: p.ctx.parents,
      pin: undefined,
      span: { start: first.span.start, end: last.span.end },
    });
  }

  private reachAction(name: string, body: readonly Ir.Stmt[], span: Span): void {
    if (this.seenActions.has(name)) return;
    this.seenActions.add(name);
    this.actions.push({ name, body, span });
  }

  private addUnit(u: Omit<Unit, 'id' | 'gress'> & { kind: UnitKind }): Unit {
    const unit: Unit = { ...u, id: this.firstId + this.units.length, gress: this.gress };
    this.units.push(unit);
    return unit;
  }

  private uniqueName(base: string): string {
    let name = base;
    for (let i = 2; this.names.has(name); i++) name = `${base}_${i}`;
    this.names.add(name);
    return name;
  }
}

function uniqueByName<T extends { readonly name: string }>(xs: readonly T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const x of xs) {
    if (seen.has(x.name)) continue;
    seen.add(x.name);
    out.push(x);
  }
  return out;
}

/** `@stage(n)`: the first integer of the annotation's body. */
export function stagePin(annotations: readonly Ir.AnnotationInfo[]): Unit['pin'] {
  const a = annotations.find((x) => x.name === 'stage');
  if (a === undefined) return undefined;
  const m = /^\s*\(?\s*(\d+)/.exec(a.body);
  return m?.[1] === undefined ? undefined : { stage: Number(m[1]), text: a.body.trim() };
}

/** Tables applied inside an expression (`t.apply().hit`, `switch (t.apply().action_run)`), in order. */
function tablesApplied(e: Ir.Expr): string[] {
  const out: string[] = [];
  const visit = (x: Ir.Expr | undefined): void => {
    if (x === undefined) return;
    switch (x.kind) {
      case 'Call':
        if (x.callee.kind === 'Apply' && x.callee.target === 'table' && x.callee.object.kind === 'Ref')
          out.push(x.callee.object.name);
        for (const a of x.args) visit(a);
        return;
      case 'Member':
      case 'Slice':
        visit(x.object);
        return;
      case 'Unary':
      case 'Cast':
        visit(x.operand);
        return;
      case 'Binary':
        visit(x.left);
        visit(x.right);
        return;
      case 'Mux':
        visit(x.condition);
        visit(x.whenTrue);
        visit(x.whenFalse);
        return;
      default:
        return;
    }
  };
  visit(e);
  return out;
}
