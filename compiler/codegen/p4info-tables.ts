// The p4info of a table: keys (name, width, match kind), its action list (registering each
// action), size, default action and const entries with their matches in the control plane's
// JSON forms (`5`, `"0x…"`, `{value, mask}`, `{value, prefixLen}`, `{low, high}`, `null`);
// and the table key as generated code computes it.

import type { P4InfoActionCall, P4InfoTable } from '../../contract/p4info.js';
import type { ConstValue } from '../check/const-fold.js';
import type { Type } from '../check/types.js';
import type * as Ir from '../ir/nodes.js';
import type { Gen, Scope } from './context.js';
import { expr, type FnCtx } from './emit-expr.js';
import { repOf, scalarOf } from './emit-types.js';

const MATCH_KINDS = new Set(['exact', 'lpm', 'ternary', 'range', 'optional']);

export function widthForInfo(t: Type): number {
  if (t.kind === 'bool') return 1;
  const s = scalarOf(t);
  // A plain enum (no underlying type) reaches the control plane as 32 bits holding the
  // member's position, as p4c's bmv2 back end represents it (p4c's psa-meter1 takes a
  // PSA_MeterColor_t action parameter).
  if (s === undefined && t.kind === 'enum') return 32;
  return s?.width ?? 0;
}

/** A value as p4info JSON: a number up to 32 bits, "0x…" above (negative values wrapped). */
export function jsonValue(v: bigint, width: number): number | string {
  const u = width > 0 ? BigInt.asUintN(width, v) : v;
  return width > 32 ? `0x${u.toString(16)}` : Number(u);
}

function constBig(v: ConstValue | undefined): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'object' && v.kind === 'member' && v.value !== undefined) return v.value;
  return undefined;
}

/**
 * A constant action argument, through the casts around it: a serializable enum member given
 * for a parameter of its underlying type carries an implicit cast (P4 spec §8.3; UP4's
 * `set_source_iface(…, Slice.DEFAULT)` for a `bit<4>` parameter). Each cast to a bit or int
 * type keeps the value's low bits at that width, as the cast does at run time.
 */
function constantArgument(e: Ir.Expr): bigint | undefined {
  if (e.kind === 'Const') return constBig(e.value);
  if (e.kind !== 'Cast') return undefined;
  const v = constantArgument(e.operand);
  const s = scalarOf(e.type);
  if (v === undefined || s === undefined) return v;
  return s.signed ? BigInt.asIntN(s.width, v) : BigInt.asUintN(s.width, v);
}

/** The keys a table matches on: `selector` keys are not matched, its ActionSelector hashes them. */
export function matchedKeys(t: Ir.Table): Ir.TableKey[] {
  return t.keys.filter((k) => k.matchKind !== 'selector');
}

/**
 * The match kind the runtime uses: an Atcam's partition index is an exact match on the
 * partition (the partitioning only decides where Tofino stores the entries).
 */
export function runtimeMatchKind(k: Ir.TableKey): string {
  return k.matchKind === 'atcam_partition_index' ? 'exact' : k.matchKind;
}

export function keyInfo(cx: FnCtx, k: Ir.TableKey): { js: string; width: number } {
  const t = k.expr.type;
  const width = widthForInfo(t);
  const v = expr(cx, k.expr);
  const s = scalarOf(t);
  let js = v;
  if (t.kind === 'bool') js = `(${v} ? 1 : 0)`;
  else if (s?.signed === true)
    js =
      s.width > 32
        ? `BigInt.asUintN(${s.width}, ${v})`
        : s.width >= 32
          ? `(${v} >>> 0)`
          : `(${v} & ${2 ** s.width - 1})`;
  return { js, width };
}

function actionInfo(gen: Gen, scope: Scope, name: string): { p4Name: string; action: Ir.Action | undefined } {
  const b = scope.get(name);
  const action = b?.kind === 'action' ? b.action : undefined;
  const p4Name = b?.kind === 'action' ? b.p4Name : name;
  if (action !== undefined) {
    const params = action.params
      .filter((p) => p.direction === 'none')
      .map((p) => ({ name: p.name, width: widthForInfo(p.type) }));
    gen.p4info.action(p4Name, params);
  }
  return { p4Name, action };
}

/** The control-plane arguments of an action call (those of directionless parameters), as JSON. */
export function actionCallJson(gen: Gen, scope: Scope, call: Ir.ActionCall): P4InfoActionCall | undefined {
  const { p4Name, action } = actionInfo(gen, scope, call.action);
  if (action === undefined) return undefined;
  const params: (number | string)[] = [];
  action.params.forEach((p, i) => {
    if (p.direction !== 'none') return;
    const a = call.args[i];
    const v = a === undefined ? undefined : constantArgument(a);
    if (v === undefined) {
      gen.unsupported(a?.span ?? call.span, `a non-constant argument for ${p.name} of ${call.action}`);
      params.push(0);
    } else params.push(jsonValue(v, widthForInfo(p.type)));
  });
  return { action: p4Name, params };
}

function matchJson(gen: Gen, ks: Ir.Keyset, kind: string, width: number, span: Ir.TableEntry['span']): unknown {
  const all = (1n << BigInt(width)) - 1n;
  switch (ks.kind) {
    case 'Default':
      if (kind === 'ternary') return { value: 0, mask: 0 };
      if (kind === 'lpm') return { value: 0, prefixLen: 0 };
      if (kind === 'range') return { low: 0, high: jsonValue(all, width) };
      if (kind === 'optional') return null;
      gen.unsupported(span, `a default match on an ${kind} key`);
      return 0;
    case 'Value': {
      const v = constBig(ks.value) ?? 0n;
      if (kind === 'ternary') return { value: jsonValue(v, width), mask: jsonValue(all, width) };
      if (kind === 'lpm') return { value: jsonValue(v, width), prefixLen: width };
      if (kind === 'range') return { low: jsonValue(v, width), high: jsonValue(v, width) };
      return jsonValue(v, width);
    }
    case 'Mask': {
      const v = constBig(ks.value) ?? 0n;
      const m = constBig(ks.mask) ?? 0n;
      if (kind === 'lpm') {
        const bits = BigInt.asUintN(width, m).toString(2).replace(/0+$/, '').length;
        return { value: jsonValue(v & m, width), prefixLen: bits };
      }
      if (kind !== 'ternary') gen.unsupported(span, `a masked match on an ${kind} key`);
      return { value: jsonValue(v & m, width), mask: jsonValue(m, width) };
    }
    case 'Range':
      if (kind !== 'range') gen.unsupported(span, `a range match on an ${kind} key`);
      return { low: jsonValue(constBig(ks.low) ?? 0n, width), high: jsonValue(constBig(ks.high) ?? 0n, width) };
    case 'ValueSet':
      gen.unsupported(span, 'a value set in a table entry');
      return 0;
  }
}

export function tableP4Info(gen: Gen, t: Ir.Table, p4Name: string, scope: Scope): Omit<P4InfoTable, 'id'> {
  const keys = matchedKeys(t).map((k, i) => {
    const kind = runtimeMatchKind(k);
    if (!MATCH_KINDS.has(kind)) gen.unsupported(k.expr.span, `the match kind ${k.matchKind}`);
    if (repOf(k.expr.type) === 'obj') gen.unsupported(k.expr.span, 'a table key that is not a scalar');
    return {
      id: i + 1,
      name: k.name,
      width: Math.max(1, widthForInfo(k.expr.type)),
      matchKind: (MATCH_KINDS.has(kind) ? kind : 'exact') as 'exact',
    };
  });
  const actions = t.actions.map((a) => {
    const { p4Name: name } = actionInfo(gen, scope, a.action);
    return { id: gen.p4info.action(name, []), name };
  });
  const info: { -readonly [K in keyof Omit<P4InfoTable, 'id'>]: Omit<P4InfoTable, 'id'>[K] } = {
    name: p4Name,
    gress: gen.gress,
    keys,
    actions,
    size: t.size === undefined ? (keys.length === 0 ? 1 : 512) : Number(t.size),
  };
  if (t.defaultAction !== undefined) {
    const call = actionCallJson(gen, scope, t.defaultAction);
    if (call !== undefined) info.defaultAction = { ...call, isConst: t.defaultAction.isConst };
  }
  if (t.entries.length > 0 && t.entriesConst) info.constEntries = entriesJson(gen, t, keys, scope);
  return info;
}

type EntryJson = P4InfoActionCall & { match: unknown[]; priority?: number };

export function entriesJson(
  gen: Gen,
  t: Ir.Table,
  keys: readonly { matchKind: string; width: number }[],
  scope: Scope,
): EntryJson[] {
  return t.entries.map((en) => {
    const call = actionCallJson(gen, scope, en.action) ?? { action: en.action.action, params: [] };
    const match = keys.map((k, i) =>
      matchJson(gen, en.keysets[i] ?? { kind: 'Default' }, k.matchKind, k.width, en.span),
    );
    return { ...call, match, ...(en.priority === undefined ? {} : { priority: Number(en.priority) }) };
  });
}

function valueJs(v: unknown): string {
  return typeof v === 'string' ? `${v}n` : String(v);
}

/**
 * Initial (non-const) entries as `table.add` requests in JS: the control plane may change them
 * later, so they are installed by `create` rather than frozen in p4info. Earlier entries get
 * larger priorities when the program gives none, as for const entries.
 */
export function initialEntriesJs(gen: Gen, t: Ir.Table, scope: Scope, hasPriority: boolean): string[] {
  const keys = matchedKeys(t).map((k) => ({
    matchKind: runtimeMatchKind(k),
    width: Math.max(1, widthForInfo(k.expr.type)),
  }));
  const entries = entriesJson(gen, t, keys, scope);
  return entries.map((e, i) => {
    const match = e.match.map((m, j) => {
      const kind = keys[j]?.matchKind ?? 'exact';
      if (m === null) return "{ kind: 'optional' }";
      if (typeof m !== 'object')
        return `{ kind: '${kind === 'optional' ? 'optional' : 'exact'}', value: ${valueJs(m)} }`;
      const o = m as Record<string, unknown>;
      if ('mask' in o) return `{ kind: 'ternary', value: ${valueJs(o.value)}, mask: ${valueJs(o.mask)} }`;
      if ('prefixLen' in o) return `{ kind: 'lpm', value: ${valueJs(o.value)}, prefixLength: ${String(o.prefixLen)} }`;
      return `{ kind: 'range', low: ${valueJs(o.low)}, high: ${valueJs(o.high)} }`;
    });
    const priority = e.priority ?? (hasPriority ? entries.length - i : undefined);
    const params = e.params.map(valueJs).join(', ');
    return `{ match: [${match.join(', ')}], action: ${JSON.stringify(e.action)}, params: [${params}]${priority === undefined ? '' : `, priority: ${priority}`} }`;
  });
}
