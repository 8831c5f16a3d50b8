// Request parameter helpers for the control-plane methods: fields of the params object,
// names resolved against p4info (the full P4 name, or an unambiguous last part such as
// "forward" for "Ingress.forward"), and index ranges ("index", "range": [a, b] or "a..b").
// Each returns a coded error naming the problem; none throws.

import { describeValue, err, ok, type Result } from '../result.js';
import type { ControlErrorCode } from './protocol.js';

export type CResult<T> = Result<T, ControlErrorCode>;
export type Params = Readonly<Record<string, unknown>>;

export function asParams(v: unknown): CResult<Params> {
  if (v === undefined) return ok({});
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    return err('INVALID_PARAMS', 'params must be an object with named fields');
  return ok(v as Params);
}

export function requireString(p: Params, key: string): CResult<string> {
  const v = p[key];
  if (typeof v !== 'string' || v === '')
    return err('INVALID_PARAMS', `"${key}" must be a non-empty string, got ${describeValue(v)}`);
  return ok(v);
}

export function requireInt(
  p: Params,
  key: string,
  min: number,
  max: number,
  code: ControlErrorCode = 'INVALID_PARAMS',
): CResult<number> {
  const v = p[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    return err(code, `"${key}" must be an integer in ${min}..${max}, got ${describeValue(v)}`);
  return ok(v);
}

export function optionalInt(p: Params, key: string, min: number, max: number, dflt: number): CResult<number> {
  return p[key] === undefined ? ok(dflt) : requireInt(p, key, min, max);
}

/** Finds `name` among `names`: exactly, or as the unique last dotted part(s). */
export function resolveName(
  name: string,
  names: Iterable<string>,
  what: string,
  code: ControlErrorCode,
): CResult<string> {
  const all = [...names];
  if (all.includes(name)) return ok(name);
  const hits = all.filter((n) => n.endsWith(`.${name}`));
  if (hits.length === 1) return ok(hits[0] as string);
  if (hits.length > 1) return err(code, `${what} name ${name} is ambiguous: ${hits.join(', ')}`);
  return err(
    code,
    `no ${what} named ${describeValue(name)}${all.length > 0 ? ` (known: ${all.slice(0, 20).join(', ')})` : ''}`,
  );
}

/** `index` or `range` ([from, to] inclusive, or "from..to") within 0..size-1; neither = all. */
export function indexRange(p: Params, size: number, maxAll = 65536): CResult<{ from: number; to: number }> {
  if (p.index !== undefined) {
    const i = requireInt(p, 'index', 0, size - 1, 'BAD_INDEX');
    return i.ok ? ok({ from: i.value, to: i.value }) : i;
  }
  if (p.range !== undefined) {
    let a: unknown;
    let b: unknown;
    if (Array.isArray(p.range) && p.range.length === 2) [a, b] = p.range;
    else if (typeof p.range === 'string' && /^\d+\.\.\d+$/.test(p.range)) [a, b] = p.range.split('..').map(Number);
    else return err('BAD_INDEX', `range must be [from, to] or "from..to", got ${describeValue(p.range)}`);
    if (
      !Number.isInteger(a) ||
      !Number.isInteger(b) ||
      (a as number) < 0 ||
      (b as number) >= size ||
      (a as number) > (b as number)
    )
      return err('BAD_INDEX', `range ${describeValue(p.range)} is not within 0..${size - 1}`);
    if ((b as number) - (a as number) + 1 > maxAll)
      return err('TOO_LARGE', `range ${describeValue(p.range)} spans more than ${maxAll} cells: read it in pieces`);
    return ok({ from: a as number, to: b as number });
  }
  if (size > maxAll) return err('BAD_INDEX', `${size} cells: give an index or a range`);
  return ok({ from: 0, to: size - 1 });
}
