// Controls (and deparsers, which are controls over packet_out): per control instance, its
// extern instances, local variables, actions (one function each), tables (an apply function
// specialised by key shape that runs the chosen action through a `switch`) and the apply body.
// Nested control instances (`GroupFilter1() filter_1;`) get their own copy of all of this,
// with a parameter object for copy-in/copy-out.

import type { P4InfoDirectResource, P4InfoTable } from '../../contract/p4info.js';
import { controlPlaneName } from '../ir/control-plane-name.js';
import type * as Ir from '../ir/nodes.js';
import { forEachCall as forEachCallInStmts, someStmt } from '../ir/visit.js';
import type { GressExecution } from '../targets/tofino/resource-map.js';
import type { GressPlan } from '../targets/tofino/stage-plan.js';
import { declareValidityFlags, resetValidityFlags } from './container-validity.js';
import type { Binding, ExternBinding, Gen, Scope, TableBinding } from './context.js';
import { constJs, convert, expr, FnCtx } from './emit-expr.js';
import { declareInstance } from './emit-extern-decl.js';
import { hashOfList } from './emit-field-lists.js';
import { emitStagedApply, executionComment } from './emit-staged.js';
import { statement, statements, storeLine } from './emit-stmt.js';
import { initOf, repOf, resetLine, scalarOf, typeIdent, zeroOf } from './emit-types.js';
import { constMember } from './emit-v1model.js';
import { type V1SelectorHash, v1SelectorHashJs } from './emit-v1model-selector.js';
import {
  initialEntriesJs,
  keyInfo,
  matchedKeys,
  runtimeMatchKind,
  tableP4Info,
  widthForInfo,
} from './p4info-tables.js';
import type { Writer } from './writer.js';

/** Whether a statement list (or anything nested in it) contains `exit`. */
export function containsExit(body: readonly Ir.Stmt[]): boolean {
  return someStmt(body, (s) => s.kind === 'Exit');
}

export function controlContainsExit(gen: Gen, c: Ir.Control): boolean {
  // The mid end inlined every sub-control: the control's own body and actions are all there is.
  return gen.sharedExitFlag !== undefined || containsExit(c.apply) || c.actions.some((a) => containsExit(a.body));
}

/** Emits an action as a function of its parameters (directional ones first, as P4 orders them). */
export function emitAction(gen: Gen, w: Writer, scope: Scope, a: Ir.Action, js: string, p4Name: string): void {
  const s = scope.child();
  const names = a.params.map((p) => {
    const pj = gen.ident(p.name);
    s.set(p.name, { kind: 'value', js: pj, type: p.type });
    return pj;
  });
  w.sourceComment(a.span);
  const outs = scalarOuts(a.params, names);
  w.block(`function ${js}(${names.join(', ')})`, () => {
    w.line(
      `if (tr !== undefined) tr.action(cur.packetId, cur.copyId, ${JSON.stringify(p4Name)}, [${names.filter((_, i) => a.params[i]?.direction === 'none').join(', ')}]);`,
    );
    const cx = new FnCtx(gen, s, w, 'action');
    if (outs.length > 0) cx.outs = outs;
    statements(cx, a.body);
    if (outs.length > 0) w.line(`return [${['0', ...outs].join(', ')}];`);
  });
}

/** The JS names of the out and inout parameters passed by value (scalars): they are copied out on return. */
export function scalarOuts(params: readonly Ir.Param[], names: readonly string[]): string[] {
  return params.flatMap((p, i) =>
    (p.direction === 'out' || p.direction === 'inout') && repOf(p.type) !== 'obj' ? [names[i] as string] : [],
  );
}

/** A top-level function: `[value, ...outs]` when it has out or inout scalar parameters. */
export function emitFunction(gen: Gen, w: Writer, scope: Scope, f: Ir.Function, js: string): void {
  const s = scope.child();
  const names = f.params.map((p) => {
    const pj = gen.ident(p.name);
    s.set(p.name, { kind: 'value', js: pj, type: p.type });
    return pj;
  });
  const outs = scalarOuts(f.params, names);
  w.sourceComment(f.span);
  w.block(`function ${js}(${names.join(', ')})`, () => {
    const cx = new FnCtx(gen, s, w, 'function');
    if (outs.length > 0) cx.outs = outs;
    cx.returnType = f.returnType;
    statements(cx, f.body);
    if (outs.length > 0) w.line(`return [${['0', ...outs].join(', ')}];`);
  });
}

/**
 * Emits one control instance; returns its apply function's name. `path` is its P4 name
 * (`NmIngress`, `NmIngress.filter_1`); parameters must already be bound in `scope`. A gress
 * control has its `execution`: in stage order (with the plan that places its units), or in
 * program order (the comment says why).
 */
export function emitControl(
  gen: Gen,
  w: Writer,
  c: Ir.Control,
  path: string,
  scope: Scope,
  execution?: { readonly how: GressExecution; readonly plan: GressPlan | undefined },
): string {
  const base = gen.ident(path);
  w.line();
  w.line(`// ---- control ${path} ${'-'.repeat(Math.max(0, 80 - path.length))}`);
  if (execution !== undefined) w.line(executionComment(execution.how));
  const locals: { js: string; v: Ir.Variable }[] = [];
  // Variables first: an instance declared before a variable may still read it (a register
  // action of an inlined sub-control whose `in` parameter is bound to a control local
  // declared after the sub-control's instance).
  const ordered = [...c.locals.filter((l) => l.kind === 'Variable'), ...c.locals.filter((l) => l.kind !== 'Variable')];
  for (const l of ordered) {
    if (l.kind === 'Variable') {
      const js = gen.ident(`${base}_${l.name}`);
      scope.set(l.name, { kind: 'value', js, type: l.type });
      if (repOf(l.type) === 'obj') {
        gen.types.add(l.type);
        if (
          l.type.kind === 'header' ||
          l.type.kind === 'struct' ||
          l.type.kind === 'headerUnion' ||
          l.type.kind === 'headerStack'
        )
          w.line(`const ${js} = ${initOf(l.type)};`);
        else if (l.type.kind === 'varbit') w.line(`let ${js} = 0n, ${js}$w = 0;`);
        else gen.unsupported(l.span, `a control-local variable of type ${l.type.kind}`);
      } else w.line(`let ${js} = ${zeroOf(l.type)};`);
      locals.push({ js, v: l });
    } else if (l.kind === 'Instance') {
      if (l.type.kind === 'control') gen.unsupported(l.span, `the control instance ${l.name} (not inlined)`);
      else declareInstance(gen, w, l, controlPlaneName(l.name, l.annotations, path), scope, c.apply, c.actions);
    } else if (l.kind === 'ValueSet') gen.unsupported(l.span, 'a value_set in a control');
  }
  gen.validity = declareValidityFlags(gen, w, c, base);
  for (const a of c.actions) {
    const p4Name = controlPlaneName(a.name, a.annotations, path);
    scope.set(a.name, { kind: 'action', js: gen.ident(`${base}_${a.name}`), action: a, p4Name });
  }
  const declared = c.tables.map((t) => withImplicitNoAction(gen, t));
  const tables = declared.map((t) => declareTable(gen, w, t, path, base, scope));
  declareUnattachedDirectRegisters(gen, w, c, scope);
  for (const a of c.actions) {
    const b = scope.get(a.name);
    if (b?.kind === 'action') emitAction(gen, w, scope, a, b.js, b.p4Name);
  }
  declared.forEach((t, i) => {
    emitTableApply(gen, w, t, tables[i] as TableBinding, scope);
  });
  gen.emittedControls.set(path, { scope, locals });
  const apply = gen.ident(`${base}_apply`);
  w.sourceComment(c.span);
  w.block(`function ${apply}()`, () => {
    const cx = new FnCtx(gen, scope.child(), w, 'control');
    resetValidityFlags(w, gen.validity);
    for (const { js, v } of locals) {
      if (repOf(v.type) === 'obj') {
        if (v.type.kind === 'header' || v.type.kind === 'struct' || v.type.kind === 'headerUnion')
          w.line(`reset_${typeIdent(v.type)}(${js});`);
        else if (v.type.kind === 'headerStack') resetLine(w, v.type, js);
        if (v.init !== undefined)
          statement(cx, {
            kind: 'Assign',
            target: { kind: 'Ref', name: v.name, ref: 'variable', type: v.type, span: v.span },
            value: v.init,
            span: v.span,
          });
      } else w.line(`${js} = ${v.init === undefined ? zeroOf(v.type) : localInit(cx, v)};`);
    }
    if (execution?.how.order === 'stage' && execution.plan !== undefined)
      emitStagedApply(gen, cx, path, execution.plan);
    else statements(cx, c.apply);
  });
  gen.validity = new Map();
  return apply;
}

/**
 * A table declared with no actions runs NoAction (core.p4's), as p4c's front end makes it; in
 * v1model a table without default_action misses into NoAction when it lists it (bmv2's
 * action_run then names NoAction, not "no action"). TNA programs keep p4info as they were.
 */
function withImplicitNoAction(gen: Gen, t: Ir.Table): Ir.Table {
  const call = { action: 'NoAction', args: [], span: t.span };
  if (t.actions.length === 0)
    return { ...t, actions: [call], defaultAction: t.defaultAction ?? { ...call, isConst: false } };
  if (
    (gen.arch === 'v1model' || gen.arch === 'psa') &&
    t.defaultAction === undefined &&
    t.actions.some((a) => a.action === 'NoAction')
  )
    return { ...t, defaultAction: { ...call, isConst: false } };
  return t;
}

/** A control-local variable's initializer, evaluated each time the control applies. */
function localInit(cx: FnCtx, v: Ir.Variable): string {
  if (v.init === undefined) return zeroOf(v.type);
  // A constant prints as its JS value (a serializable enum member's number, a wide value's
  // bigint literal), not as the folded value's text.
  if (v.init.kind === 'Const') return convert(constJs(cx.gen, v.init.value, v.init.type), v.init.type, v.type);
  // A run-time initializer (`bit<16> vrf = (bit<16>)ig_intr_md.ingress_port;`) runs at the
  // start of every apply, in declaration order, as P4 initialises control locals.
  const js = convert(expr(cx, v.init), v.init.type, v.type);
  cx.flush();
  return js;
}

function declareTable(gen: Gen, w: Writer, t: Ir.Table, path: string, base: string, scope: Scope): TableBinding {
  const p4Name = controlPlaneName(t.name, t.annotations, path);
  const tb = gen.ident(`${base}_${t.name}`);
  const actions = t.actions.map((a) => a.action);
  const binding: TableBinding = {
    kind: 'table',
    table: t,
    p4Name,
    // Registered like every name, so a P4 action called `t_act` cannot collide with them.
    js: tb,
    apply: gen.ident(`${tb}_apply`),
    act: gen.ident(`${tb}_act`),
    handle: gen.ident(`${tb}_handle`),
    actionList: gen.ident(`${tb}_actions`),
    actions,
  };
  scope.set(t.name, binding);
  const info = tableP4Info(gen, t, p4Name, scope);
  const index = gen.p4info.push('tables', info);
  w.line(`const ${tb} = services.tables[${index}];`);
  w.line(`const ${binding.actionList} = ${JSON.stringify(actions.map((a) => actionP4Name(scope, a)))};`);
  if (t.entries.length > 0 && !t.entriesConst) {
    // Initial entries: installed once here; the control plane may change them later.
    const hasPriority = matchedKeys(t).some((k) => {
      const kind = runtimeMatchKind(k);
      return kind === 'ternary' || kind === 'range' || kind === 'optional';
    });
    w.line('for (const e of [').indent();
    for (const e of initialEntriesJs(gen, t, scope, hasPriority)) w.line(`${e},`);
    w.dedent().line(']) {').indent();
    w.line(`const r = ${tb}.add(e);`);
    w.line(`if (!r.ok) throw new Error(\`${p4Name}: cannot install an initial entry: \${r.message}\`);`);
    w.dedent().line('}');
  }
  w.line(`let ${binding.act} = -1;`);
  w.line(`let ${binding.handle} = 0;`);
  // Direct resources (`counters = c`, `meters = m`, `registers = r`) reach their cell through
  // the entry handle the lookup found.
  const direct: string[] = [];
  for (const p of t.properties) {
    const kind = DIRECT_PROPERTIES.get(p.name);
    if (kind !== undefined && p.value.kind === 'Ref') {
      const b = scope.get(p.value.name);
      if (b?.kind !== 'extern' || b.extra === undefined || !DIRECT_EXTERNS[kind].includes(b.inst.typeName)) {
        gen.unsupported(p.value.span, `this ${p.name} property`);
        continue;
      }
      if (b.extra.handle !== undefined) {
        gen.unsupported(p.value.span, `the ${b.inst.typeName} ${b.p4Name} on a second table`);
        continue;
      }
      const i = gen.p4info.push('directResources', { name: b.p4Name, kind, table: p4Name, ...directInfo(b.extra) });
      w.line(`const ${b.js} = services.directResources[${i}];`);
      b.extra.handle = binding.handle;
      // bmv2 counts a direct counter on every hit of its table, whatever the action does.
      if (b.inst.typeName === 'direct_counter') gen.autoCounted.set(binding.apply, b.js);
      for (const emit of (b.extra.pending as (() => void)[] | undefined) ?? []) emit();
      direct.push(b.p4Name);
    } else if (p.name === 'filters' && p.value.kind === 'Ref') {
      // `filters = f`: a DirectLpf or DirectWred gets a cell per entry of this table; an
      // indexed Lpf or Wred named here needs nothing more.
      const b = scope.get(p.value.name);
      const filter =
        b?.kind === 'extern' ? (b.extra?.filter as Record<string, number | string> | undefined) : undefined;
      if (b?.kind !== 'extern' || filter === undefined) continue;
      const size = (gen.p4info.tables[index]?.size ?? 0) + 1;
      const i =
        filter.kind === 'lpf'
          ? gen.p4info.lpfs.push({ name: b.p4Name, size, width: filter.width as number, table: p4Name }) - 1
          : gen.p4info.wreds.push({
              name: b.p4Name,
              size,
              dropValue: filter.dropValue as number,
              noDropValue: filter.noDropValue as number,
              table: p4Name,
            }) - 1;
      w.line(`const ${b.js} = services.${filter.kind === 'lpf' ? 'lpfs' : 'wreds'}[${i}];`);
      (b.extra as Record<string, unknown>).handle = binding.handle;
    } else if (p.name === 'implementation' || p.name === 'psa_implementation') {
      attachImplementation(gen, binding, p.value, scope, index);
    } else if (p.name === 'idle_timeout' || p.name === 'psa_idle_timeout') {
      // Entries take a TTL; each hit marks its entry for the switch's idle sweep. PSA writes
      // `psa_idle_timeout = PSA_IdleTimeout_t.NOTIFY_CONTROL` (NO_TIMEOUT: none) (docs/psa.md).
      const on =
        p.name === 'idle_timeout'
          ? p.value.kind === 'Const' && p.value.value === true
          : constMember(p.value) === 'NOTIFY_CONTROL';
      if (!on) continue;
      binding.idle = true;
      gen.p4info.tables[index] = { ...(gen.p4info.tables[index] as P4InfoTable), idleTimeout: true };
    } else if (kind !== undefined) {
      gen.unsupported(p.value.span, `the table property ${p.name}`);
    }
  }
  if (gen.arch === 'v1model') attachV1modelDirectRegisters(gen, w, t, p4Name, binding, scope, direct);
  if (direct.length > 0)
    gen.p4info.tables[index] = { ...(gen.p4info.tables[index] as P4InfoTable), directResources: direct };
  return binding;
}

/**
 * `implementation = profile | selector | alpm | atcam`: an ActionProfile or ActionSelector
 * makes the table indirect (p4info names it; entries then point at members or groups); Alpm
 * and Atcam change only how Tofino stores the table.
 */
function attachImplementation(gen: Gen, binding: TableBinding, value: Ir.Expr, scope: Scope, index: number): void {
  const b = value.kind === 'Ref' ? scope.get(value.name) : undefined;
  if (b?.kind !== 'extern' || b.extra === undefined) {
    gen.unsupported(value.span, 'this implementation property (name an ActionProfile, ActionSelector, Alpm or Atcam)');
    return;
  }
  if (b.extra.algorithmic === true) return;
  const t = binding.table;
  const selector = b.extra.selector as { name: string; tables: string[] } | undefined;
  const profile = b.extra.profile as { name: string; tables: string[] } | undefined;
  if (profile === undefined) {
    gen.unsupported(value.span, `the implementation ${b.p4Name}`);
    return;
  }
  const selectorKeys = t.keys.filter((k) => k.matchKind === 'selector');
  if (selector === undefined && selectorKeys.length > 0) {
    gen.unsupported(value.span, 'selector keys on a table whose implementation is not an ActionSelector');
    return;
  }
  const info = gen.p4info.tables[index] as P4InfoTable;
  gen.p4info.tables[index] = {
    ...info,
    implementation: b.p4Name,
    ...(selector === undefined
      ? {}
      : { selectorKeys: selectorKeys.map((k) => ({ name: k.name, width: Math.max(1, widthForInfo(k.expr.type)) })) }),
  };
  if (selector !== undefined) {
    selector.tables.push(binding.p4Name);
    const v1hash = b.extra.v1hash as V1SelectorHash | undefined;
    binding.impl = {
      profile: b.extra.profileJs as string,
      selector: b.js,
      ...(v1hash === undefined ? { hash: b.extra.hash as ExternBinding } : { v1hash }),
    };
  } else {
    profile.tables.push(binding.p4Name);
    binding.impl = { profile: b.js };
  }
}

/**
 * v1model with bf-p4c's <tofino/stateful_alu.p4>: a `register<T>(0)` a DirectRegisterAction
 * runs on has no `registers =` property to name its table; it becomes the direct register of
 * the table whose actions execute that DirectRegisterAction (docs/v1model.md).
 */
function attachV1modelDirectRegisters(
  gen: Gen,
  w: Writer,
  t: Ir.Table,
  p4Name: string,
  binding: TableBinding,
  scope: Scope,
  direct: string[],
): void {
  for (const ac of t.actions) {
    const ab = scope.get(ac.action);
    if (ab?.kind !== 'action') continue;
    forEachCallInStmts(ab.action.body, (call) => {
      const c = call.callee;
      if (c.kind !== 'Method' || c.externName !== 'DirectRegisterAction' || c.object.kind !== 'Ref') return;
      const action = scope.get(c.object.name);
      const reg = action?.kind === 'extern' ? (action.extra?.register as ExternBinding | undefined) : undefined;
      if (reg === undefined || reg.inst.typeName !== 'register' || reg.extra === undefined) return;
      if (reg.extra.handle === binding.handle) return;
      if (reg.extra.handle !== undefined) {
        gen.unsupported(call.span, `the direct register ${reg.p4Name} executed from a second table`);
        return;
      }
      const i = gen.p4info.push('directResources', {
        name: reg.p4Name,
        kind: 'register',
        table: p4Name,
        ...directInfo(reg.extra),
      });
      w.line(`const ${reg.js} = services.directResources[${i}];`);
      reg.extra.handle = binding.handle;
      for (const emit of (reg.extra.pending as (() => void)[] | undefined) ?? []) emit();
      direct.push(reg.p4Name);
    });
  }
}

/**
 * A DirectRegister that no table lists in `registers`, whose DirectRegisterActions run only
 * outside the actions of tables (from the apply block: bf-p4c places such a statement in a
 * keyless table of its own), has the one cell of that table's single entry: handle 0, shared by
 * every execution (docs/tna-externs.md). Run from a table's action, it stays unsupported.
 */
function declareUnattachedDirectRegisters(gen: Gen, w: Writer, c: Ir.Control, scope: Scope): void {
  const tableActions = new Set(c.tables.flatMap((t) => t.actions.map((a) => a.action)));
  const executedInTables = new Set<string>();
  for (const a of c.actions) {
    if (!tableActions.has(a.name)) continue;
    forEachCallInStmts(a.body, (call) => {
      if (call.callee.kind === 'Method' && call.callee.object.kind === 'Ref')
        executedInTables.add(call.callee.object.name);
    });
  }
  for (const l of c.locals) {
    if (l.kind !== 'Instance' || l.typeName !== 'DirectRegister') continue;
    const b = scope.get(l.name);
    if (b?.kind !== 'extern' || b.extra === undefined || b.extra.handle !== undefined) continue;
    const pending = (b.extra.pending as (() => void)[] | undefined) ?? [];
    const actions = c.locals.filter(
      (x) =>
        x.kind === 'Instance' &&
        x.typeName.startsWith('DirectRegisterAction') &&
        x.ctorArgs[0]?.kind === 'Ref' &&
        x.ctorArgs[0].name === l.name,
    );
    if (pending.length === 0 || actions.some((x) => executedInTables.has(x.name))) continue;
    const i = gen.p4info.push('directResources', {
      name: b.p4Name,
      kind: 'register',
      table: '',
      ...directInfo(b.extra),
    });
    w.line(`const ${b.js} = services.directResources[${i}]; // no table lists it: one cell`);
    b.extra.handle = '0';
    for (const emit of pending) emit();
  }
}

const DIRECT_PROPERTIES: ReadonlyMap<string, 'counter' | 'meter' | 'register'> = new Map([
  ['counters', 'counter'],
  ['meters', 'meter'],
  ['psa_direct_counter', 'counter'],
  ['psa_direct_meter', 'meter'],
  ['registers', 'register'],
]);

/** TNA's and v1model's names of the direct externs. */
const DIRECT_EXTERNS: Readonly<Record<'counter' | 'meter' | 'register', readonly string[]>> = {
  counter: ['DirectCounter', 'direct_counter'],
  meter: ['DirectMeter', 'direct_meter'],
  register: ['DirectRegister'],
};

/** The p4info facts a direct extern's declaration recorded (emit-extern-decl.ts). */
function directInfo(extra: Record<string, unknown>): Omit<P4InfoDirectResource, 'id' | 'name' | 'kind' | 'table'> {
  if (typeof extra.counterType === 'string') return { type: extra.counterType as 'PACKETS' };
  if (typeof extra.meterType === 'string') return { type: extra.meterType as 'PACKETS' };
  return (extra.register as Omit<P4InfoDirectResource, 'id' | 'name' | 'kind' | 'table'> | undefined) ?? {};
}

export function actionP4Name(scope: Scope, name: string): string {
  const b = scope.get(name);
  return b?.kind === 'action' ? b.p4Name : name;
}

function emitTableApply(gen: Gen, w: Writer, t: Ir.Table, b: TableBinding, scope: Scope): void {
  const tb = b.js;
  w.sourceComment(t.span);
  w.block(`function ${b.apply}()`, () => {
    const cx = new FnCtx(gen, scope.child(), w, 'control');
    const keys = matchedKeys(t).map((k) => keyInfo(cx, k));
    const member = b.impl === undefined ? undefined : memberOf(cx, t, b.impl);
    cx.flush();
    let lookup: string;
    if (keys.length === 1) lookup = `${tb}.lookup1(${keys[0]?.js})`;
    else {
      keys.forEach((k, i) => {
        w.line(`${tb}.key[${i}] = ${k.js};`);
      });
      lookup = `${tb}.lookup()`;
    }
    w.line(`const e = ${lookup};`);
    w.line('let act;');
    w.line('let params;');
    // An indirect entry runs its member's action (in the table's numbering when the profile is
    // shared with tables listing other actions); a group with no active member is a miss.
    const hit = member === undefined ? 'e' : 'm';
    if (member !== undefined) w.line(`const m = e === undefined ? undefined : ${tb}.fromProfile(${member});`);
    w.block(
      `if (${hit} !== undefined)`,
      () => {
        w.line(`act = ${hit}.actionId;`);
        w.line(`params = ${hit}.params;`);
        w.line(`${b.handle} = e.handle;`);
        const counted = gen.autoCounted.get(b.apply);
        if (counted !== undefined) w.line(`${counted}.count(e.handle, cur.length);`);
        if (b.idle === true) w.line('e.hit = true;');
        w.line(
          `if (tr !== undefined) tr.tableHit(cur.packetId, cur.copyId, ${JSON.stringify(b.p4Name)}, e.handle, ${b.actionList}[act]);`,
        );
      },
      '} else {',
    );
    w.indent();
    w.line(`const d = ${tb}.defaultAction;`);
    w.line('act = d.actionId;');
    w.line('params = d.params;');
    w.line(`${b.handle} = 0;`);
    w.line(
      `if (tr !== undefined) tr.tableMiss(cur.packetId, cur.copyId, ${JSON.stringify(b.p4Name)}, act < 0 ? '' : ${b.actionList}[act]);`,
    );
    w.dedent();
    w.line('}');
    w.line(`${b.act} = act;`);
    w.block('switch (act)', () => {
      t.actions.forEach((ac, i) => {
        const ab = scope.get(ac.action);
        if (ab?.kind !== 'action') {
          gen.unsupported(ac.span, `the action ${ac.action} here`);
          return;
        }
        // Arguments bound in the actions list; out and inout scalars are copied out of the
        // array the action returns (emitAction).
        const outs: Ir.Expr[] = [];
        const bound = ac.args.map((a, j) => {
          const p = ab.action.params[j];
          const scalarOut =
            p !== undefined && (p.direction === 'out' || p.direction === 'inout') && repOf(p.type) !== 'obj';
          if (scalarOut) outs.push(a);
          return scalarOut && p.direction === 'out' ? zeroOf(p.type) : expr(cx, a);
        });
        const cp = ab.action.params.filter((p) => p.direction === 'none');
        const fromPlane = cp.map((p, j) => paramFromEntry(`params[${j}]`, p.type));
        cx.flush();
        w.line(`case ${i}:`);
        w.indent();
        const callJs = `${ab.js}(${[...bound, ...fromPlane].join(', ')})`;
        if (outs.length === 0) w.line(`${callJs};`);
        else {
          w.line(`const r${i} = ${callJs};`);
          for (const [k, lv] of outs.entries()) w.line(storeLine(cx, lv, `r${i}[${k + 1}]`));
        }
        w.line('break;');
        w.dedent();
      });
    });
    w.line(`return ${hit} !== undefined;`);
  });
}

/**
 * The member an indirect entry `e` runs: the profile's member it names, or the member the
 * selector's hash over the `selector` keys (in key order) picks in its group. The hash is
 * computed only for group entries.
 */
function memberOf(cx: FnCtx, t: Ir.Table, impl: NonNullable<TableBinding['impl']>): string {
  const byMember = `${impl.profile}.member(e.ref.id)`;
  const keys = t.keys.filter((k) => k.matchKind === 'selector').map((k) => k.expr);
  if (impl.selector !== undefined && impl.v1hash !== undefined)
    return `e.ref.kind === 'member' ? ${byMember} : ${impl.selector}.select(e.ref.id, ${v1SelectorHashJs(cx, keys, impl.v1hash)})`;
  if (impl.selector === undefined || impl.hash === undefined) return byMember;
  const first = keys[0];
  const hashType = impl.hash.inst.typeArgs[0];
  // Without selector keys every packet hashes the same (empty) list: one member per group.
  const hash =
    first === undefined || hashType === undefined
      ? '0'
      : hashOfList(
          cx,
          { kind: 'List', elements: keys, type: first.type, span: first.span } as Ir.Expr,
          hashType,
          impl.hash.js,
        );
  return `e.ref.kind === 'member' ? ${byMember} : ${impl.selector}.select(e.ref.id, ${hash})`;
}

/** A control-plane value (number ≤ 32 bits, bigint above, unsigned) as the parameter's type. */
export function paramFromEntry(js: string, t: Ir.Type): string {
  if (t.kind === 'bool') return `(${js} !== 0)`;
  const s = scalarOf(t);
  if (s?.signed === true) return s.width > 32 ? `BigInt.asIntN(${s.width}, ${js})` : `toSigned(${js}, ${s.width})`;
  return js;
}

export type { Binding };
