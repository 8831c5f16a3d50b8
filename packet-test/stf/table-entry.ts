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

const hex = (x: bigint) => `0x${x.toString(16)}`;

/** `text` as a number, or undefined when it is not one (the control plane then names the bad value). */
function bigOf(text: string): bigint | undefined {
  try {
    return BigInt(text.replaceAll('_', ''));
  } catch {
    return undefined;
  }
}

/**
 * A ternary value with bits outside its mask is stored masked, as Intel's driver (BF-RT)
 * stores it and bmv2 matches it (docs/stf.md, "Table entries"); P4Runtime would refuse it.
 */
function maskedTernary(value: string, mask: string): { value: string; mask: string } {
  const v = bigOf(value);
  const m = bigOf(mask);
  return v === undefined || m === undefined ? { value, mask } : { value: hex(v & m), mask: hex(m) };
}

/**
 * A plain value wider than its key keeps the key's low bits, as the Tofino STF harness takes
 * it: bf-p4c's own rng.stf adds `0xffffffff` on a 24-bit key and is not on bf-p4c's
 * expected-failure list (docs/stf.md, "Key values"). `p4ts ctl` still refuses such a value.
 */
function keyWidthValue(text: string, width: number): string {
  const v = bigOf(text);
  if (v === undefined || v < 0n || v < 1n << BigInt(width)) return text;
  return hex(v & ((1n << BigInt(width)) - 1n));
}

/** An lpm value keeps only its prefix's bits (the driver ignores the others). */
function maskedPrefix(value: string, length: number, width: number): string {
  const v = bigOf(value);
  if (v === undefined || !Number.isInteger(length) || length < 0 || length > width) return value;
  const full = (1n << BigInt(width)) - 1n;
  return hex(v & (full ^ ((1n << BigInt(width - length)) - 1n)));
}

/** One STF key value → the control plane's JSON match for this key's kind. */
function keyMatch(v: StfKeyValue, key: P4InfoTableKey): EntryResult<unknown> {
  const bad = (m: string) => err('STF_ENTRY', `key ${key.name}: ${m}`);
  switch (v.kind) {
    case 'mask':
      if (key.matchKind !== 'ternary' && key.matchKind !== 'optional')
        return bad(`a value&&&mask is for ternary and optional keys, this one is ${key.matchKind}`);
      return ok(maskedTernary(v.value.replaceAll('*', '0'), v.mask));
    case 'prefix':
      if (key.matchKind !== 'lpm') return bad(`a value/length is for lpm keys, this one is ${key.matchKind}`);
      return ok({ value: maskedPrefix(v.value.replaceAll('*', '0'), v.length, key.width), prefixLen: v.length });
    case 'range':
      if (key.matchKind !== 'range') return bad(`a low->high range is for range keys, this one is ${key.matchKind}`);
      return ok({ low: v.low, high: v.high });
    case 'value': {
      const w = v.text.includes('*') ? wildcard(v.text) : undefined;
      if (v.text.includes('*') && w === undefined) return bad(`${v.text}: * digits need a 0x or 0b value`);
      if (w === undefined) {
        const text = keyWidthValue(v.text, key.width);
        if (key.matchKind === 'range') return ok({ low: text, high: text });
        return ok(text);
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
          // All * is don't care; some * digits mask the key as a ternary one, as bf-p4c's STF
          // tests write them (docs/stf.md, "Keys").
          return ok(mask === 0n ? null : w);
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

/**
 * An STF value (with * digits, value&&&mask, or value/LEN over a `fieldWidth`-bit field) as a
 * value and a mask over the whole field.
 */
function valueAndMask(v: StfKeyValue, fieldWidth: number | undefined): { value: bigint; mask: bigint } | undefined {
  try {
    if (v.kind === 'mask') return { value: BigInt(v.value.replaceAll('*', '0')), mask: BigInt(v.mask) };
    if (v.kind === 'prefix') {
      if (fieldWidth === undefined || v.length < 0 || v.length > fieldWidth) return undefined;
      const full = (1n << BigInt(fieldWidth)) - 1n;
      return { value: BigInt(v.value.replaceAll('*', '0')), mask: full ^ ((1n << BigInt(fieldWidth - v.length)) - 1n) };
    }
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
 * (`f:0x1234`), as the Tofino STF tests write them: each slice takes its bits of the value
 * and of the mask. An lpm slice takes the part of the whole field's prefix that falls in it
 * (a `/32` on a 128-bit address is a /32 of its `[127:64]` slice); `/LEN` needs the field's
 * width, `fieldWidth` (undefined: not known).
 */
function sliceMatches(
  k: StfKey,
  keys: readonly P4InfoTableKey[],
  fieldWidth: (key: P4InfoTableKey) => number | undefined,
): EntryResult<Map<string, unknown>> | undefined {
  const slices = keys
    .map((key) => ({ key, m: /^(.*)\[(\d+):(\d+)\]$/.exec(key.name) }))
    .filter((x) => x.m !== null) as { key: P4InfoTableKey; m: RegExpExecArray }[];
  const bases = [...new Set(slices.map((x) => x.m[1] as string))];
  const base = resolveStfName(k.name, bases, 'key field');
  if (!base.ok) return undefined;
  const mine = slices.filter((x) => x.m[1] === base.value);
  const widths = mine.map((x) => fieldWidth(x.key)).filter((w) => w !== undefined);
  const vm = valueAndMask(k.value, widths.length > 0 ? Math.max(...widths) : undefined);
  if (vm === undefined)
    return err('STF_ENTRY', `key ${k.name}: a value, value&&&mask or value/length is needed for a sliced key`);
  const out = new Map<string, unknown>();
  for (const { key, m } of mine) {
    const lo = BigInt(m[3] as string);
    const bits = (1n << BigInt(key.width)) - 1n;
    const mask = (vm.mask >> lo) & bits;
    const value = (vm.value >> lo) & mask;
    const len = key.matchKind === 'lpm' ? prefixLength(mask, key.width) : undefined;
    if (key.matchKind === 'ternary') out.set(key.name, { value: hex(value), mask: hex(mask) });
    else if (len !== undefined) out.set(key.name, { value: hex(value), prefixLen: len });
    else if (mask === bits)
      out.set(key.name, key.matchKind === 'range' ? { low: hex(value), high: hex(value) } : hex(value));
    else if (key.matchKind === 'lpm')
      return err('STF_ENTRY', `key ${key.name}: the mask ${hex(mask)} on this lpm slice is not a prefix`);
    else return err('STF_ENTRY', `key ${key.name}: * digits on a ${key.matchKind} slice`);
  }
  return ok(out);
}

/** The match object (keyed by our key names) for the keys an STF line gives. */
/**
 * A key written `field & MASK` takes the whole field's value in STF (the Tofino driver masks
 * it): an exact value becomes `value & MASK`, a ternary mask `mask & MASK`.
 */
function maskedKey(m: unknown, keyMask: bigint, key: P4InfoTableKey): unknown {
  const big = (x: unknown) => {
    try {
      return typeof x === 'string' || typeof x === 'number' ? BigInt(x) : undefined;
    } catch {
      return undefined;
    }
  };
  const bits = keyMask & ((1n << BigInt(key.width)) - 1n);
  if (key.matchKind === 'exact') {
    const v = big(m);
    return v === undefined ? m : hex(v & bits);
  }
  if (key.matchKind === 'ternary' && (typeof m === 'string' || typeof m === 'number')) {
    const v = big(m);
    return v === undefined ? m : { value: hex(v & bits), mask: hex(bits) };
  }
  if (key.matchKind === 'ternary' && m !== null && typeof m === 'object' && 'mask' in m && 'value' in m) {
    const v = big((m as { value: unknown }).value);
    const k = big((m as { mask: unknown }).mask);
    if (v !== undefined && k !== undefined) return { value: hex(v & k & bits), mask: hex(k & bits) };
  }
  return m;
}

export function stfMatch(
  table: P4InfoTable,
  keys: readonly StfKey[],
  keyMasks?: ReadonlyMap<string, bigint>,
  sliceBaseWidths?: ReadonlyMap<string, bigint>,
): EntryResult<Record<string, unknown>> {
  const given = new Map<string, unknown>();
  const ownName = table.name.slice(table.name.lastIndexOf('.') + 1);
  const fieldWidth = (key: P4InfoTableKey) => {
    const w = sliceBaseWidths?.get(`${ownName}|${key.name}`);
    return w === undefined ? undefined : Number(w);
  };
  for (const k of keys) {
    const key = resolveKey(k.name, table.keys);
    if (!key.ok) {
      const sliced = sliceMatches(k, table.keys, fieldWidth);
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
  for (const key of table.keys) {
    const m = given.has(key.name) ? given.get(key.name) : leftOut(key);
    const keyMask = keyMasks?.get(`${ownName}|${key.name}`);
    match[key.name] = keyMask === undefined ? m : maskedKey(m, keyMask, key);
  }
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
