// A Hash's run-time field configuration (BF-RT's `<hash>.configure`; docs/tna-externs.md,
// "Dynamic hashing"): which bits of the program's field list the hash reads, and in which
// order. Each field may be cut into slices (bit 0 is the field's least significant bit); slices
// are hashed by ascending `order`, most significant bits first, and order 0 leaves a slice out.

import { describeValue, err, ok, type Result } from '../result.js';

/** One field of the list the program hashes, as the compiler names it (`hdr.ipv4.src_addr`). */
export interface HashField {
  readonly name: string;
  readonly width: number;
}

/** A slice of one field: `length` bits from bit `start` (0 = least significant), at `order`. */
export interface HashSlice {
  readonly field: string;
  readonly start: number;
  readonly length: number;
  readonly order: number;
}

/** A slice as a control plane asks for it: `start` defaults to 0, `length` to the field's end. */
export interface HashSliceRequest {
  readonly field: string;
  readonly start?: number;
  readonly length?: number;
  readonly order: number;
}

export interface HashLayout {
  /** The slices in force, normalised (start and length filled in), in hashing order. */
  readonly slices: readonly HashSlice[];
  /** Where each hashed slice sits in the packed list: bit offset from the most significant end. */
  readonly picks: readonly { readonly from: number; readonly length: number }[];
  /** The packed list's length the picks refer to. */
  readonly declaredBits: number;
}

/** The program's own configuration: every field whole, in the order the list names them. */
export function declaredSlices(fields: readonly HashField[]): HashSlice[] {
  return fields.map((f, i) => ({ field: f.name, start: 0, length: f.width, order: i + 1 }));
}

/**
 * Checks a requested configuration against the field list and builds its layout. A length past
 * the field's end is cut at the end (as the driver does); a start past it, two slices of one
 * field sharing a bit, an unknown field or a negative order are refused. Slices of equal order
 * are hashed in the order of their field in the list, higher bits first.
 */
export function layoutOf(
  fields: readonly HashField[],
  requested: readonly HashSliceRequest[],
): Result<HashLayout, 'BAD_HASH_CONFIG'> {
  const offsets = new Map<string, { from: number; width: number; index: number }>();
  let at = 0;
  fields.forEach((f, index) => {
    offsets.set(f.name, { from: at, width: f.width, index });
    at += f.width;
  });
  const slices: (HashSlice & { index: number })[] = [];
  for (const r of requested) {
    const f = offsets.get(r.field);
    if (f === undefined)
      return err(
        'BAD_HASH_CONFIG',
        `the hash has no field ${describeValue(r.field)} (${fields.map((x) => x.name).join(', ')})`,
      );
    const start = r.start ?? 0;
    if (!Number.isInteger(start) || start < 0 || start >= f.width)
      return err('BAD_HASH_CONFIG', `${r.field}: start bit ${describeValue(r.start)} is not in 0..${f.width - 1}`);
    const asked = r.length ?? f.width - start;
    if (!Number.isInteger(asked) || asked < 1)
      return err('BAD_HASH_CONFIG', `${r.field}: length ${describeValue(r.length)} is not a positive integer`);
    if (!Number.isInteger(r.order) || r.order < 0)
      return err('BAD_HASH_CONFIG', `${r.field}: order ${describeValue(r.order)} is not a non-negative integer`);
    const length = Math.min(asked, f.width - start);
    for (const o of slices) {
      if (o.field === r.field && start < o.start + o.length && o.start < start + length)
        return err(
          'BAD_HASH_CONFIG',
          `${r.field}: bits ${start}..${start + length - 1} overlap bits ${o.start}..${o.start + o.length - 1}`,
        );
    }
    slices.push({ field: r.field, start, length, order: r.order, index: f.index });
  }
  const hashed = slices
    .filter((x) => x.order > 0)
    .sort((a, b) => a.order - b.order || a.index - b.index || b.start - a.start);
  const picks = hashed.map((x) => {
    const f = offsets.get(x.field) as { from: number; width: number };
    return { from: f.from + f.width - x.start - x.length, length: x.length };
  });
  return ok({
    slices: hashed.map(({ field, start, length, order }) => ({ field, start, length, order })),
    picks,
    declaredBits: at,
  });
}
