// Range fields: `low <= key <= high`, inclusive on both ends (P4's `range` match kind). The
// priority table matches ranges directly; `rangeToTernary` gives the prefix expansion a TCAM
// needs for the same range, which resource checks can count and tests use as a second oracle.

import type { FieldValue } from './match-key.js';

/** Whether `key` lies in [low, high]; all three in the representation for their width. */
export function inRange(key: FieldValue, low: FieldValue, high: FieldValue): boolean {
  return key >= low && key <= high;
}

/**
 * The minimal list of (value, mask) ternary pairs whose union is exactly [low, high] for a
 * `width`-bit field (at most 2·width − 2 pairs), as bigints.
 */
export function rangeToTernary(low: bigint, high: bigint, width: number): { value: bigint; mask: bigint }[] {
  const full = (1n << BigInt(width)) - 1n;
  const out: { value: bigint; mask: bigint }[] = [];
  let lo = low;
  while (lo <= high) {
    // The largest aligned block starting at lo that stays within high.
    let size = 1n;
    while ((lo & (size * 2n - 1n)) === 0n && lo + size * 2n - 1n <= high && size * 2n <= full + 1n) size *= 2n;
    out.push({ value: lo, mask: full ^ (size - 1n) });
    lo += size;
  }
  return out;
}
