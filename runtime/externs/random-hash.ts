// HashAlgorithm_t.RANDOM (docs/tna.md, "Hash"): Tofino's hash units multiply the input bits by
// a matrix over GF(2), and RANDOM asks the compiler to fill that matrix with random bits once
// (bf-p4c emits `random(...)` for the hash and has a `@random_seed` pragma). The result is a
// fixed function of the data, not a fresh draw per packet. Here the matrix column of input bit
// i is drawn from a seeded integer mixer, so one seed gives one matrix; the runtime seeds each
// Hash from its name.

import type { FieldList } from './field-list.js';

/** The seed of the matrix when the program names none. */
export const RANDOM_HASH_SEED = 0x5eed;

/**
 * The matrix seed of the RANDOM hash named `name` (FNV-1a of the name): each Hash has a matrix
 * of its own, as bf-p4c draws one per hash function, and the same one on every run.
 */
export function randomHashSeedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** 32 well-mixed bits of `x` (a multiply-xorshift integer hash). */
function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Word `word` (32 bits) of the matrix column of input bit `bit`. */
function column(seed: number, bit: number, word: number): number {
  return mix32(mix32(seed ^ 0x9e3779b9) + bit * 4 + word);
}

/** The W-bit (W ≤ 32) hash of `list`: the XOR of the columns of its set bits, low W bits. */
export function randomHashNumber(list: FieldList, width: number, seed: number): number {
  const buf = list.buf;
  const n = list.bitLength;
  let acc = 0;
  for (let i = 0; i < n; i++) if (((buf[i >>> 3] as number) & (0x80 >>> (i & 7))) !== 0) acc ^= column(seed, i, 0);
  return width >= 32 ? acc >>> 0 : (acc & ((1 << width) - 1)) >>> 0;
}

/** The W-bit hash of `list` for any W (as randomHashNumber, 32 bits of the column at a time). */
export function randomHashBig(list: FieldList, width: number, seed: number): bigint {
  const words = Math.ceil(width / 32);
  const buf = list.buf;
  const n = list.bitLength;
  let out = 0n;
  for (let w = words - 1; w >= 0; w--) {
    let acc = 0;
    for (let i = 0; i < n; i++) if (((buf[i >>> 3] as number) & (0x80 >>> (i & 7))) !== 0) acc ^= column(seed, i, w);
    out = (out << 32n) | BigInt(acc >>> 0);
  }
  return BigInt.asUintN(width, out);
}
