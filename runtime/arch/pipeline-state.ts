// Every stateful object of a program, built once from its p4info: tables (with default
// actions and const entries), registers, counters, meters, direct resources and value sets.
// Generated code (through TnaServices) and the control plane share these very objects, by
// position in the p4info arrays and by name respectively. A p4info that does not fit the
// runtime (a const entry the table refuses, a bad register spec) is a coded error.

import { parseFieldMatch, parseFieldValue } from '../control/json-values.js';
import { Counter } from '../externs/counter.js';
import { DirectCounter, DirectRegister } from '../externs/direct-externs.js';
import { DirectMeter } from '../externs/direct-meter.js';
import { createHash, type Hash, type HashAlgorithm } from '../externs/hash.js';
import { DirectCells, Lpf, Wred } from '../externs/lpf-wred.js';
import { Meter } from '../externs/meter.js';
import { randomHashSeedOf } from '../externs/random-hash.js';
import { createRegister, type RegisterArray } from '../externs/register.js';
import { RegisterParam } from '../externs/register-param.js';
import { ValueSet } from '../externs/value-set.js';
import type { P4Info, P4InfoAction, P4InfoHash, P4InfoTable } from '../p4info.js';
import { err, ok, type Result } from '../result.js';
import { ActionProfile, ActionSelector } from '../tables/action-profile.js';
import { createTable } from '../tables/create-table.js';
import type { FieldValue, RawFieldMatch } from '../tables/match-key.js';
import type { ActionSpec, KeyField, MatchTable, TableSpec } from '../tables/table.js';
import { PortMetadataTable } from './port-metadata.js';

/** A direct extern: one cell per entry of its table. */
export type DirectResource = DirectCounter | DirectRegister | DirectMeter;

export interface PipelineState {
  readonly p4info: P4Info;
  readonly tables: readonly MatchTable[];
  readonly registers: readonly RegisterArray[];
  readonly counters: readonly Counter[];
  readonly meters: readonly Meter[];
  readonly directResources: readonly DirectResource[];
  readonly valueSets: readonly ValueSet[];
  /** One per p4info.actionProfiles / actionSelectors entry, same order. */
  readonly actionProfiles: readonly ActionProfile[];
  readonly actionSelectors: readonly ActionSelector[];
  /** One per p4info.lpfs / wreds entry, same order. */
  readonly lpfs: readonly Lpf[];
  readonly wreds: readonly Wred[];
  /** One per p4info.registerParams entry, same order. */
  readonly registerParams: readonly RegisterParam[];
  /** One per p4info.hashes entry, same order (TNA's Hash; the control plane may reconfigure them). */
  readonly hashes: readonly Hash[];
  /** The ingress port metadata table (64 bits per port) the ingress parser reads. */
  readonly portMetadata: PortMetadataTable;
  readonly tableByName: ReadonlyMap<string, MatchTable>;
  readonly tableInfoByName: ReadonlyMap<string, P4InfoTable>;
  readonly registerByName: ReadonlyMap<string, RegisterArray>;
  readonly counterByName: ReadonlyMap<string, Counter>;
  readonly meterByName: ReadonlyMap<string, Meter>;
  readonly directByName: ReadonlyMap<string, DirectResource>;
  readonly valueSetByName: ReadonlyMap<string, ValueSet>;
  readonly actionProfileByName: ReadonlyMap<string, ActionProfile>;
  readonly actionSelectorByName: ReadonlyMap<string, ActionSelector>;
  readonly hashByName: ReadonlyMap<string, Hash>;
  /** Direct resources attached to each table (the control plane forgets their cells on delete). */
  readonly directByTable: ReadonlyMap<string, readonly DirectResource[]>;
}

export type PipelineStateErrorCode = 'BAD_P4INFO';

/** The TableSpec that tables/ builds from a p4info table. */
export function tableSpecOf(
  t: P4InfoTable,
  actions: ReadonlyMap<string, P4InfoAction>,
): Result<TableSpec, 'BAD_P4INFO'> {
  const actionSpecs: ActionSpec[] = [];
  for (const ref of t.actions) {
    const a = actions.get(ref.name);
    if (a === undefined) return err('BAD_P4INFO', `table ${t.name}: no action ${ref.name}`);
    actionSpecs.push({ name: a.name, params: a.params, ...(ref.scope === undefined ? {} : { scope: ref.scope }) });
  }
  const keys: KeyField[] = t.keys.map((k) => ({ name: k.name, width: k.width, matchKind: k.matchKind }));
  const params = (action: string, values: readonly unknown[]): FieldValue[] | string => {
    const a = actions.get(action);
    if (a === undefined) return `no action ${action}`;
    const out: FieldValue[] = [];
    for (let i = 0; i < a.params.length; i++) {
      const r = parseFieldValue(values[i], (a.params[i] as { width: number }).width);
      if (!r.ok) return `${action} parameter ${i}: ${r.message}`;
      out.push(r.value);
    }
    return out;
  };
  let defaultAction: TableSpec['defaultAction'];
  if (t.defaultAction !== undefined) {
    const p = params(t.defaultAction.action, t.defaultAction.params);
    if (typeof p === 'string') return err('BAD_P4INFO', `table ${t.name} default action: ${p}`);
    defaultAction = { action: t.defaultAction.action, params: p, isConst: t.defaultAction.isConst ?? false };
  }
  const constEntries: NonNullable<TableSpec['constEntries']>[number][] = [];
  for (const [i, e] of (t.constEntries ?? []).entries()) {
    const p = params(e.action, e.params);
    if (typeof p === 'string') return err('BAD_P4INFO', `table ${t.name} const entry ${i + 1}: ${p}`);
    const match: RawFieldMatch[] = [];
    for (let j = 0; j < keys.length; j++) {
      const m = parseFieldMatch(e.match[j], keys[j] as KeyField);
      if (!m.ok) return err('BAD_P4INFO', `table ${t.name} const entry ${i + 1}: ${m.message}`);
      match.push(m.value);
    }
    constEntries.push({
      action: e.action,
      params: p,
      match,
      ...(e.priority === undefined ? {} : { priority: e.priority }),
    });
  }
  return ok({
    name: t.name,
    keys,
    actions: actionSpecs,
    size: tableCapacity(t),
    ...(t.idleTimeout === true ? { idleTimeout: true } : {}),
    ...(defaultAction === undefined ? {} : { defaultAction }),
    ...(constEntries.length === 0 ? {} : { constEntries }),
  });
}

/**
 * A table holds at least its `size` entries and at least its const entries: bf-p4c lays out
 * a table with more const entries than its `size` for all of them (its `size` is a minimum),
 * as bf-p4c's static_entry2 (size 1, four entries) expects. docs/tna-semantics.md.
 */
function tableCapacity(t: P4Info['tables'][number]): number {
  return Math.max(t.size, t.constEntries?.length ?? 0);
}

function initialValue(v: number | string | undefined): number | bigint | undefined {
  if (v === undefined || typeof v === 'number') return v;
  const r = parseFieldValue(v, 64);
  return r.ok ? r.value : undefined;
}

export function buildPipelineState(p4info: P4Info): Result<PipelineState, PipelineStateErrorCode> {
  const actions = new Map(p4info.actions.map((a) => [a.name, a]));
  const tables: MatchTable[] = [];
  for (const t of p4info.tables) {
    const spec = tableSpecOf(t, actions);
    if (!spec.ok) return spec;
    const table = createTable(spec.value);
    if (!table.ok) return err('BAD_P4INFO', table.message);
    tables.push(table.value);
  }
  const registers: RegisterArray[] = [];
  for (const r of p4info.registers) {
    const initial = initialValue(r.initial);
    const initialHi = initialValue(r.initialHi);
    const reg = createRegister({
      name: r.name,
      size: r.size,
      width: r.width,
      signed: r.signed,
      paired: r.paired,
      ...(initial === undefined ? {} : { initial }),
      ...(initialHi === undefined ? {} : { initialHi }),
    });
    if (!reg.ok) return err('BAD_P4INFO', reg.message);
    registers.push(reg.value);
  }
  const counters = p4info.counters.map(
    (c) =>
      new Counter({ name: c.name, size: c.size, type: c.type, ...(c.width === undefined ? {} : { width: c.width }) }),
  );
  const meters = p4info.meters.map((m) => new Meter({ name: m.name, size: m.size, type: m.type }));
  const directResources: DirectResource[] = [];
  for (const d of p4info.directResources) {
    if (d.kind === 'counter') directResources.push(new DirectCounter(d.name, d.table, d.type ?? 'PACKETS_AND_BYTES'));
    else if (d.kind === 'register') {
      const w = d.width ?? 32;
      if (w < 1 || w > 32) return err('BAD_P4INFO', `direct register ${d.name}: width ${w} is not in 1..32`);
      directResources.push(
        new DirectRegister(
          d.name,
          d.table,
          w,
          d.signed ?? false,
          Number(initialValue(d.initial) ?? 0),
          d.paired ?? false,
          Number(initialValue(d.initialHi ?? d.initial) ?? 0),
        ),
      );
    } else {
      const owner = p4info.tables.find((t) => t.name === d.table);
      const size = owner === undefined ? 1 : tableCapacity(owner);
      if (d.type === 'PACKETS_AND_BYTES')
        return err('BAD_P4INFO', `direct meter ${d.name}: a meter meters PACKETS or BYTES, not both`);
      const type = d.type === 'BYTES' ? 'BYTES' : 'PACKETS';
      directResources.push(new DirectMeter(d.name, d.table, type, size + 1));
    }
  }
  const valueSets = p4info.valueSets.map(
    (v) =>
      new ValueSet(
        v.name,
        v.size,
        v.fields.map((f) => f.width),
      ),
  );
  const indirect = buildActionProfiles(p4info, tables);
  if (!indirect.ok) return indirect;
  const hashes: Hash[] = [];
  for (const h of p4info.hashes) {
    const made = hashOf(h);
    if (!made.ok) return made;
    hashes.push(made.value);
  }
  const { actionProfiles, actionSelectors } = indirect.value;
  const directByTable = new Map<string, DirectResource[]>();
  for (const d of directResources) directByTable.set(d.table, [...(directByTable.get(d.table) ?? []), d]);
  return ok({
    p4info,
    tables,
    registers,
    counters,
    meters,
    directResources,
    valueSets,
    actionProfiles,
    actionSelectors,
    portMetadata: new PortMetadataTable(),
    lpfs: (p4info.lpfs ?? []).map(
      (l) => new Lpf(l.name, l.size, l.width, l.table === undefined ? undefined : new DirectCells(l.table, l.size)),
    ),
    registerParams: (p4info.registerParams ?? []).map(
      (r) => new RegisterParam(r.name, r.width, initialValue(r.initial) ?? 0),
    ),
    wreds: (p4info.wreds ?? []).map(
      (x) =>
        new Wred(
          x.name,
          x.size,
          x.dropValue,
          x.noDropValue,
          x.table === undefined ? undefined : new DirectCells(x.table, x.size),
        ),
    ),
    tableByName: new Map(tables.map((t) => [t.name, t])),
    tableInfoByName: new Map(p4info.tables.map((t) => [t.name, t])),
    registerByName: new Map(registers.map((r) => [r.name, r])),
    counterByName: new Map(counters.map((c) => [c.name, c])),
    meterByName: new Map(meters.map((m) => [m.name, m])),
    directByName: new Map(directResources.map((d) => [d.name, d])),
    valueSetByName: new Map(valueSets.map((v) => [v.name, v])),
    actionProfileByName: new Map(actionProfiles.map((a) => [a.name, a])),
    actionSelectorByName: new Map(actionSelectors.map((a) => [a.name, a])),
    hashes,
    hashByName: new Map(p4info.hashes.map((h, i) => [h.name, hashes[i] as Hash])),
    directByTable,
  });
}

/**
 * Action profiles and selectors, attached to their tables. A profile's action list is its
 * first table's, followed by the actions only later tables list (p4c's
 * psa-example-dpdk-varbit-bmv2 shares one profile between tables with different actions). A
 * table whose list differs gets a map from the profile's action index to its own, so members
 * (shared between the tables) run the right action, and refuses members whose action it lacks.
 */
function buildActionProfiles(
  p4info: P4Info,
  tables: readonly MatchTable[],
): Result<{ actionProfiles: ActionProfile[]; actionSelectors: ActionSelector[] }, 'BAD_P4INFO'> {
  const tableByName = new Map(tables.map((t) => [t.name, t]));
  const actionsOf = (names: readonly string[], what: string): Result<TableSpec['actions'], 'BAD_P4INFO'> => {
    // A profile no table uses (p4c's action_selector_unused-bmv2) holds no actions: bmv2 loads it.
    if (names.length === 0) return ok([]);
    const users: MatchTable[] = [];
    for (const n of names) {
      const t = tableByName.get(n);
      if (t === undefined) return err('BAD_P4INFO', `${what}: no table ${n}`);
      if (!users.includes(t)) users.push(t);
    }
    const union: TableSpec['actions'][number][] = [];
    for (const t of users) {
      for (const a of t.spec.actions) {
        const same = union.find((u) => u.name === a.name);
        if (same === undefined) union.push(a);
        else if (JSON.stringify(same.params) !== JSON.stringify(a.params))
          return err('BAD_P4INFO', `${what}: action ${a.name} has other parameters in table ${t.name}`);
      }
    }
    for (const t of users) {
      const own = t.spec.actions.map((a) => a.name);
      const identity = own.length === union.length && own.every((n, i) => union[i]?.name === n);
      t.profileActions = identity ? undefined : union.map((u) => own.indexOf(u.name));
    }
    return ok(union);
  };
  const actionProfiles: ActionProfile[] = [];
  const profileByName = new Map<string, ActionProfile>();
  const selectors = p4info.actionSelectors ?? [];
  for (const a of p4info.actionProfiles ?? []) {
    // A profile used only through selectors takes its actions from the selectors' tables.
    const users = [...a.tables, ...selectors.filter((s) => s.profile === a.name).flatMap((s) => s.tables)];
    const actions = actionsOf(users, `action profile ${a.name}`);
    if (!actions.ok) return actions;
    const profile = new ActionProfile(a.name, a.size, actions.value);
    actionProfiles.push(profile);
    profileByName.set(a.name, profile);
  }
  const actionSelectors = selectors.map(
    (s) =>
      new ActionSelector(s.name, profileByName.get(s.profile) as ActionProfile, s.mode, s.maxGroupSize, s.numGroups),
  );
  const implByName = new Map<string, ActionProfile | ActionSelector>([
    ...actionProfiles.map((a) => [a.name, a] as const),
    ...actionSelectors.map((a) => [a.name, a] as const),
  ]);
  for (const t of p4info.tables) {
    if (t.implementation === undefined) continue;
    const table = tableByName.get(t.name) as MatchTable;
    table.implementation = implByName.get(t.implementation);
  }
  return ok({ actionProfiles, actionSelectors });
}

/** A TNA Hash as p4info declares it (its algorithm, CRCPolynomial and field list). */
function hashOf(h: P4InfoHash): Result<Hash, 'BAD_P4INFO'> {
  const p = h.polynomial;
  const made = createHash({
    width: h.width,
    algorithm: h.algorithm as HashAlgorithm,
    // RANDOM: a fixed matrix of its own per Hash (runtime/externs/random-hash.ts).
    ...(h.algorithm === 'RANDOM' ? { randomSeed: randomHashSeedOf(h.name) } : {}),
    ...(p === undefined
      ? {}
      : {
          polynomial: {
            width: p.width,
            coeff: BigInt(p.coeff),
            reversed: p.reversed,
            msb: p.msb,
            extended: p.extended,
            init: BigInt(p.init),
            xor: BigInt(p.xor),
          },
        }),
  });
  if (!made.ok) return err('BAD_P4INFO', `hash ${h.name}: ${made.message}`);
  made.value.fields = h.fields;
  return made;
}
