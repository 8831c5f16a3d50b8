// STF table commands → control-plane requests (`table.add`, `table.delete`, `table.setDefault`),
// so an STF `add` passes the same validation as `p4ts ctl table add`. What is STF-specific
// lives here: names matched exactly or by a unique suffix (bmv2's `$valid$` and `a$0` forms
// too), key values written with `*` nibbles, `&&&`, `/len` or `lo->hi`, keys left out
// (don't care), and STF priorities (0 allowed, a larger number wins) → ours (≥ 1, larger wins).

import type { P4InfoTable, P4InfoTableKey } from '../../runtime/p4info.js';
import { describeValue, err, ok, type Result } from '../../runtime/result.js';
import type { StfActionCall, StfKey, StfKeyValue } from './commands.js';

export type EntryResult<T> = Result<T, 'STF_ENTRY'>;

/** `name` among `names`: exactly, else the one ending in `.name`, else the one ending in `name`. */
export function resolveStfName(name: string, names: readonly string[], what: string): EntryResult<string> {
  if (names.includes(name)) return ok(name);
  for (const suffix of [`.${name}`, name]) {
    const hits = names.filter((n) => n.endsWith(suffix));
    if (hits.length === 1) return ok(hits[0] as string);
    if (hits.length > 1) return err('STF_ENTRY', `${what} ${name} is ambiguous: ${hits.join(', ')}`);
  }
  const known = names.length > 0 ? ` (known: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''})` : '';
  return err('STF_ENTRY', `no ${what} ${describeValue(name)}${known}`);
}

/** bmv2 spellings → ours: `a$0.b` → `a[0].b`; `h.$valid$` / `h.valid` → `h.isValid()`. */
function normalizeKeyName(name: string): string {
  let n = name.replace(/\$(\d+)/g, '[$1]');
  n = n.replace(/\.?\$valid\$$/, '.isValid()').replace(/\.valid$/, '.isValid()');
  return n.startsWith('.') ? n.slice(1) : n;
}

function resolveKey(name: string, keys: readonly P4InfoTableKey[]): EntryResult<P4InfoTableKey> {
  const names = keys.map((k) => k.name);
  let r = resolveStfName(name, names, 'key field');
  if (!r.ok) {
    const alt = normalizeKeyName(name);
    if (alt !== name) {
      const r2 = resolveStfName(alt, names, 'key field');
      if (r2.ok) r = r2;
    }
  }
  if (!r.ok) return r;
  return ok(keys.find((k) => k.name === r.value) as P4InfoTableKey);
}

const ALL_ONES = (w: number) => `0x${((1n << BigInt(w)) - 1n).toString(16)}`;

/** A value with `*` digits → value and mask; bits above the digits written are don't care (as p4c's STF runner). */
function wildcard(text: string): { value: string; mask: string } | undefined {
  const m = /^0([xXbB])([0-9a-fA-F*_]+)$/.exec(text);
  if (m === null) return undefined;
  const hex = (m[1] as string).toLowerCase() === 'x';
  const digits = (m[2] as string).replaceAll('_', '');
  const bits = hex ? 4 : 1;
  let value = 0n;
  let mask = 0n;
  for (const d of digits) {
    value <<= BigInt(bits);
    mask <<= BigInt(bits);
    if (d === '*') continue;
    value |= BigInt(Number.parseInt(d, 16));
    mask |= (1n << BigInt(bits)) - 1n;
  }
  return { value: `0x${value.toString(16)}`, mask: `0x${mask.toString(16)}` };
}

/** A ternary mask that is a prefix mask of a `width`-bit field → its length. */
function prefixLength(mask: bigint, width: number): number | undefined {
  for (let len = 0; len <= width; len++) {
    const m = len === 0 ? 0n : ((1n << BigInt(len)) - 1n) << BigInt(width - len);
    if (m === mask) return len;
  }
  return undefined;
}

/** One STF key value → the control plane's JSON match for this key's kind. */
function keyMatch(v: StfKeyValue, key: P4InfoTableKey): EntryResult<unknown> {
  const bad = (m: string) => err('STF_ENTRY', `key ${key.name}: ${m}`);
  switch (v.kind) {
    case 'mask':
      if (key.matchKind !== 'ternary') return bad(`a value&&&mask is for ternary keys, this one is ${key.matchKind}`);
      return ok({ value: v.value.replaceAll('*', '0'), mask: v.mask });
    case 'prefix':
      if (key.matchKind !== 'lpm') return bad(`a value/length is for lpm keys, this one is ${key.matchKind}`);
      return ok({ value: v.value.replaceAll('*', '0'), prefixLen: v.length });
    case 'range':
      if (key.matchKind !== 'range') return bad(`a low->high range is for range keys, this one is ${key.matchKind}`);
      return ok({ low: v.low, high: v.high });
    case 'value': {
      const w = v.text.includes('*') ? wildcard(v.text) : undefined;
      if (v.text.includes('*') && w === undefined) return bad(`${v.text}: * digits need a 0x or 0b value`);
      if (w === undefined) {
        if (key.matchKind === 'range') return ok({ low: v.text, high: v.text });
        return ok(v.text);
      }
      const mask = BigInt(w.mask);
      switch (key.matchKind) {
        case 'ternary':
          return ok(w);
        case 'lpm': {
          const len = prefixLength(mask, key.width);
          if (len === undefined) return bad(`${v.text} is not a prefix (its * digits must be the last ones)`);
          return ok({ value: w.value, prefixLen: len });
        }
        case 'optional':
          if (mask === 0n) return ok(null);
          return bad(`${v.text}: an optional key is a whole value or all *`);
        case 'range':
          if (mask === 0n) return ok({ low: 0, high: ALL_ONES(key.width) });
          return bad(`${v.text}: a range key is a value, low->high, or all *`);
        default:
          return bad(`${v.text}: * digits are for ternary, lpm and optional keys, this one is exact`);
      }
    }
  }
}

/** A key the STF line leaves out: don't care where the kind allows it, 0 for exact (as p4c's runner). */
function leftOut(key: P4InfoTableKey): unknown {
  switch (key.matchKind) {
    case 'ternary':
      return { value: 0, mask: 0 };
    case 'lpm':
      return { value: 0, prefixLen: 0 };
    case 'range':
      return { low: 0, high: ALL_ONES(key.width) };
    case 'optional':
      return null;
    default:
      return 0;
  }
}

export function resolveTable(name: string, tables: readonly P4InfoTable[]): EntryResult<P4InfoTable> {
  const r = resolveStfName(
    name,
    tables.map((t) => t.name),
    'table',
  );
  return r.ok ? ok(tables.find((t) => t.name === r.value) as P4InfoTable) : r;
}

/** An STF value (with * digits, or value&&&mask) as a value and a mask over the field. */
function valueAndMask(v: StfKeyValue): { value: bigint; mask: bigint } | undefined {
  try {
    if (v.kind === 'mask') return { value: BigInt(v.value.replaceAll('*', '0')), mask: BigInt(v.mask) };
    if (v.kind !== 'value') return undefined;
    const w = v.text.includes('*') ? wildcard(v.text) : undefined;
    if (w !== undefined) return { value: BigInt(w.value), mask: BigInt(w.mask) };
    return { value: BigInt(v.text.replaceAll('_', '')), mask: -1n };
  } catch {
    return undefined;
  }
}

/**
 * Keys on slices of one field (`hdr.f[15:8]`, `hdr.f[7:0]`) given as the whole field's value
 * (`f:0x1234`), as the Tofino STF tests write them: each slice takes its bits of the value.
 */
function sliceMatches(k: StfKey, keys: readonly P4InfoTableKey[]): EntryResult<Map<string, unknown>> | undefined {
  const slices = keys
    .map((key) => ({ key, m: /^(.*)\[(\d+):(\d+)\]$/.exec(key.name) }))
    .filter((x) => x.m !== null) as { key: P4InfoTableKey; m: RegExpExecArray }[];
  const bases = [...new Set(slices.map((x) => x.m[1] as string))];
  const base = resolveStfName(k.name, bases, 'key field');
  if (!base.ok) return undefined;
  const vm = valueAndMask(k.value);
  if (vm === undefined) return err('STF_ENTRY', `key ${k.name}: a value or value&&&mask is needed for a sliced key`);
  const out = new Map<string, unknown>();
  for (const { key, m } of slices) {
    if (m[1] !== base.value) continue;
    const lo = BigInt(m[3] as string);
    const bits = (1n << BigInt(key.width)) - 1n;
    const value = (vm.value >> lo) & bits;
    const mask = (vm.mask >> lo) & bits;
    const hex = (x: bigint) => `0x${x.toString(16)}`;
    if (key.matchKind === 'ternary') out.set(key.name, { value: hex(value), mask: hex(mask) });
    else if (mask === bits)
      out.set(key.name, key.matchKind === 'range' ? { low: hex(value), high: hex(value) } : hex(value));
    else return err('STF_ENTRY', `key ${key.name}: * digits on a ${key.matchKind} slice`);
  }
  return ok(out);
}

/** The match object (keyed by our key names) for the keys an STF line gives. */
export function stfMatch(table: P4InfoTable, keys: readonly StfKey[]): EntryResult<Record<string, unknown>> {
  const given = new Map<string, unknown>();
  for (const k of keys) {
    const key = resolveKey(k.name, table.keys);
    if (!key.ok) {
      const sliced = sliceMatches(k, table.keys);
      if (sliced === undefined) return err('STF_ENTRY', `table ${table.name}: ${key.message}`);
      if (!sliced.ok) return sliced;
      for (const [name, m] of sliced.value) given.set(name, m);
      continue;
    }
    if (given.has(key.value.name)) return err('STF_ENTRY', `key ${key.value.name} is given twice`);
    const m = keyMatch(k.value, key.value);
    if (!m.ok) return m;
    given.set(key.value.name, m.value);
  }
  const match: Record<string, unknown> = {};
  for (const key of table.keys) match[key.name] = given.has(key.name) ? given.get(key.name) : leftOut(key);
  return ok(match);
}

export function stfAction(
  table: P4InfoTable,
  call: StfActionCall,
): EntryResult<{ action: string; params: Record<string, string> }> {
  const a = resolveStfName(
    call.name,
    table.actions.map((x) => x.name),
    `action of ${table.name}`,
  );
  if (!a.ok) return a;
  const params: Record<string, string> = {};
  for (const arg of call.args) params[arg.name] = arg.value;
  return ok({ action: a.value, params });
}

/** STF priorities start at 0 and a larger one wins; ours start at 1. Tables without priority ignore it. */
export function stfPriority(table: P4InfoTable, priority: number | undefined): number | undefined {
  const needs = table.keys.some(
    (k) => k.matchKind === 'ternary' || k.matchKind === 'range' || k.matchKind === 'optional',
  );
  if (!needs) return undefined;
  return (priority ?? 0) + 1;
}
