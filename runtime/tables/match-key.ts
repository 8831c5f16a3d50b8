// One key field's match as the control plane writes it (exact value, lpm prefix, ternary
// value/mask, range bounds, optional value) and its normalised form, the (a, b) pair every
// lookup index works with: for exact, lpm, ternary and optional fields `key & b === a`; for
// range fields `a <= key <= b`. Numbers for fields up to 32 bits, bigints above (bits.ts).

import { describeValue, err, ok, type Result } from '../result.js';
import type { KeyField } from './table.js';

/** A field value in the runtime representation: number up to 32 bits, bigint above. */
export type FieldValue = number | bigint;

export type RawFieldMatch =
  | { readonly kind: 'exact'; readonly value: FieldValue }
  | { readonly kind: 'lpm'; readonly value: FieldValue; readonly prefixLength: number }
  | { readonly kind: 'ternary'; readonly value: FieldValue; readonly mask: FieldValue }
  | { readonly kind: 'range'; readonly low: FieldValue; readonly high: FieldValue }
  /** `value` undefined means "don't care". */
  | { readonly kind: 'optional'; readonly value?: FieldValue };

export interface NormalizedField {
  /** exact/lpm/ternary/optional: the value (already masked); range: the low bound. */
  readonly a: FieldValue;
  /** exact/lpm/ternary/optional: the mask; range: the high bound. */
  readonly b: FieldValue;
  /** lpm only: the prefix length (else -1). */
  readonly prefixLength: number;
}

function asBig(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  return undefined;
}

function rep(v: bigint, width: number): FieldValue {
  return width > 32 ? v : Number(v);
}

/** Checks a raw match against its key field and normalises it. */
export function normalizeField(key: KeyField, m: RawFieldMatch): Result<NormalizedField, 'BAD_MATCH_KEY'> {
  const w = key.width;
  const full = (1n << BigInt(w)) - 1n;
  const inWidth = (name: string, v: unknown): bigint | string => {
    const b = asBig(v);
    if (b === undefined || b < 0n || b > full) return `${name} ${describeValue(v)} is not a ${w}-bit unsigned value`;
    return b;
  };
  if (m === null || typeof m !== 'object') return err('BAD_MATCH_KEY', 'the field match is missing');
  // A field accepts its own kind; an exact match is also accepted for lpm (full prefix),
  // ternary (full mask) and optional fields, as P4Runtime clients commonly send it. An optional
  // field also takes a value and mask: it is stored as a ternary field, as bf-p4c compiles
  // optional keys (docs/control-plane.md, "Optional keys").
  const kind = m.kind;
  const maskedOptional = kind === 'ternary' && key.matchKind === 'optional';
  if (kind !== key.matchKind && !(kind === 'exact' && key.matchKind !== 'range') && !maskedOptional) {
    return err('BAD_MATCH_KEY', `a ${describeValue(kind)} match was given for a ${key.matchKind} field`);
  }
  switch (m.kind) {
    case 'exact': {
      const v = inWidth('value', m.value);
      if (typeof v === 'string') return err('BAD_MATCH_KEY', v);
      return ok({ a: rep(v, w), b: rep(full, w), prefixLength: key.matchKind === 'lpm' ? w : -1 });
    }
    case 'lpm': {
      const v = inWidth('value', m.value);
      if (typeof v === 'string') return err('BAD_MATCH_KEY', v);
      const len = m.prefixLength;
      if (!Number.isInteger(len) || len < 0 || len > w)
        return err('BAD_MATCH_KEY', `prefix length ${describeValue(len)} is not in 0..${w}`);
      const mask = full ^ ((1n << BigInt(w - len)) - 1n);
      if ((v & ~mask) !== 0n)
        return err('BAD_MATCH_KEY', `value 0x${v.toString(16)} has bits set beyond its /${len} prefix`);
      return ok({ a: rep(v, w), b: rep(mask, w), prefixLength: len });
    }
    case 'ternary': {
      const v = inWidth('value', m.value);
      if (typeof v === 'string') return err('BAD_MATCH_KEY', v);
      const mask = inWidth('mask', m.mask);
      if (typeof mask === 'string') return err('BAD_MATCH_KEY', mask);
      if ((v & ~mask) !== 0n)
        return err('BAD_MATCH_KEY', `value 0x${v.toString(16)} has bits outside mask 0x${mask.toString(16)}`);
      return ok({ a: rep(v, w), b: rep(mask, w), prefixLength: -1 });
    }
    case 'optional': {
      if (m.value === undefined) return ok({ a: rep(0n, w), b: rep(0n, w), prefixLength: -1 });
      const v = inWidth('value', m.value);
      if (typeof v === 'string') return err('BAD_MATCH_KEY', v);
      return ok({ a: rep(v, w), b: rep(full, w), prefixLength: -1 });
    }
    case 'range': {
      const lo = inWidth('low', m.low);
      if (typeof lo === 'string') return err('BAD_MATCH_KEY', lo);
      const hi = inWidth('high', m.high);
      if (typeof hi === 'string') return err('BAD_MATCH_KEY', hi);
      if (lo > hi) return err('BAD_MATCH_KEY', `range low 0x${lo.toString(16)} is above high 0x${hi.toString(16)}`);
      return ok({ a: rep(lo, w), b: rep(hi, w), prefixLength: -1 });
    }
    default:
      return err('BAD_MATCH_KEY', `unknown match kind ${describeValue((m as { kind: unknown }).kind)}`);
  }
}

/** Whether two normalised fields are the same match. */
export function sameField(x: NormalizedField, y: NormalizedField): boolean {
  return x.a === y.a && x.b === y.b;
}
