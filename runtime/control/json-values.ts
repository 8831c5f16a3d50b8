// Field values and match specs as JSON carries them (control-plane requests, p4info const
// entries): numbers, "0x…"/"0b…"/decimal strings, dotted IPv4 (32-bit fields), colon MAC
// (48-bit fields); matches as a bare value (exact), {value, mask}, {value, prefixLen},
// "a.b.c.d/len", {low, high} or null (optional "don't care"). Parsing never throws.

import { describeValue, err, ok, type Result } from '../result.js';
import type { FieldValue, NormalizedField, RawFieldMatch } from '../tables/match-key.js';
import type { KeyField } from '../tables/table.js';

/** A value for a `width`-bit unsigned field, in the runtime representation (bits.ts). */
export function parseFieldValue(v: unknown, width: number): Result<FieldValue, 'BAD_VALUE'> {
  const b = toBigInt(v, width);
  if (b === undefined) return err('BAD_VALUE', `${describeValue(v)} is not a number, hex string or address`);
  if (b < 0n || b >= 1n << BigInt(width))
    return err('BAD_VALUE', `${describeValue(v)} does not fit ${width} unsigned bits`);
  return ok(width > 32 ? b : Number(b));
}

/** A signed or unsigned integer of any size from JSON (no width check). */
export function parseInteger(v: unknown): bigint | undefined {
  return toBigInt(v, 0);
}

function toBigInt(v: unknown, width: number): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (/^-?(0x[0-9a-f_]+|0b[01_]+|[0-9_]+)$/i.test(s)) {
    const neg = s.startsWith('-');
    const body = (neg ? s.slice(1) : s).replaceAll('_', '');
    if (body === '' || body === '0x' || body === '0b') return undefined;
    const b = BigInt(body);
    return neg ? -b : b;
  }
  if ((width === 32 || width === 0) && /^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    const parts = s.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
  }
  if ((width === 48 || width === 0) && /^[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5}$/i.test(s)) {
    return s.split(':').reduce((acc, p) => (acc << 8n) | BigInt(Number.parseInt(p, 16)), 0n);
  }
  return undefined;
}

/** A JSON value for a field: a number up to 32 bits, a "0x…" string above. */
export function formatFieldValue(v: FieldValue): number | string {
  return typeof v === 'bigint' ? `0x${v.toString(16)}` : v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** One key field's match from JSON, checked against the field's kind and width. */
export function parseFieldMatch(v: unknown, key: KeyField): Result<RawFieldMatch, 'BAD_MATCH_KEY'> {
  const value = (x: unknown, what: string): FieldValue | string => {
    const r = parseFieldValue(x, key.width);
    return r.ok ? r.value : `${what}: ${r.message}`;
  };
  const fail = (m: string) => err('BAD_MATCH_KEY', `key ${key.name}: ${m}`);
  if (v === null || v === undefined) {
    if (key.matchKind === 'optional') return ok({ kind: 'optional' });
    return fail('the match is missing');
  }
  if (typeof v === 'string' && v.includes('/') && key.matchKind === 'lpm') {
    const [addr, len] = v.split('/');
    const a = value(addr, 'value');
    if (typeof a === 'string') return fail(a);
    const n = Number(len);
    if (!Number.isInteger(n)) return fail(`prefix length ${describeValue(len)} is not an integer`);
    return ok({ kind: 'lpm', value: a, prefixLength: n });
  }
  if (!isObject(v)) {
    const a = value(v, 'value');
    if (typeof a === 'string') return fail(a);
    return ok(key.matchKind === 'optional' ? { kind: 'optional', value: a } : { kind: 'exact', value: a });
  }
  if ('low' in v || 'high' in v) {
    const lo = value(v.low, 'low');
    if (typeof lo === 'string') return fail(lo);
    const hi = value(v.high, 'high');
    if (typeof hi === 'string') return fail(hi);
    return ok({ kind: 'range', low: lo, high: hi });
  }
  const a = value(v.value, 'value');
  if (typeof a === 'string') return fail(a);
  if ('mask' in v) {
    const m = value(v.mask, 'mask');
    if (typeof m === 'string') return fail(m);
    return ok({ kind: 'ternary', value: a, mask: m });
  }
  if ('prefixLen' in v) {
    const n = v.prefixLen;
    if (typeof n !== 'number' || !Number.isInteger(n)) return fail(`prefixLen ${describeValue(n)} is not an integer`);
    return ok({ kind: 'lpm', value: a, prefixLength: n });
  }
  return ok(key.matchKind === 'optional' ? { kind: 'optional', value: a } : { kind: 'exact', value: a });
}

/** The match of every key field, given as an array in key order or an object keyed by field name. */
export function parseMatch(v: unknown, keys: readonly KeyField[]): Result<RawFieldMatch[], 'BAD_MATCH_KEY'> {
  let items: unknown[];
  if (Array.isArray(v)) {
    if (v.length !== keys.length)
      return err('BAD_MATCH_KEY', `the table has ${keys.length} key fields, the match gives ${v.length}`);
    items = v;
  } else if (isObject(v)) {
    const unknown = Object.keys(v).filter((k) => !keys.some((f) => f.name === k));
    if (unknown.length > 0)
      return err(
        'BAD_MATCH_KEY',
        `no key field named ${unknown.join(', ')} (fields: ${keys.map((k) => k.name).join(', ')})`,
      );
    items = keys.map((k) => v[k.name]);
  } else if (keys.length === 0 && v === undefined) {
    items = [];
  } else {
    return err('BAD_MATCH_KEY', `match must be an array or an object, got ${describeValue(v)}`);
  }
  const out: RawFieldMatch[] = [];
  for (let i = 0; i < keys.length; i++) {
    const r = parseFieldMatch(items[i], keys[i] as KeyField);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

/** A normalised field back to JSON, in the form its match kind is written in. */
export function formatFieldMatch(f: NormalizedField, key: KeyField): unknown {
  const a = formatFieldValue(f.a);
  const b = formatFieldValue(f.b);
  switch (key.matchKind) {
    case 'exact':
      return a;
    case 'lpm':
      return { value: a, prefixLen: f.prefixLength };
    case 'ternary':
      return { value: a, mask: b };
    case 'range':
      return { low: a, high: b };
    case 'optional': {
      // Don't care, a whole value, or (a masked optional key, as bf-p4c's STF tests write one) both.
      if (f.b === 0 || f.b === 0n) return null;
      const full = (1n << BigInt(key.width)) - 1n;
      return BigInt(f.b) === full ? a : { value: a, mask: b };
    }
  }
}

/** Action parameters given as an array in declaration order or an object keyed by name. */
export function parseParams(
  v: unknown,
  params: readonly { readonly name: string; readonly width: number }[],
): Result<FieldValue[], 'BAD_ACTION_PARAMS'> {
  let items: unknown[];
  if (v === undefined || v === null) items = [];
  else if (Array.isArray(v)) items = v;
  else if (isObject(v)) {
    const unknown = Object.keys(v).filter((k) => !params.some((p) => p.name === k));
    if (unknown.length > 0) return err('BAD_ACTION_PARAMS', `no parameter named ${unknown.join(', ')}`);
    items = params.map((p) => v[p.name]);
  } else return err('BAD_ACTION_PARAMS', `params must be an array or an object, got ${describeValue(v)}`);
  if (items.length !== params.length)
    return err('BAD_ACTION_PARAMS', `the action takes ${params.length} parameters, got ${items.length}`);
  const out: FieldValue[] = [];
  for (let i = 0; i < params.length; i++) {
    const p = params[i] as (typeof params)[number];
    if (items[i] === undefined) return err('BAD_ACTION_PARAMS', `parameter ${p.name} is missing`);
    const r = parseFieldValue(items[i], p.width);
    if (!r.ok) return err('BAD_ACTION_PARAMS', `parameter ${p.name}: ${r.message}`);
    out.push(r.value);
  }
  return ok(out);
}
