// Stage-ordered apply bodies (Tofino fidelity): the units the Tofino pass placed (tables,
// gateways, synthesized straight-line tables; sub-controls inlined) run sorted by (stage,
// program order), each guarded by its branch path, with branch results in plain locals.
// Gateways and tables that settle a branch store the arm taken; exit and return set flags
// that guard every later unit in program order (the allocator orders them: dependencies.ts).

import type * as Ir from '../ir/nodes.js';
import type { GressExecution } from '../targets/tofino/resource-map.js';
import type { GressPlan, PlannedUnit } from '../targets/tofino/stage-plan.js';
import { type InstanceFrame, mutuallyExclusive, type Resolution, type Unit } from '../targets/tofino/units.js';
import type { Gen, Gress, Scope, TableBinding } from './context.js';
import { constJs, expr, type FnCtx } from './emit-expr.js';
import { assign, statement } from './emit-stmt.js';
import { classIdent, repOf, typeIdent, zeroOf } from './emit-types.js';

/** What emitControl records of each control instance, for inlining its units elsewhere. */
export interface EmittedControl {
  readonly scope: Scope;
  readonly locals: readonly { readonly js: string; readonly v: Ir.Variable }[];
}

/** Whether a gress control runs in stage order, or in program order and why. */
export function executionOf(
  gress: Gress,
  control: Ir.Control,
  plan: GressPlan | undefined,
  noPlan: string,
): GressExecution {
  const program = (reason: string): GressExecution => ({ gress, control: control.name, order: 'program', reason });
  if (plan === undefined) return program(noPlan);
  const first = plan.unstaged[0];
  if (first !== undefined) return program(first.reason);
  if (plan.units.some((u) => u.stage < 0)) return program('a unit has no stage');
  const stages = plan.units.length === 0 ? 0 : Math.max(...plan.units.map((u) => u.stage)) + 1;
  return { gress, control: control.name, order: 'stage', stages };
}

/** The comment that opens a control's apply function: how it runs. */
export function executionComment(e: GressExecution): string {
  return e.order === 'stage'
    ? `// Runs in stage order: ${e.stages} stage(s), units sorted by (stage, program order), as resources.json places them.`
    : `// Runs in PROGRAM order, not stage order: ${e.reason}.`;
}

/** Emits the apply body of `plan`'s control (whose own locals the caller has reset). */
export function emitStagedApply(gen: Gen, cx: FnCtx, path: string, plan: GressPlan): void {
  const exitFlag = gen.exitFlag;
  // Exits become flags here: a `return` would also skip units earlier in program order.
  gen.exitFlag = undefined;
  try {
    new StagedEmitter(gen, cx, path, plan, exitFlag).emit();
  } finally {
    gen.exitFlag = exitFlag;
  }
}

class StagedEmitter {
  private readonly w;
  private readonly points: string[] = [];
  private readonly varJs = new Map<Ir.Variable, string>();
  private readonly returnFlags = new Map<string, string>();
  private readonly gress: Gress;

  constructor(
    private readonly gen: Gen,
    private readonly cx: FnCtx,
    private readonly path: string,
    private readonly plan: GressPlan,
    private readonly exitFlag: string | undefined,
  ) {
    this.w = cx.w;
    this.gress = plan.gress;
  }

  emit(): void {
    const w = this.w;
    const units = this.plan.units;
    for (let p = 0; p < this.plan.points; p++) this.points.push(this.gen.ident(`bp${p}`));
    if (this.points.length > 0) w.line(`let ${this.points.map((b) => `${b} = -1`).join(', ')};`);
    for (const { unit } of units) {
      if (unit.ends?.kind === 'return' && !this.returnFlags.has(unit.ends.prefix)) {
        const flag = this.gen.ident(`returned_${unit.ends.prefix === '' ? 'apply' : unit.ends.prefix}`);
        this.returnFlags.set(unit.ends.prefix, flag);
        w.line(`let ${flag} = false;`);
      }
    }
    this.hoistVariables();
    const order = units.map((u, i) => ({ u, i })).sort((a, b) => a.u.stage - b.u.stage || a.i - b.i);
    let stage = -1;
    for (const { u, i } of order) {
      if (u.stage !== stage) {
        stage = u.stage;
        w.line(`// ---- ${this.gress} stage ${stage}`);
        w.line(`if (tr !== undefined) tr.stage(cur.packetId, cur.copyId, '${this.gress}', ${stage});`);
      }
      this.unit(u, i);
    }
  }

  /**
   * Apply-body variables live across units, so they are declared once at the top; so are the
   * locals that keep the hit of a table applied inside an expression.
   */
  private hoistVariables(): void {
    for (const { unit } of this.plan.units) {
      const o = unit.origin;
      const declared =
        o.kind === 'synthesized'
          ? o.stmts
          : o.kind === 'table'
            ? [
                ...(o.result === undefined ? [] : [{ kind: 'VarDecl', variable: o.result, span: unit.span } as const]),
                ...o.after,
              ]
            : [];
      for (const s of declared) {
        if (s.kind !== 'VarDecl') continue;
        const v = s.variable;
        const js = this.gen.ident(v.name.replace(/^\$/, 'hit_'));
        this.varJs.set(v, js);
        if (repOf(v.type) === 'obj') {
          this.gen.types.add(v.type);
          this.w.line(`const ${js} = new ${classIdent(v.type as never)}();`);
        } else this.w.line(`let ${js} = ${zeroOf(v.type)};`);
      }
    }
  }

  private emitted(f: InstanceFrame) {
    const key = f.prefix === '' ? this.path : `${this.path}.${f.prefix.slice(0, -1)}`;
    return this.gen.emittedControls.get(key);
  }

  /** The scope a unit's code resolves names in: its control instance's, plus visible variables. */
  private scopeOf(f: InstanceFrame, vars: readonly Ir.Variable[]): Scope {
    const base = this.emitted(f)?.scope ?? this.cx.scope;
    const s = base.child();
    for (const v of vars) {
      const js = this.varJs.get(v);
      if (js !== undefined) s.set(v.name, { kind: 'value', js, type: v.type });
    }
    return s;
  }

  private guards(u: Unit, index: number): string[] {
    const out: string[] = [];
    const last = u.path[u.path.length - 1];
    if (last !== undefined) out.push(`${this.points[last.point]} === ${last.arm}`);
    let exit = false;
    const returns = new Set<string>();
    for (let j = 0; j < index; j++) {
      const a = (this.plan.units[j] as PlannedUnit).unit;
      if (a.ends === undefined || mutuallyExclusive(a, u)) continue;
      if (a.ends.kind === 'exit') exit = true;
      else if (u.origin.frame.prefix.startsWith(a.ends.prefix)) returns.add(a.ends.prefix);
    }
    if (exit && this.exitFlag !== undefined) out.push(`!${this.exitFlag}`);
    for (const p of returns) out.push(`!${this.returnFlags.get(p)}`);
    return out;
  }

  private unit({ unit: u, stage }: PlannedUnit, index: number): void {
    const w = this.w;
    w.line(`// ${u.kind} ${u.name}`);
    w.sourceComment(u.span);
    const guard = this.guards(u, index);
    // The mid end inlined every sub-control: no unit runs inside an applied instance.
    if (u.origin.frame.call !== undefined) this.gen.unsupported(u.span, `${u.name} inside a control instance`);
    const body = (): void => this.body(u, stage);
    if (guard.length === 0) body();
    else w.block(`if (${guard.join(' && ')})`, body);
  }

  private body(u: Unit, stage: number): void {
    const o = u.origin;
    const cx = this.cx;
    cx.withScope(this.scopeOf(o.frame, o.vars), () => {
      if (o.kind === 'table') {
        this.table(o.table, o.resolves, o.result);
        for (const s of o.after) this.straightLine(s, u);
      } else if (o.kind === 'gateway') this.gateway(u, o.condition, o.resolves, stage);
      else for (const s of o.stmts) this.straightLine(s, u);
    });
  }

  private table(t: Ir.Table, resolves: Resolution | undefined, result: Ir.Variable | undefined): void {
    const b = this.cx.scope.get(t.name);
    if (b?.kind !== 'table') {
      this.gen.unsupported(t.span, `the table ${t.name} here`);
      return;
    }
    if (result !== undefined) {
      const r = this.cx.scope.get(result.name);
      if (r?.kind !== 'value') this.gen.unsupported(t.span, `the result of ${t.name} here`);
      else this.w.line(`${r.js} = ${b.apply}();`);
      return;
    }
    if (resolves === undefined) {
      this.w.line(`${b.apply}();`);
      return;
    }
    const bp = this.points[resolves.point] as string;
    if (resolves.kind === 'if') {
      this.w.line(`${bp} = ${b.apply}() ? ${resolves.negate ? '1 : 0' : '0 : 1'};`);
      return;
    }
    this.w.line(`${b.apply}();`);
    this.arms(bp, b.act, resolves.cases, (l) =>
      l.kind === 'ActionLabel' ? String((b as TableBinding).actions.indexOf(l.action)) : undefined,
    );
  }

  private gateway(u: Unit, cond: Ir.Expr, resolves: Resolution, stage: number): void {
    const cx = this.cx;
    const bp = this.points[resolves.point] as string;
    const v = expr(cx, cond);
    cx.flush();
    if (resolves.kind === 'if') this.w.line(`${bp} = ${v} ? 0 : 1;`);
    else
      this.arms(bp, v, resolves.cases, (l) =>
        l.kind === 'ValueLabel' ? constJs(this.gen, l.value, cond.type) : undefined,
      );
    this.w.line(
      `if (tr !== undefined) tr.gateway(cur.packetId, cur.copyId, ${JSON.stringify(u.name)}, ${stage}, ${bp});`,
    );
  }

  /** `switch (on)` setting the branch point to the arm whose labels match. */
  private arms(
    bp: string,
    on: string,
    cases: readonly Ir.SwitchCase[],
    label: (l: Ir.SwitchLabel) => string | undefined,
  ): void {
    this.w.block(`switch (${on})`, () => {
      cases.forEach((c, arm) => {
        for (const l of c.labels) {
          if (l === 'default') this.w.line('default:');
          else this.w.line(`case ${label(l) ?? -1}:`);
        }
        this.w.indent().line(`${bp} = ${arm};`).line('break;').dedent();
      });
    });
  }

  private straightLine(s: Ir.Stmt, u: Unit): void {
    const cx = this.cx;
    const w = this.w;
    switch (s.kind) {
      case 'VarDecl': {
        const v = s.variable;
        const js = this.varJs.get(v) ?? this.gen.ident(v.name);
        cx.scope.set(v.name, { kind: 'value', js, type: v.type });
        w.sourceComment(s.span);
        if (v.init !== undefined)
          assign(cx, { kind: 'Ref', name: v.name, ref: 'variable', type: v.type, span: v.span }, v.init);
        else if (repOf(v.type) === 'obj') w.line(`reset_${typeIdent(v.type as never)}(${js});`);
        else w.line(`${js} = ${zeroOf(v.type)};`);
        return;
      }
      case 'Exit':
        w.sourceComment(s.span);
        if (this.exitFlag === undefined) this.gen.unsupported(s.span, 'exit here');
        else w.line(`${this.exitFlag} = true;`);
        return;
      case 'Return': {
        w.sourceComment(s.span);
        const flag = u.ends?.kind === 'return' ? this.returnFlags.get(u.ends.prefix) : undefined;
        if (flag === undefined) this.gen.unsupported(s.span, 'return here');
        else w.line(`${flag} = true;`);
        return;
      }
      default:
        statement(cx, s);
    }
  }
}
