// Loading and validating p4info.json (its shape is contract/p4info.ts, shared with the
// compiler that writes it): every id unique and of the right kind, every reference resolved,
// so the engine and the control plane can trust what they index by.

import { readFileSync } from 'node:fs';
import {
  type KeyField,
  type MatchKind,
  P4INFO_VERSION,
  type P4Info,
  type P4InfoAction,
  type P4InfoField,
} from '../contract/p4info.js';
import { parseFieldMatch, parseFieldValue } from './control/json-values.js';
import { describeValue, err, ok, type Result } from './result.js';

// The shape, its ids and constants: the contract module, re-exported for the runtime's users.
export * from '../contract/p4info.js';

export type P4InfoErrorCode = 'BAD_P4INFO';

export function loadP4Info(path: string): Result<P4Info, P4InfoErrorCode> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return err('BAD_P4INFO', `cannot read ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return err('BAD_P4INFO', `${path} is not JSON: ${(e as Error).message}`);
  }
  const r = validateP4Info(json);
  return r.ok ? r : err('BAD_P4INFO', `${path}: ${r.message}`);
}

// ---- validation ---------------------------------------------------------------------------

type Obj = Record<string, unknown>;

class Invalid {
  constructor(readonly message: string) {}
}

function fail(path: string, what: string, v: unknown): never {
  throw new Invalid(`${path}: expected ${what}, got ${describeValue(v)}`);
}

function obj(v: unknown, path: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, 'an object', v);
  return v as Obj;
}

function arr(v: unknown, path: string, optional = false): unknown[] {
  if (v === undefined && optional) return [];
  if (!Array.isArray(v)) fail(path, 'an array', v);
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v === '') fail(path, 'a non-empty string', v);
  return v;
}

function int(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    fail(path, `an integer in ${min}..${max}`, v);
  return v;
}

function oneOf<T extends string>(v: unknown, path: string, values: readonly T[]): T {
  if (!values.includes(v as T)) fail(path, `one of ${values.join(', ')}`, v);
  return v as T;
}

function fields(v: unknown, path: string): void {
  arr(v, path).forEach((f, i) => {
    const o = obj(f, `${path}[${i}]`);
    str(o.name, `${path}[${i}].name`);
    int(o.width, `${path}[${i}].width`, 1, 4096);
  });
}

const MATCH_KINDS: readonly MatchKind[] = ['exact', 'lpm', 'ternary', 'range', 'optional'];
const UINT32 = 0xffffffff;

/**
 * Checks a parsed p4info.json: shapes, widths, unique names and ids, that every action a
 * table names exists, and that default actions and const entries fit their table. The
 * message names the first problem by its path (`tables[2].keys[0].width: expected …`).
 */
export function validateP4Info(json: unknown): Result<P4Info, P4InfoErrorCode> {
  try {
    check(json);
    return ok(json as P4Info);
  } catch (e) {
    if (e instanceof Invalid) return err('BAD_P4INFO', e.message);
    throw e;
  }
}

function unique(items: readonly unknown[], path: string, key: 'name' | 'id'): void {
  const seen = new Set<unknown>();
  items.forEach((it, i) => {
    const v = (it as Obj)[key];
    if (seen.has(v)) throw new Invalid(`${path}[${i}].${key}: ${describeValue(v)} is used twice`);
    seen.add(v);
  });
}

function check(json: unknown): void {
  const p = obj(json, 'p4info');
  if (p.version !== P4INFO_VERSION) fail('version', `${P4INFO_VERSION}`, p.version);
  str(p.program, 'program');
  oneOf(p.arch, 'arch', ['tna', 'v1model', 'psa'] as const);
  const ports = obj(p.ports, 'ports');
  // Tofino and bmv2 ports are 9 bits; PSA's port ids are 32 bits (PSA_PORT_RECIRCULATE 0xfffffffa).
  const maxPort = p.arch === 'psa' ? 0xffffffff : 511;
  for (const [i, x] of arr(ports.recirculation, 'ports.recirculation').entries())
    int(x, `ports.recirculation[${i}]`, 0, maxPort);
  int(ports.cpu, 'ports.cpu', 0, maxPort);
  for (const [i, x] of arr(p.errors, 'errors').entries()) str(x, `errors[${i}]`);

  const actions = arr(p.actions, 'actions');
  actions.forEach((a, i) => {
    const o = obj(a, `actions[${i}]`);
    int(o.id, `actions[${i}].id`, 0, UINT32);
    str(o.name, `actions[${i}].name`);
    fields(o.params, `actions[${i}].params`);
  });
  unique(actions, 'actions', 'name');
  unique(actions, 'actions', 'id');
  const actionByName = new Map(actions.map((a) => [(a as Obj).name as string, a as P4InfoAction]));

  const tables = arr(p.tables, 'tables');
  for (const [i, t] of tables.entries()) checkTable(obj(t, `tables[${i}]`), `tables[${i}]`, actionByName);
  unique(tables, 'tables', 'name');
  unique(tables, 'tables', 'id');

  const registers = arr(p.registers, 'registers');
  registers.forEach((r, i) => {
    const o = obj(r, `registers[${i}]`);
    const at = `registers[${i}]`;
    int(o.id, `${at}.id`, 0, UINT32);
    str(o.name, `${at}.name`);
    const w = int(o.width, `${at}.width`, 1, 4096);
    if (typeof o.signed !== 'boolean') fail(`${at}.signed`, 'a boolean', o.signed);
    if (typeof o.paired !== 'boolean') fail(`${at}.paired`, 'a boolean', o.paired);
    int(o.size, `${at}.size`, 1, 1 << 26);
    for (const k of ['initial', 'initialHi'] as const) {
      if (o[k] === undefined) continue;
      const v = parseFieldValue(o[k], 64);
      const signedOk = typeof o[k] === 'number' && Number.isSafeInteger(o[k]);
      if (!v.ok && !signedOk) fail(`${at}.${k}`, `a ${w}-bit value`, o[k]);
    }
  });
  unique(registers, 'registers', 'name');

  const counters = arr(p.counters, 'counters');
  counters.forEach((c, i) => {
    const o = obj(c, `counters[${i}]`);
    int(o.id, `counters[${i}].id`, 0, UINT32);
    str(o.name, `counters[${i}].name`);
    oneOf(o.type, `counters[${i}].type`, ['PACKETS', 'BYTES', 'PACKETS_AND_BYTES'] as const);
    int(o.size, `counters[${i}].size`, 1, 1 << 26);
  });
  unique(counters, 'counters', 'name');
  const meters = arr(p.meters, 'meters');
  meters.forEach((m, i) => {
    const o = obj(m, `meters[${i}]`);
    int(o.id, `meters[${i}].id`, 0, UINT32);
    str(o.name, `meters[${i}].name`);
    oneOf(o.type, `meters[${i}].type`, ['PACKETS', 'BYTES'] as const);
    int(o.size, `meters[${i}].size`, 1, 1 << 26);
  });
  unique(meters, 'meters', 'name');
  const tableNames = new Set(tables.map((t) => (t as Obj).name));
  arr(p.directResources, 'directResources').forEach((d, i) => {
    const o = obj(d, `directResources[${i}]`);
    str(o.name, `directResources[${i}].name`);
    oneOf(o.kind, `directResources[${i}].kind`, ['counter', 'meter', 'register'] as const);
    if (!tableNames.has(o.table)) fail(`directResources[${i}].table`, 'the name of a table', o.table);
  });

  const digests = arr(p.digests, 'digests');
  digests.forEach((d, i) => {
    const o = obj(d, `digests[${i}]`);
    int(o.id, `digests[${i}].id`, 0, UINT32);
    str(o.name, `digests[${i}].name`);
    int(o.digestType, `digests[${i}].digestType`, 0, 7);
    fields(o.fields, `digests[${i}].fields`);
  });
  unique(digests, 'digests', 'name');
  arr(p.mirrors, 'mirrors').forEach((m, i) => {
    const o = obj(m, `mirrors[${i}]`);
    str(o.name, `mirrors[${i}].name`);
    oneOf(o.gress, `mirrors[${i}].gress`, ['ingress', 'egress'] as const);
    if (o.mirrorType !== undefined) int(o.mirrorType, `mirrors[${i}].mirrorType`, 0, 15);
    if (o.header !== undefined) fields(obj(o.header, `mirrors[${i}].header`).fields, `mirrors[${i}].header.fields`);
  });
  arr(p.resubmits, 'resubmits').forEach((m, i) => {
    const o = obj(m, `resubmits[${i}]`);
    str(o.name, `resubmits[${i}].name`);
    if (o.resubmitType !== undefined) int(o.resubmitType, `resubmits[${i}].resubmitType`, 0, 7);
  });
  arr(p.hashes, 'hashes').forEach((h, i) => {
    const o = obj(h, `hashes[${i}]`);
    str(o.name, `hashes[${i}].name`);
    int(o.width, `hashes[${i}].width`, 1, 64);
    if (o.fields !== undefined)
      arr(o.fields, `hashes[${i}].fields`).forEach((f, j) => {
        const x = obj(f, `hashes[${i}].fields[${j}]`);
        str(x.name, `hashes[${i}].fields[${j}].name`);
        int(x.width, `hashes[${i}].fields[${j}].width`, 1, 1 << 16);
      });
  });
  const vs = arr(p.valueSets, 'valueSets');
  vs.forEach((v, i) => {
    const o = obj(v, `valueSets[${i}]`);
    str(o.name, `valueSets[${i}].name`);
    int(o.size, `valueSets[${i}].size`, 1, 1 << 20);
    fields(o.fields, `valueSets[${i}].fields`);
  });
  unique(vs, 'valueSets', 'name');

  const profiles = arr(p.actionProfiles, 'actionProfiles', true);
  profiles.forEach((a, i) => {
    const o = obj(a, `actionProfiles[${i}]`);
    str(o.name, `actionProfiles[${i}].name`);
    int(o.size, `actionProfiles[${i}].size`, 1, 1 << 26);
    for (const [j, t] of arr(o.tables, `actionProfiles[${i}].tables`).entries())
      if (!tableNames.has(t)) fail(`actionProfiles[${i}].tables[${j}]`, 'the name of a table', t);
  });
  const profileNames = new Set(profiles.map((a) => (a as Obj).name));
  const selectors = arr(p.actionSelectors, 'actionSelectors', true);
  selectors.forEach((a, i) => {
    const o = obj(a, `actionSelectors[${i}]`);
    const at = `actionSelectors[${i}]`;
    str(o.name, `${at}.name`);
    if (!profileNames.has(o.profile)) fail(`${at}.profile`, 'the name of an action profile', o.profile);
    oneOf(o.mode, `${at}.mode`, ['FAIR', 'RESILIENT'] as const);
    int(o.maxGroupSize, `${at}.maxGroupSize`, 1, 1 << 20);
    int(o.numGroups, `${at}.numGroups`, 1, 1 << 20);
    for (const [j, t] of arr(o.tables, `${at}.tables`).entries())
      if (!tableNames.has(t)) fail(`${at}.tables[${j}]`, 'the name of a table', t);
  });
  unique([...profiles, ...selectors], 'actionProfiles/actionSelectors', 'name');
  const implementations = new Set([...profileNames, ...selectors.map((a) => (a as Obj).name)]);
  tables.forEach((t, i) => {
    const impl = (t as Obj).implementation;
    if (impl !== undefined && !implementations.has(impl))
      fail(`tables[${i}].implementation`, 'the name of an action profile or selector', impl);
  });
}

function checkTable(o: Obj, at: string, actionByName: Map<string, P4InfoAction>): void {
  int(o.id, `${at}.id`, 0, UINT32);
  str(o.name, `${at}.name`);
  oneOf(o.gress, `${at}.gress`, ['ingress', 'egress'] as const);
  const keys = arr(o.keys, `${at}.keys`);
  let lpm = 0;
  keys.forEach((k, i) => {
    const ko = obj(k, `${at}.keys[${i}]`);
    str(ko.name, `${at}.keys[${i}].name`);
    int(ko.width, `${at}.keys[${i}].width`, 1, 4096);
    if (oneOf(ko.matchKind, `${at}.keys[${i}].matchKind`, MATCH_KINDS) === 'lpm') lpm++;
  });
  if (lpm > 1) throw new Invalid(`${at}.keys: at most one lpm field, found ${lpm}`);
  const refs = arr(o.actions, `${at}.actions`);
  if (refs.length === 0) throw new Invalid(`${at}.actions: a table needs at least one action`);
  refs.forEach((r, i) => {
    const ro = obj(r, `${at}.actions[${i}]`);
    const name = str(ro.name, `${at}.actions[${i}].name`);
    if (!actionByName.has(name)) throw new Invalid(`${at}.actions[${i}].name: no action ${name} in actions`);
    if (ro.scope !== undefined)
      oneOf(ro.scope, `${at}.actions[${i}].scope`, ['TABLE_AND_DEFAULT', 'TABLE_ONLY', 'DEFAULT_ONLY'] as const);
  });
  int(o.size, `${at}.size`, 0, 1 << 26);
  const refNames = new Set(refs.map((r) => (r as Obj).name));
  const checkCall = (c: unknown, path: string) => {
    const co = obj(c, path);
    const name = str(co.action, `${path}.action`);
    const a = actionByName.get(name);
    if (a === undefined || !refNames.has(name))
      throw new Invalid(`${path}.action: ${name} is not an action of the table`);
    const ps = arr(co.params, `${path}.params`);
    if (ps.length !== a.params.length)
      throw new Invalid(`${path}.params: ${name} takes ${a.params.length} parameters, got ${ps.length}`);
    ps.forEach((v, i) => {
      const r = parseFieldValue(v, (a.params[i] as P4InfoField).width);
      if (!r.ok) throw new Invalid(`${path}.params[${i}]: ${r.message}`);
    });
  };
  if (o.defaultAction !== undefined) checkCall(o.defaultAction, `${at}.defaultAction`);
  arr(o.constEntries, `${at}.constEntries`, true).forEach((e, i) => {
    const path = `${at}.constEntries[${i}]`;
    checkCall(e, path);
    const m = arr((e as Obj).match, `${path}.match`);
    if (m.length !== keys.length) throw new Invalid(`${path}.match: ${keys.length} fields expected, got ${m.length}`);
    m.forEach((v, j) => {
      const r = parseFieldMatch(v, keys[j] as KeyField);
      if (!r.ok) throw new Invalid(`${path}.match[${j}]: ${r.message}`);
    });
  });
}
