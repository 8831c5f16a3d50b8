// Control-plane methods on match-action tables: table.add / modify / delete / dump / clear /
// setDefault. Names come from p4info; matches and parameters are JSON values (json-values.ts).
// All checks run before the table changes (tables/ itself refuses bad requests atomically),
// so a refused request changes nothing.

import type { PipelineState } from '../arch/pipeline-state.js';
import type { P4InfoAction, P4InfoTable } from '../p4info.js';
import { err, ok } from '../result.js';
import type { FieldValue } from '../tables/match-key.js';
import type { MatchTable, TableEntry } from '../tables/table.js';
import { formatFieldMatch, formatFieldValue, parseMatch, parseParams } from './json-values.js';
import { type CResult, type Params, requireString, resolveName } from './params.js';
import { entryRefOf } from './profile-methods.js';

interface ResolvedTable {
  readonly table: MatchTable;
  readonly info: P4InfoTable;
}

function resolveTable(s: PipelineState, p: Params): CResult<ResolvedTable> {
  const n = requireString(p, 'table');
  if (!n.ok) return n;
  const name = resolveName(n.value, s.tableByName.keys(), 'table', 'INVALID_TABLE_NAME');
  if (!name.ok) return name;
  return ok({
    table: s.tableByName.get(name.value) as MatchTable,
    info: s.tableInfoByName.get(name.value) as P4InfoTable,
  });
}

function actionInfo(s: PipelineState, name: string): P4InfoAction | undefined {
  return s.p4info.actions.find((a) => a.name === name);
}

/** The action (resolved among the table's actions) and its parameters. */
function resolveCall(s: PipelineState, t: ResolvedTable, p: Params): CResult<{ action: string; params: FieldValue[] }> {
  const a = p.action;
  if (typeof a !== 'string' || a === '')
    return err('BAD_ACTION', `"action" must name one of the actions of ${t.info.name}`);
  const name = resolveName(
    a,
    t.info.actions.map((r) => r.name),
    `action of ${t.info.name}`,
    'BAD_ACTION',
  );
  if (!name.ok) return name;
  const info = actionInfo(s, name.value);
  if (info === undefined) return err('BAD_ACTION', `p4info has no action ${name.value}`);
  const params = parseParams(p.params, info.params);
  if (!params.ok) return err('BAD_ACTION_PARAMS', `${info.name}: ${params.message}`);
  return ok({ action: name.value, params: params.value });
}

function priorityOf(p: Params): CResult<number | undefined> {
  if (p.priority === undefined) return ok(undefined);
  if (typeof p.priority !== 'number' || !Number.isSafeInteger(p.priority))
    return err('BAD_PRIORITY', '"priority" must be an integer');
  return ok(p.priority);
}

/** The entry named by `handle`, or by `match` (+ `priority`). */
function findEntry(t: ResolvedTable, p: Params): CResult<number> {
  if (p.handle !== undefined) {
    const h = p.handle;
    if (typeof h !== 'number' || t.table.get(h) === undefined)
      return err('NO_SUCH_ENTRY', `table ${t.info.name} has no entry with handle ${String(h)}`);
    return ok(h);
  }
  const m = parseMatch(p.match, t.info.keys);
  if (!m.ok) return m;
  const pr = priorityOf(p);
  if (!pr.ok) return pr;
  const found = t.table.find(m.value, pr.value);
  if (!found.ok) return found;
  if (found.value === undefined) return err('NO_SUCH_ENTRY', `table ${t.info.name} has no entry with this match`);
  return ok(found.value);
}

export function tableAdd(s: PipelineState, p: Params): CResult<{ handle: number }> {
  const t = resolveTable(s, p);
  if (!t.ok) return t;
  const m = parseMatch(p.match, t.value.info.keys);
  if (!m.ok) return m;
  const pr = priorityOf(p);
  if (!pr.ok) return pr;
  let priority: { priority?: number; ttl?: number } = pr.value === undefined ? {} : { priority: pr.value };
  if (p.ttl !== undefined) {
    if (typeof p.ttl !== 'number') return err('BAD_ACTION_PARAMS', '"ttl" must be a number of ms');
    priority = { ...priority, ttl: p.ttl };
  }
  // An indirect table's entry names a member or group instead of an action.
  const ref = entryRefOf(p);
  if (!ref.ok) return ref;
  if (ref.value !== undefined || t.value.table.implementation !== undefined) {
    if (p.action !== undefined)
      return err('BAD_REFERENCE', `table ${t.value.info.name}: give "member"/"group" or "action", not both`);
    const r = t.value.table.add({
      match: m.value,
      ...(ref.value === undefined ? {} : { ref: ref.value }),
      ...priority,
    });
    return r.ok ? ok({ handle: r.value }) : r;
  }
  const call = resolveCall(s, t.value, p);
  if (!call.ok) return call;
  const r = t.value.table.add({ match: m.value, action: call.value.action, params: call.value.params, ...priority });
  return r.ok ? ok({ handle: r.value }) : r;
}

export function tableModify(s: PipelineState, p: Params): CResult<{ handle: number }> {
  const t = resolveTable(s, p);
  if (!t.ok) return t;
  const h = findEntry(t.value, p);
  if (!h.ok) return h;
  const ref = entryRefOf(p);
  if (!ref.ok) return ref;
  if (ref.value !== undefined) {
    const r = t.value.table.modifyRef(h.value, ref.value);
    return r.ok ? ok({ handle: h.value }) : r;
  }
  const call = resolveCall(s, t.value, p);
  if (!call.ok) return call;
  const r = t.value.table.modify(h.value, call.value);
  return r.ok ? ok({ handle: h.value }) : r;
}

export function tableDelete(s: PipelineState, p: Params): CResult<{ handle: number }> {
  const t = resolveTable(s, p);
  if (!t.ok) return t;
  const h = findEntry(t.value, p);
  if (!h.ok) return h;
  const r = t.value.table.delete(h.value);
  if (!r.ok) return r;
  for (const d of s.directByTable.get(t.value.info.name) ?? []) d.forget(h.value);
  for (const f of [...s.lpfs, ...s.wreds]) if (f.direct?.table === t.value.info.name) f.forget(h.value);
  return ok({ handle: h.value });
}

export function tableClear(s: PipelineState, p: Params): CResult<{ deleted: number }> {
  const t = resolveTable(s, p);
  if (!t.ok) return t;
  const n = t.value.table.entryCount;
  const r = t.value.table.clear();
  if (!r.ok) return r;
  for (const d of s.directByTable.get(t.value.info.name) ?? []) d.reset();
  for (const f of [...s.lpfs, ...s.wreds]) if (f.direct?.table === t.value.info.name) f.direct.clear();
  return ok({ deleted: n });
}

/** table.setTtl {table, handle | match, ttl}: an idle-timeout entry's time to live in ms (0: never ages). */
export function tableSetTtl(s: PipelineState, p: Params): CResult<{ handle: number }> {
  const t = resolveTable(s, p);
  if (!t.ok) return t;
  const h = findEntry(t.value, p);
  if (!h.ok) return h;
  if (typeof p.ttl !== 'number') return err('BAD_ACTION_PARAMS', '"ttl" must be a number of ms');
  const r = t.value.table.setTtl(h.value, p.ttl);
  return r.ok ? ok({ handle: h.value }) : r;
}

export function tableSetDefault(s: PipelineState, p: Params): CResult<Record<string, never>> {
  const t = resolveTable(s, p);
  if (!t.ok) return t;
  const call = resolveCall(s, t.value, p);
  if (!call.ok) return call;
  const r = t.value.table.setDefault(call.value);
  return r.ok ? ok({}) : r;
}

function formatParams(s: PipelineState, action: string, values: readonly FieldValue[]): Record<string, unknown> {
  const info = actionInfo(s, action);
  const out: Record<string, unknown> = {};
  values.forEach((v, i) => {
    out[info?.params[i]?.name ?? `p${i}`] = formatFieldValue(v);
  });
  return out;
}

function formatEntry(s: PipelineState, t: ResolvedTable, e: TableEntry): Record<string, unknown> {
  const match: Record<string, unknown> = {};
  t.info.keys.forEach((k, i) => {
    const f = e.fields[i];
    if (f !== undefined) match[k.name] = formatFieldMatch(f, k);
  });
  const head = {
    handle: e.handle,
    match,
    ...(t.table.hasPriority ? { priority: e.priority } : {}),
    ...(t.info.idleTimeout === true ? { ttl: e.ttl, idleMs: Math.round(e.idleMs) } : {}),
  };
  if (e.ref !== undefined) return { ...head, [e.ref.kind]: e.ref.id };
  const action = t.info.actions[e.actionId]?.name ?? String(e.actionId);
  return {
    ...head,
    action,
    params: formatParams(s, action, e.params),
    ...(e.isConst ? { const: true } : {}),
  };
}

export function tableDump(s: PipelineState, p: Params): CResult<unknown> {
  const t = resolveTable(s, p);
  if (!t.ok) return t;
  const d = t.value.table.defaultAction;
  const defaultName = d.actionId < 0 ? 'NoAction' : (t.value.info.actions[d.actionId]?.name ?? String(d.actionId));
  return ok({
    table: t.value.info.name,
    entries: t.value.table.dump().map((e) => formatEntry(s, t.value, e)),
    defaultAction: {
      action: defaultName,
      params: formatParams(s, defaultName, d.params),
      ...(d.isConst ? { const: true } : {}),
    },
  });
}
