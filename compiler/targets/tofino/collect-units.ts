// Turns the ingress or egress control of a TNA pipeline into the units stage allocation
// places: applied tables, gateways for if/switch conditions, and synthesized keyless tables
// for straight-line apply-body statements. Sub-controls are inlined with their arguments.

import { widthOf } from '../../check/types.js';
import type * as Ir from '../../ir/nodes.js';
import type { Span } from '../../source/span.js';
import { AccessCollector, Accesses, type Binding, findAction, findInstance, type Scope } from './access-paths.js';
import { actionExits, argumentsProblem, stagePin, tableDecider, tablesApplied, uniqueByName } from './apply-forms.js';
import { ApplyPlaces } from './apply-places.js';
import { containsApply, type HoistedApply, hoistApplies, isResultOnly, resultVariable } from './apply-results.js';
import { substituteArgumentCopies } from './argument-copies.js';
import { isZeroIntoControlLocal, withConstantArguments } from './statement-forms.js';
import {
  addToRun,
  type Context,
  copiesReadInPlace,
  newRun,
  type StraightLineRun,
  splitsRun,
} from './straight-line-run.js';
import {
  type ActionEffect,
  type CollectedGress,
  firstOverlap,
  type Gress,
  type InstanceFrame,
  type ReachedAction,
  type Resolution,
  type Unit,
  type UnitKind,
} from './units.js';

export class UnitCollector {
  readonly units: Unit[] = [];
  readonly actions: ReachedAction[] = [];
  readonly loops: Span[] = [];
  private nextPoint = 0;
  readonly unstaged: { reason: string; span: Span }[] = [];
  readonly reapplied: { table: string; span: Span }[] = [];
  /** The unit of each table's first apply (`table <qualified name>`), which later exclusive applies share. */
  private readonly firstApplies = new Map<string, number>();
  /** The `@stage` pins of the annotated blocks being walked, innermost last. */
  private readonly blockPins: NonNullable<Unit['pin']>[] = [];
  private pending: StraightLineRun | undefined;
  private readonly names = new Set<string>();
  private readonly seenActions = new Set<string>();
  private readonly places = new ApplyPlaces();
  private readonly results = new Map<string, number>();
  private frame: InstanceFrame | undefined;
  /** Apply-body variables in scope at the statement being walked. */
  private vars: Ir.Variable[] = [];
  private nextFrame = 0;

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
    this.frame = { id: this.nextFrame++, prefix: '', control, call: undefined, parent: undefined };
    // Argument copies of inlined sub-controls that change no value are no statements on Tofino.
    const ctx = { program: this.program, control, prefix: '', env };
    this.walk(substituteArgumentCopies(control), ctx, { path: [], parents: [] });
    this.flush();
    return {
      gress: this.gress,
      units: this.units,
      actions: this.actions,
      loops: this.loops,
      points: this.nextPoint,
      unstaged: this.unstaged,
      reapplied: this.reapplied,
    };
  }

  /** A block: its variable declarations go out of scope at its end. */
  private walk(stmts: readonly Ir.Stmt[], scope: Scope, ctx: Context): void {
    const saved = this.vars;
    this.vars = [...saved];
    for (const s of stmts) this.statement(s, scope, ctx);
    this.vars = saved;
  }

  private unstage(reason: string, span: Span): void {
    this.unstaged.push({ reason, span });
  }

  private statement(s: Ir.Stmt, scope: Scope, ctx: Context): void {
    switch (s.kind) {
      case 'CallStmt': {
        const callee = s.call.callee;
        if (callee.kind === 'Apply' && callee.target === 'table' && callee.object.kind === 'Ref') {
          this.flush();
          this.tableUnit(callee.object.name, scope, ctx, s.span, undefined);
          return;
        }
        if (callee.kind === 'Apply' && callee.target === 'control' && callee.object.kind === 'Ref') {
          this.flush();
          this.subControl(callee.object.name, s.call.args, scope, ctx);
          return;
        }
        if (containsApply(s.call)) {
          this.applyingStatement(s, s.call, scope, ctx);
          return;
        }
        // A direct action call is a table of its own (p4c's MoveActionsToTables); the
        // statements around it are synthesized apart from it (docs/tofino-resources.md).
        if (callee.kind === 'Action') this.flush();
        this.straightLine(s, scope, ctx);
        // Nothing after an exiting action call runs: later units wait on it.
        if (callee.kind === 'Action' && actionExits(findAction(scope, callee.name), scope, 0) && this.pending)
          this.pending.ends = { kind: 'exit' };
        if (callee.kind === 'Action') this.flush();
        return;
      }
      case 'Assign':
      case 'VarDecl': {
        const value = s.kind === 'Assign' ? s.value : s.variable.init;
        if (value !== undefined && containsApply(value)) this.applyingStatement(s, value, scope, ctx);
        else {
          this.straightLine(s, scope, ctx);
          if (s.kind === 'VarDecl') this.declare(s.variable, scope);
        }
        return;
      }
      case 'Exit':
      case 'Return': {
        this.places.end(ctx.path, scope.prefix, s.kind === 'Exit' ? undefined : scope.prefix);
        this.straightLine(s, scope, ctx);
        if (this.pending !== undefined)
          this.pending.ends = s.kind === 'Exit' ? { kind: 'exit' } : { kind: 'return', prefix: scope.prefix };
        this.flush();
        return;
      }
      case 'If': {
        this.flush();
        const point = this.nextPoint++;
        const deciders = this.condition(s.condition, scope, ctx, s.span, point, undefined);
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
        const point = this.nextPoint++;
        const deciders = this.condition(s.on, scope, ctx, s.span, point, s.cases);
        s.cases.forEach((c, arm) => {
          this.walk(c.body, scope, { path: [...ctx.path, { point, arm }], parents: [...ctx.parents, ...deciders] });
          this.flush();
        });
        return;
      }
      case 'Block': {
        // bf-p4c's CopyBlockPragmas (midend/copy_block_pragmas.cpp) gives a block's `@stage`
        // to every table applied in it, the synthesized ones included, unless the table has
        // its own; the innermost block's wins. Gateways get none.
        const pin = stagePin(s.annotations ?? []);
        if (pin === undefined) {
          this.walk(s.body, scope, ctx);
          return;
        }
        this.flush();
        this.blockPins.push(pin);
        this.walk(s.body, scope, ctx);
        this.flush();
        this.blockPins.pop();
        return;
      }
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

  /**
   * Units deciding a branch: the tables applied in the condition, then a gateway if it reads
   * fields. `cases` is a switch's (undefined for an if).
   */
  private condition(
    condition: Ir.Expr,
    scope: Scope,
    ctx: Context,
    span: Span,
    point: number,
    cases: readonly Ir.SwitchCase[] | undefined,
  ): number[] {
    const deciders: number[] = [];
    let cond = condition;
    const decider = tableDecider(cond, cases !== undefined);
    const tables = tablesApplied(cond);
    const hoisted = decider === undefined && tables.length > 0 ? this.hoist(cond) : undefined;
    if (hoisted !== undefined && hoisted.kind === 'hoisted') {
      // The tables run first, each keeping its hit; the gateway reads those results.
      this.hoistedUnits(hoisted.applies, scope, ctx, span, []);
      cond = hoisted.expr;
    } else if (decider !== undefined) {
      const resolves: Resolution =
        cases === undefined ? { kind: 'if', point, negate: decider.negate } : { kind: 'switch', point, cases };
      const u = this.tableUnit(decider.table, scope, ctx, span, resolves);
      return u === undefined ? [] : [u.id];
    }
    if (hoisted?.kind === 'unsupported') {
      this.unstage(hoisted.reason, span);
      for (const t of tables) {
        const u = this.tableUnit(t, scope, ctx, span, undefined);
        if (u !== undefined) deciders.push(u.id);
      }
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
        ends: undefined,
        origin: {
          kind: 'gateway',
          frame: this.currentFrame(),
          vars: [...this.vars],
          condition: cond,
          resolves: cases === undefined ? { kind: 'if', point, negate: false } : { kind: 'switch', point, cases },
        },
        span: cond.span,
      });
      deciders.push(g.id);
    }
    return deciders;
  }

  private tableUnit(
    name: string,
    scope: Scope,
    ctx: Context,
    span: Span,
    resolves: Resolution | undefined,
    hoisted?: { readonly result: Ir.Variable; readonly after: readonly Ir.Stmt[] },
  ): Unit | undefined {
    const table = scope.control.tables.find((t) => t.name === name);
    if (table === undefined) return undefined;
    const key = `table ${scope.prefix}${name}`;
    const exclusive = this.places.applyOnce(key, ctx.path, scope.prefix);
    if (!exclusive) {
      this.unstage(`table ${name} applied more than once`, span);
      this.reapplied.push({ table: scope.prefix + name, span });
    }
    // bf-p4c places one table once, whatever its call sites (units.ts `sameTableAs`).
    const firstApply = exclusive ? this.firstApplies.get(key) : undefined;
    let exits = false;
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
      effects.push({ name: scope.prefix + action.name, registers: acc.registers, counters: acc.counters });
      exits ||= actionExits(action, scope, 0);
      let data = 0;
      for (const p of action.params.slice(call.args.length)) data += widthOf(p.type) ?? 0;
      actionDataBits = Math.max(actionDataBits, data);
      this.reachAction(scope.prefix + action.name, action.body, action.span);
    }
    if (hoisted !== undefined) {
      writes.add(this.localPath(scope, hoisted.result));
      const acc = new Accesses();
      new AccessCollector(scope, acc).stmts(hoisted.after);
      for (const r of acc.reads) actionReads.add(r);
      for (const w of acc.writes) writes.add(w);
    }
    const unit = this.addUnit({
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
      pin: stagePin(table.annotations) ?? this.blockPins.at(-1),
      ...(firstApply === undefined ? {} : { sameTableAs: firstApply }),
      ends: exits ? { kind: 'exit' } : undefined,
      origin: {
        kind: 'table',
        frame: this.currentFrame(),
        vars: [...this.vars],
        table,
        resolves,
        result: hoisted?.result,
        after: hoisted?.after ?? [],
      },
      span: table.span ?? span,
    });
    if (!this.firstApplies.has(key)) this.firstApplies.set(key, unit.id);
    return unit;
  }

  /** An assignment, declaration or call with tables applied in it (apply-results.ts). */
  private applyingStatement(s: Ir.Stmt, value: Ir.Expr, scope: Scope, ctx: Context): void {
    this.flush();
    const h = this.hoist(value);
    if (h.kind === 'unsupported') {
      this.unstage(h.reason, s.span);
      for (const t of tablesApplied(value)) this.tableUnit(t, scope, ctx, s.span, undefined);
      this.straightLine(s, scope, ctx);
      if (s.kind === 'VarDecl') this.declare(s.variable, scope);
      return;
    }
    const rewritten: Ir.Stmt =
      s.kind === 'Assign'
        ? { ...s, value: h.expr }
        : s.kind === 'VarDecl'
          ? { ...s, variable: { ...s.variable, init: h.expr } }
          : s.kind === 'CallStmt' && h.expr.kind === 'Call'
            ? { ...s, call: h.expr }
            : s;
    const first = h.applies[0];
    // `x = t.apply().hit` is a copy of the hit: it runs in the table's own unit, as the
    // predicated keyless tables p4c makes of it share the table's stage.
    const copyOnly =
      h.applies.length === 1 && first !== undefined && s.kind !== 'CallStmt' && isResultOnly(h.expr, first.result);
    this.hoistedUnits(h.applies, scope, ctx, s.span, copyOnly ? [rewritten] : []);
    if (!copyOnly) this.straightLine(rewritten, scope, ctx);
    if (rewritten.kind === 'VarDecl') this.declare(rewritten.variable, scope);
  }

  private hoist(e: Ir.Expr) {
    return hoistApplies(e, (table, span) => {
      const n = this.results.get(table) ?? 0;
      this.results.set(table, n + 1);
      return resultVariable(table, n, span);
    });
  }

  /** A table unit per hoisted apply; its result local is visible to every later unit. */
  private hoistedUnits(
    applies: readonly HoistedApply[],
    scope: Scope,
    ctx: Context,
    span: Span,
    after: readonly Ir.Stmt[],
  ): void {
    for (const a of applies) {
      this.declare(a.result, scope);
      const u = this.tableUnit(a.table, scope, ctx, span, undefined, { result: a.result, after });
      if (u === undefined) continue;
      // What the expression read before the apply must not be what the table then writes.
      const before = new Accesses();
      const reader = new AccessCollector(scope, before);
      for (const e of a.before) reader.read(e);
      const clash = firstOverlap(before.reads, u.writes);
      if (clash !== undefined)
        this.unstage(
          `'${clash}' is read before table ${a.table} is applied in the same expression and written by it`,
          span,
        );
    }
  }

  /** An apply-body variable: later statements read it by the path its declaration writes. */
  private declare(v: Ir.Variable, scope: Scope): void {
    (scope.env as Map<string, Binding>).set(v.name, { kind: 'path', path: this.localPath(scope, v) });
    this.vars.push(v);
  }

  private localPath(scope: Scope, v: Ir.Variable): string {
    return `${scope.prefix}$local.${v.name}`;
  }

  private currentFrame(): InstanceFrame {
    return this.frame as InstanceFrame;
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
    const span = control.span;
    if (!this.places.applyOnce(`control ${found.qualified}`, ctx.path, scope.prefix))
      this.unstage(`control ${instanceName} applied more than once`, span);
    if (control.ctorParams.length > 0) this.unstage(`control ${instanceName} has constructor parameters`, span);
    const why = argumentsProblem(control.params, args, binder);
    if (why !== undefined) this.unstage(`control ${instanceName}: ${why}`, span);
    const savedFrame = this.frame;
    const savedVars = this.vars;
    this.frame = {
      id: this.nextFrame++,
      prefix: `${found.qualified}.`,
      control,
      call: { instance: instanceName, args, callerVars: [...savedVars] },
      parent: savedFrame,
    };
    this.vars = [];
    this.walk(control.apply, { program: this.program, control, prefix: `${found.qualified}.`, env }, ctx);
    this.flush();
    this.frame = savedFrame;
    this.vars = savedVars;
  }

  /** Gathers straight-line statements into one synthesized table until one depends on another. */
  private straightLine(s: Ir.Stmt, scope: Scope, ctx: Context): void {
    const acc = new Accesses();
    new AccessCollector(scope, acc).stmt(s);
    if (this.isZeroInit(s, scope, acc)) {
      // A unit of its own that bf-p4c removes (units.ts `zeroInit`): it must not hold back
      // the statements around it, nor they it.
      this.flush();
      this.pending = newRun(scope, ctx, this.vars, { stmt: s, acc });
      this.flush(true);
      return;
    }
    if (this.pending !== undefined && splitsRun(this.pending, acc, scope, ctx)) this.flush();
    this.pending ??= newRun(scope, ctx, this.vars);
    addToRun(this.pending, s, acc);
  }

  private flush(zeroInit = false): void {
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
      if (action !== undefined)
        this.reachAction(p.scope.prefix + action.name, withConstantArguments(action, s.call), action.span);
    }
    if (rest.length > 0) this.reachAction(name, rest, first.span);
    const last = p.stmts[p.stmts.length - 1] ?? first;
    const copies = copiesReadInPlace(p);
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
      pin: this.blockPins.at(-1),
      ends: p.ends,
      origin: { kind: 'synthesized', frame: this.currentFrame(), vars: p.vars, stmts: p.stmts },
      span: { start: first.span.start, end: last.span.end },
      ...(zeroInit ? { zeroInit } : {}),
      ...(copies.size > 0 ? { copies } : {}),
    });
  }

  /**
   * `x = 0` or `x = false` where x is (a scalar inside) a local variable of the control and
   * nothing in this gress wrote it before: Tofino's parser zeroes metadata at the start of
   * each gress, and bf-p4c's RemoveMetadataInits removes an assignment of 0 to metadata that
   * only overwrites that implicit zero (bf-p4c phv/auto_init_metadata). Control locals are
   * metadata no parser writes. Apply-body variables and parameters do not count.
   */
  private isZeroInit(s: Ir.Stmt, scope: Scope, acc: Accesses): boolean {
    if (!isZeroIntoControlLocal(s, scope, acc)) return false;
    const written = (w: ReadonlySet<string>) => firstOverlap(acc.writes, w) !== undefined;
    if (this.pending !== undefined && written(this.pending.acc.writes)) return false;
    return !this.units.some((u) => u.gress === this.gress && written(u.writes));
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
