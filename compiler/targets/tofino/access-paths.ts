// Which fields a piece of a control reads and writes, as dotted paths from the gress
// control's parameters (`md.group_id`, `hdr.ipv4.$valid`), with sub-control parameters and
// action arguments substituted; and which registers, hash units and counters it uses.

import { widthOf } from '../../check/types.js';
import type * as Ir from '../../ir/nodes.js';
import { exprText } from './expr-text.js';
import { SALU_RUN_METHODS, saluFamily } from './salu-externs.js';
import { type CounterUse, type HashUse, type RegisterUse, splitSlice } from './units.js';

/** What a name stands for inside a (sub-)control or an action being inlined. */
export type Binding =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'value'; readonly reads: readonly string[] }
  /** Action data or a stateful-ALU operand: no packet field. */
  | { readonly kind: 'data' };

/** A control as instantiated: its declaration, the prefix of its locals and its parameters. */
export interface Scope {
  readonly program: Ir.Program;
  readonly control: Ir.Control;
  readonly prefix: string;
  readonly env: ReadonlyMap<string, Binding>;
}

export class Accesses {
  readonly reads = new Set<string>();
  readonly writes = new Set<string>();
  readonly registers: RegisterUse[] = [];
  readonly hashes: HashUse[] = [];
  readonly counters: CounterUse[] = [];
}

/**
 * The name the register rules and the allocator know a register by. A gress's own control
 * has no prefix; when another control declares an instance of the same name (neobft's
 * ingress and egress each hold a `Register ... counter`), the control's name tells them apart.
 */
function registerKey(scope: Scope, instance: Ir.Instance, qualified: string): string {
  if (scope.prefix !== '' || !scope.control.locals.includes(instance)) return qualified;
  const clash = scope.program.controls.some(
    (c) => c !== scope.control && c.locals.some((l) => l.kind === 'Instance' && l.name === instance.name),
  );
  return clash ? `${scope.control.name}.${instance.name}` : qualified;
}

/** A control's local instance, or a program-level one, with its qualified name. */
export function findInstance(scope: Scope, name: string): { instance: Ir.Instance; qualified: string } | undefined {
  for (const l of scope.control.locals) {
    if (l.kind === 'Instance' && l.name === name) return { instance: l, qualified: scope.prefix + name };
  }
  const top = scope.program.externs.find((i) => i.name === name);
  return top === undefined ? undefined : { instance: top, qualified: name };
}

export function findAction(scope: Scope, name: string): Ir.Action | undefined {
  return scope.control.actions.find((a) => a.name === name) ?? scope.program.actions.find((a) => a.name === name);
}

export class AccessCollector {
  /** How deep in inlined action and function bodies the walk is. */
  private inlined = 0;

  constructor(
    readonly scope: Scope,
    readonly out: Accesses,
    private env: Map<string, Binding> = new Map(scope.env),
  ) {}

  /** The field path an expression names, if it is an lvalue-like reference. */
  pathOf(e: Ir.Expr): string | undefined {
    switch (e.kind) {
      case 'Ref': {
        const b = this.env.get(e.name);
        if (b !== undefined) return b.kind === 'path' ? b.path : undefined;
        if (e.ref === 'parameter' || e.ref === 'variable') return this.scope.prefix + e.name;
        return undefined;
      }
      case 'Member': {
        const p = this.pathOf(e.object);
        return p === undefined ? undefined : `${p}.${e.member}`;
      }
      case 'Index': {
        const p = this.pathOf(e.object);
        if (p === undefined) return undefined;
        if (e.index.kind === 'Const' && typeof e.index.value === 'bigint') return `${p}[${e.index.value}]`;
        this.read(e.index);
        return p;
      }
      case 'Slice': {
        // Slices keep their bit range, so writes of disjoint slices do not depend on each other.
        const p = this.pathOf(e.object);
        if (p === undefined) return undefined;
        const outer = splitSlice(p);
        if (outer.hi === undefined) return `${p}[${e.hi}:${e.lo}]`;
        return `${outer.base}[${outer.lo + e.hi}:${outer.lo + e.lo}]`;
      }
      case 'DynamicSlice':
        this.read(e.base);
        return this.pathOf(e.object);
      default:
        return undefined;
    }
  }

  read(e: Ir.Expr | undefined): void {
    if (e === undefined) return;
    switch (e.kind) {
      case 'Ref': {
        const b = this.env.get(e.name);
        if (b?.kind === 'value') for (const r of b.reads) this.out.reads.add(r);
        else if (b?.kind === 'path') this.out.reads.add(b.path);
        else if (b === undefined && (e.ref === 'parameter' || e.ref === 'variable'))
          this.out.reads.add(this.scope.prefix + e.name);
        return;
      }
      case 'Member':
      case 'Index':
      case 'Slice':
      case 'DynamicSlice': {
        const p = this.pathOf(e);
        if (p !== undefined) this.out.reads.add(p);
        else if (e.kind === 'Member' || e.kind === 'Slice') this.read(e.object);
        return;
      }
      case 'Unary':
      case 'Cast':
        this.read(e.operand);
        return;
      case 'Binary':
        this.read(e.left);
        this.read(e.right);
        return;
      case 'Mux':
        this.read(e.condition);
        this.read(e.whenTrue);
        this.read(e.whenFalse);
        return;
      case 'List':
        for (const x of e.elements) this.read(x);
        return;
      case 'StructInit':
        for (const f of e.fields) this.read(f.value);
        return;
      case 'Call':
        this.call(e);
        return;
      default:
        return;
    }
  }

  write(e: Ir.Expr): void {
    const p = this.pathOf(e);
    if (p !== undefined) this.out.writes.add(p);
  }

  stmts(body: readonly Ir.Stmt[]): void {
    for (const s of body) this.stmt(s);
  }

  stmt(s: Ir.Stmt): void {
    switch (s.kind) {
      case 'Assign':
        this.read(s.value);
        this.write(s.target);
        return;
      case 'CallStmt':
        this.call(s.call);
        return;
      case 'If':
        this.read(s.condition);
        this.stmts(s.thenBody);
        this.stmts(s.elseBody);
        return;
      case 'Switch':
        this.read(s.on);
        for (const c of s.cases) this.stmts(c.body);
        return;
      case 'Block':
        this.stmts(s.body);
        return;
      case 'VarDecl':
        if (this.inlined > 0) {
          // An action's (or function's) local lives only while it runs: no other unit sees it,
          // so it is no field (two actions' `tmp`s do not depend on each other).
          this.read(s.variable.init);
          this.env.set(s.variable.name, { kind: 'data' });
          return;
        }
        this.env.set(s.variable.name, { kind: 'path', path: `${this.localPrefix()}${s.variable.name}` });
        if (s.variable.init !== undefined) {
          this.read(s.variable.init);
          this.out.writes.add(`${this.localPrefix()}${s.variable.name}`);
        }
        return;
      case 'Return':
        this.read(s.value);
        return;
      case 'For':
        this.stmts(s.init);
        this.read(s.condition);
        this.stmts(s.update);
        this.stmts(s.body);
        return;
      case 'ForIn':
        this.stmts(s.body);
        return;
      default:
        return;
    }
  }

  private localPrefix(): string {
    return `${this.scope.prefix}$local.`;
  }

  /** Calls: extern methods record their resources; actions and functions are inlined. */
  call(c: Ir.Call): void {
    const callee = c.callee;
    switch (callee.kind) {
      case 'Method': {
        this.externMethod(c, callee);
        return;
      }
      case 'Builtin': {
        const p = this.pathOf(callee.object);
        if (p === undefined) return;
        if (callee.name === 'isValid') this.out.reads.add(`${p}.$valid`);
        else this.out.writes.add(callee.name === 'setValid' || callee.name === 'setInvalid' ? `${p}.$valid` : p);
        return;
      }
      case 'Action': {
        const action = findAction(this.scope, callee.name);
        if (action !== undefined) this.inline(action.params, c.args, action.body);
        return;
      }
      case 'Function': {
        const fn = this.scope.program.functions.find((f) => f.name === callee.name);
        if (fn !== undefined) this.inline(fn.params, c.args, fn.body);
        else this.arguments(c);
        // TNA's invalidate(f) clears f's container validity: a write of f as far as order goes.
        if (callee.name === 'invalidate' && c.args[0] !== undefined) {
          const p = this.pathOf(c.args[0]);
          if (p !== undefined) this.out.writes.add(p);
        }
        return;
      }
      case 'Apply':
        return;
    }
  }

  /** Runs `body` with `params` bound to `args` (directionless ones are action data). */
  inline(params: readonly Ir.Param[], args: readonly (Ir.Expr | undefined)[], body: readonly Ir.Stmt[]): void {
    const saved = this.env;
    const inner = new Map(saved);
    params.forEach((p, i) => {
      const a = args[i];
      inner.set(p.name, this.bindArgument(p, a));
    });
    this.env = inner;
    this.inlined++;
    this.stmts(body);
    this.inlined--;
    this.env = saved;
  }

  bindArgument(p: Ir.Param, a: Ir.Expr | undefined): Binding {
    if (a === undefined) return { kind: 'data' };
    if (p.direction === 'out' || p.direction === 'inout') {
      const path = this.pathOf(a);
      return path === undefined ? { kind: 'data' } : { kind: 'path', path };
    }
    const path = this.pathOf(a);
    if (path !== undefined) return { kind: 'path', path };
    const sub = new Accesses();
    new AccessCollector(this.scope, sub, this.env).read(a);
    for (const r of sub.registers) this.out.registers.push(r);
    for (const h of sub.hashes) this.out.hashes.push(h);
    return { kind: 'value', reads: [...sub.reads] };
  }

  private arguments(c: Ir.Call): void {
    c.args.forEach((a, i) => {
      if (a === undefined) return;
      const dir = c.params[i]?.direction;
      if (dir === 'out') this.write(a);
      else if (dir === 'inout') {
        this.read(a);
        this.write(a);
      } else this.read(a);
    });
  }

  private externMethod(c: Ir.Call, callee: Extract<Ir.Callee, { kind: 'Method' }>): void {
    this.arguments(c);
    if (callee.object.kind !== 'Ref') return;
    const found = findInstance(this.scope, callee.object.name);
    if (found === undefined) return;
    const { instance, qualified } = found;
    // Every stateful-ALU family (Tofino 2's numbered, MinMax and Learn forms too) and every
    // method that runs its program once (execute, execute_log, the FIFO/stack ones).
    const family = saluFamily(instance.typeName);
    switch (family === undefined ? instance.typeName : 'RegisterAction') {
      case 'RegisterAction': {
        if (!SALU_RUN_METHODS.has(callee.method)) return;
        const regArg = instance.ctorArgs[0];
        const reg = regArg?.kind === 'Ref' ? findInstance(this.scope, regArg.name) : undefined;
        if (reg === undefined) return;
        // The stateful ALU's packet operands are read by this table.
        const apply = instance.methods.find((m) => m.name === 'apply');
        const inner = new AccessCollector(this.scope, new Accesses(), this.env);
        if (apply !== undefined) {
          for (const p of apply.params) inner.env.set(p.name, { kind: 'data' });
          inner.inlined++;
          inner.stmts(apply.body);
          for (const r of inner.out.reads) this.out.reads.add(r);
        }
        const index = c.args[0];
        if (index !== undefined) inner.read(index);
        this.out.registers.push({
          register: registerKey(this.scope, reg.instance, reg.qualified),
          registerInstance: reg.instance,
          action: qualified,
          actionInstance: instance,
          span: c.span,
          index: index === undefined ? '' : exprText(index),
          reads: inner.out.reads,
        });
        return;
      }
      case 'Hash':
        if (callee.method === 'get') this.out.hashes.push({ name: qualified, bits: widthOf(c.type) ?? 32 });
        return;
      case 'Counter':
        this.out.counters.push({
          name: qualified,
          instance,
          kind: 'counter',
          ...(c.args[0] === undefined ? {} : { index: exprText(c.args[0]) }),
        });
        return;
      case 'Meter':
      case 'Lpf':
      case 'Wred':
        this.out.counters.push({ name: qualified, instance, kind: 'meter' });
        return;
      default:
        return;
    }
  }
}
