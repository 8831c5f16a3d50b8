// Tofino 2's 128-bit min/max unit, which generated register-action bodies call for
// min8/max8 (16 byte lanes, a 16-bit lane mask) and min16/max16 (8 lanes of 16 bits, an 8-bit
// mask): the smallest or largest unsigned lane among those enabled, its lane number, and the
// 128-bit value with `postmod` added (wrapping) to that lane (docs/tna-externs.md).

export interface MinMaxResult {
  /** The chosen lane's value before postmod; 0 when no lane is enabled. */
  result: number;
  /** The chosen lane (the lowest-numbered one among equals). */
  index: number;
  /** `value` with postmod applied to the chosen lane. */
  value: bigint;
}

const result: MinMaxResult = { result: 0, index: 0, value: 0n };

/** One min/max over the lanes of `value`; the returned object is reused by the next call. */
export function saluMinMax(
  value: bigint,
  laneBits: 8 | 16,
  mask: number,
  max: boolean,
  postmod: number | undefined,
): MinMaxResult {
  const lanes = 128 / laneBits;
  const laneMask = (1 << laneBits) - 1;
  let bestIndex = -1;
  let best = 0;
  for (let i = 0; i < lanes; i++) {
    if (((mask >>> i) & 1) === 0) continue;
    const lane = Number((value >> BigInt(i * laneBits)) & BigInt(laneMask));
    if (bestIndex < 0 || (max ? lane > best : lane < best)) {
      best = lane;
      bestIndex = i;
    }
  }
  result.result = bestIndex < 0 ? 0 : best;
  result.index = Math.max(bestIndex, 0);
  result.value = value;
  if (bestIndex >= 0 && postmod !== undefined && postmod !== 0) {
    const shift = BigInt(bestIndex * laneBits);
    const updated = BigInt((best + postmod) & laneMask);
    result.value = (value & ~(BigInt(laneMask) << shift)) | (updated << shift);
  }
  return result;
}
