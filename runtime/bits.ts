// Bit-vector helpers for generated code: reading and writing header fields at arbitrary bit
// offsets in a frame (big-endian, most significant bit first, as P4 extract/emit do) and
// width-exact arithmetic. Representation (shared with the code generator): a `bit<W>` with
// W ≤ 32 is an unsigned number (0..2^W-1, normalised with `>>> 0`); wider ones are
// non-negative bigints. An `int<W>` value is a plain signed number (or bigint above 32 bits);
// its wire/register form is the unsigned pattern, converted with toSigned/toUnsigned.

/** MASKS[w] = 2^w - 1 as a non-negative number, for w in 0..32. */
export const MASKS: readonly number[] = Array.from({ length: 33 }, (_, w) => 2 ** w - 1);

/** Keeps the low `width` bits (1..32) of `v`, as an unsigned number. */
export function truncate(v: number, width: number): number {
  return (v & (MASKS[width] as number)) >>> 0;
}

/** Keeps the low `width` bits of `v`, as a non-negative bigint. */
export function truncateBig(v: bigint, width: number): bigint {
  return BigInt.asUintN(width, v);
}

/** Reads the unsigned pattern of an `int<width>` (width 1..32) as a signed number. */
export function toSigned(v: number, width: number): number {
  const s = 32 - width;
  return (v << s) >> s;
}

/** The unsigned `width`-bit pattern (1..32) of a signed number (two's complement). */
export function toUnsigned(v: number, width: number): number {
  return (v & (MASKS[width] as number)) >>> 0;
}

export function toSignedBig(v: bigint, width: number): bigint {
  return BigInt.asIntN(width, v);
}

export function toUnsignedBig(v: bigint, width: number): bigint {
  return BigInt.asUintN(width, v);
}

/** Wrapping `bit<width>` addition and subtraction (width 1..32). */
export function addWrap(a: number, b: number, width: number): number {
  return ((a + b) & (MASKS[width] as number)) >>> 0;
}

export function subWrap(a: number, b: number, width: number): number {
  return ((a - b) & (MASKS[width] as number)) >>> 0;
}

/** `|+|` on `bit<width>`: clamps at 2^width - 1. */
export function satAddU(a: number, b: number, width: number): number {
  const s = a + b;
  const max = MASKS[width] as number;
  return Math.min(s, max);
}

/** `|-|` on `bit<width>`: clamps at 0. */
export function satSubU(a: number, b: number, _width: number): number {
  const s = a - b;
  return Math.max(s, 0);
}

/** `|+|` on `int<width>` (signed number operands): clamps to the signed range. */
export function satAddS(a: number, b: number, width: number): number {
  return clampSigned(a + b, width);
}

/** `|-|` on `int<width>` (signed number operands): clamps to the signed range. */
export function satSubS(a: number, b: number, width: number): number {
  return clampSigned(a - b, width);
}

function clampSigned(s: number, width: number): number {
  const max = 2 ** (width - 1) - 1;
  const min = -(2 ** (width - 1));
  return Math.min(Math.max(s, min), max);
}

export function satAddUBig(a: bigint, b: bigint, width: number): bigint {
  const s = a + b;
  const max = (1n << BigInt(width)) - 1n;
  return s > max ? max : s;
}

export function satSubUBig(a: bigint, b: bigint, _width: number): bigint {
  const s = a - b;
  return s < 0n ? 0n : s;
}

export function satAddSBig(a: bigint, b: bigint, width: number): bigint {
  return clampSignedBig(a + b, width);
}

export function satSubSBig(a: bigint, b: bigint, width: number): bigint {
  return clampSignedBig(a - b, width);
}

function clampSignedBig(s: bigint, width: number): bigint {
  const max = (1n << BigInt(width - 1)) - 1n;
  const min = -(1n << BigInt(width - 1));
  return s > max ? max : s < min ? min : s;
}

/** `v[hi:lo]` of a number (hi - lo < 32). */
export function slice(v: number, hi: number, lo: number): number {
  return ((v >>> lo) & (MASKS[hi - lo + 1] as number)) >>> 0;
}

/** `v[hi:lo]` of a bigint, as a bigint. */
export function sliceBig(v: bigint, hi: number, lo: number): bigint {
  return BigInt.asUintN(hi - lo + 1, v >> BigInt(lo));
}

/** `v[hi:lo]` of a bigint when the slice is at most 32 bits wide, as a number. */
export function sliceBigToNumber(v: bigint, hi: number, lo: number): number {
  return Number(BigInt.asUintN(hi - lo + 1, v >> BigInt(lo)));
}

/**
 * Reads `width` (1..32) bits starting `bitOffset` bits into `buf`, most significant first,
 * as an unsigned number. The caller guarantees the field lies inside `buf` (the parser
 * checks the packet length before extracting, as P4's packet_in does).
 */
export function readBits(buf: Uint8Array, bitOffset: number, width: number): number {
  let i = bitOffset >>> 3;
  const b = bitOffset & 7;
  const end = b + width;
  if (end <= 8) return ((buf[i] as number) >>> (8 - end)) & (MASKS[width] as number);
  let v = (buf[i] as number) & (0xff >>> b);
  let got = 8 - b;
  i++;
  while (got + 8 <= width) {
    v = ((v << 8) | (buf[i] as number)) >>> 0;
    got += 8;
    i++;
  }
  const rem = width - got;
  if (rem > 0) v = ((v << rem) | ((buf[i] as number) >>> (8 - rem))) >>> 0;
  return v;
}

/** Writes the low `width` (1..32) bits of `value` at `bitOffset`, leaving other bits alone. */
export function writeBits(buf: Uint8Array, bitOffset: number, width: number, value: number): void {
  let i = bitOffset >>> 3;
  const b = bitOffset & 7;
  const v = value >>> 0;
  // The first byte may be partial on both sides (a narrow field inside one byte).
  const n = Math.min(width, 8 - b);
  const tail = 8 - b - n;
  const m = ((MASKS[n] as number) << tail) & 0xff;
  buf[i] = ((buf[i] as number) & ~m) | (((v >>> (width - n)) << tail) & m);
  let remaining = width - n;
  i++;
  while (remaining >= 8) {
    remaining -= 8;
    buf[i++] = (v >>> remaining) & 0xff;
  }
  if (remaining > 0) {
    const lm = ((MASKS[remaining] as number) << (8 - remaining)) & 0xff;
    buf[i] = ((buf[i] as number) & ~lm) | ((v << (8 - remaining)) & lm);
  }
}

/** Reads `width` (≥ 1) bits at `bitOffset` as a bigint, 32 bits at a time. */
export function readBitsBig(buf: Uint8Array, bitOffset: number, width: number): bigint {
  const head = width % 32 || 32;
  let v = BigInt(readBits(buf, bitOffset, head));
  for (let off = bitOffset + head; off < bitOffset + width; off += 32) {
    v = (v << 32n) | BigInt(readBits(buf, off, 32));
  }
  return v;
}

/** Writes the low `width` (≥ 1) bits of `value` at `bitOffset`, 32 bits at a time. */
export function writeBitsBig(buf: Uint8Array, bitOffset: number, width: number, value: bigint): void {
  let off = bitOffset + width;
  let v = BigInt.asUintN(width, value);
  let left = width;
  while (left > 0) {
    const n = Math.min(left, 32);
    off -= n;
    writeBits(buf, off, n, Number(v & 0xffffffffn));
    v >>= 32n;
    left -= n;
  }
}

/** Whether a field of `width` bits at `bitOffset` lies inside a `byteLength`-byte buffer. */
export function fits(byteLength: number, bitOffset: number, width: number): boolean {
  return bitOffset >= 0 && width >= 0 && bitOffset + width <= byteLength * 8;
}
