// Register rules of Tofino (docs/tna.md §7): a register's cell is bit<1>, 8, 16, 32 or 64 bits or
// a pair of equal halves; it is reached by one stateful ALU holding at most 4 register
// actions; at most one of them runs per packet pass; and it fits the ALU's RAM in one stage.

import type { DiagnosticSink } from '../../diagnostics/diagnostic.js';
import type { RegisterInfo } from './allocate-stages.js';
import { exprText } from './expr-text.js';
import { TofinoMessages as M } from './messages.js';
import { repeatsStore } from './repeated-executes.js';
import { instanceSize, registerBlocks, registerCell } from './table-resources.js';
import type { TargetModel } from './target-model.js';
import { type ActionEffect, mutuallyExclusive, type RegisterUse, type Unit } from './units.js';

type Use = { unit: Unit; effect: ActionEffect; use: RegisterUse };

/** Checks every register the units reach; returns what the allocator needs of each. */
export function checkRegisters(
  units: readonly Unit[],
  model: TargetModel,
  sink: DiagnosticSink,
): Map<string, RegisterInfo> {
  const infos = new Map<string, RegisterInfo>();
  const byRegister = new Map<string, Use[]>();
  for (const u of units) {
    for (const a of u.actions) {
      for (const use of a.registers) {
        const list = byRegister.get(use.register) ?? [];
        byRegister.set(use.register, list);
        list.push({ unit: u, effect: a, use });
      }
    }
  }
  for (const [name, uses] of byRegister) {
    const first = uses[0] as Use;
    const reg = first.use.registerInstance;
    const cellType = reg.typeArgs[0];
    const cell = registerCell(cellType, model.name === 'tofino2');
    const typeText = cellType === undefined ? '?' : describeType(cellType);
    if (!cell.valid) sink.report(M.registerWidth, reg.span, name, typeText);
    else if (!cell.pair && cell.declared !== undefined && cell.declared !== cell.width)
      sink.report(M.registerWidthRounded, reg.span, name, cell.declared, cell.width);
    const size = instanceSize(reg);
    const blocks = registerBlocks(size, cell);
    if (blocks - 1 > model.maxRegisterBlocks)
      sink.report(M.registerTooLarge, reg.span, name, blocks - 1, model.maxRegisterBlocks);
    const actions = [...new Set(uses.map((x) => x.use.action))];
    if (actions.length > 4) sink.report(M.tooManyRegisterActions, reg.span, name, actions.length);
    infos.set(name, { name, blocks, cellBits: cell.width, pair: cell.pair, size, actions });
    checkOnePerPass(name, uses, units, sink);
  }
  return infos;
}

/** Two uses on one path: in one action of a unit, or in two units that can both run. */
function checkOnePerPass(name: string, uses: readonly Use[], units: readonly Unit[], sink: DiagnosticSink): void {
  for (const u of new Set(uses.map((x) => x.unit))) {
    for (const a of u.actions) {
      const mine = a.registers.filter((r) => r.register === name);
      const second = mine[1];
      if (mine[0] !== undefined && second !== undefined) {
        report(name, mine[0], second, sink);
        return;
      }
    }
  }
  for (let i = 0; i < uses.length; i++) {
    for (let j = i + 1; j < uses.length; j++) {
      const a = uses[i] as Use;
      const b = uses[j] as Use;
      if (a.unit === b.unit || mutuallyExclusive(a.unit, b.unit)) continue;
      if (!mayRunOnPathOf(a, b.unit) || !mayRunOnPathOf(b, a.unit)) continue;
      // The same store again, with the same inputs: one access (repeated-executes.ts).
      if (repeatsStore(a, b, units)) continue;
      report(name, a.use, b.use, sink);
      return;
    }
  }
}

/**
 * Whether the table action behind `x` can have run for a packet that reaches `other`, when
 * `other` sits in a branch on x's table's result: on the miss arm only the default action runs
 * (so no other action when the default is const), and in a `switch (t.apply().action_run)`
 * case only the actions it names (bf-p4c's shared_stateful1 reaches one register from two
 * tables, the second only when the first missed).
 */
function mayRunOnPathOf(x: Use, other: Unit): boolean {
  const o = x.unit.origin;
  if (o.kind !== 'table' || o.resolves === undefined) return true;
  const r = o.resolves;
  const step = other.path.find((s) => s.point === r.point);
  if (step === undefined) return true;
  const same = (action: string) => x.effect.name === action || x.effect.name.endsWith(`.${action}`);
  if (r.kind === 'if') {
    const hitArm = (step.arm === 0) !== r.negate;
    if (hitArm) return true;
    const d = o.table.defaultAction;
    return d === undefined || !d.isConst || same(d.action);
  }
  const c = r.cases[step.arm];
  if (c === undefined || c.labels.includes('default')) return true;
  return c.labels.some((l) => l !== 'default' && l.kind === 'ActionLabel' && same(l.action));
}

function report(name: string, first: RegisterUse, second: RegisterUse, sink: DiagnosticSink): void {
  const d = sink.report(M.registerTwicePerPass, second.span, name, first.action, second.action);
  sink.addRelated(d, first.span, `the first access, '${first.action}', is here`);
}

function describeType(t: NonNullable<RegisterUse['registerInstance']['typeArgs'][number]>): string {
  if (t.kind === 'bit' || t.kind === 'int') return `${t.kind}<${t.width}>`;
  if ('name' in t && typeof t.name === 'string') return t.name;
  return exprText({ kind: 'DontCare', type: t, span: { start: 0, end: 0 } });
}
