// Expected packets against actual ones: hex nibbles with `*` for don't-care, a prefix match
// unless the expectation ends in `$`. The first differing byte is what a report names.

import type { StfExpectedData } from './commands.js';

export interface PacketDifference {
  /** The first byte that differs (or where one packet ends and the other goes on). */
  readonly byte: number;
  readonly why: 'differs' | 'too_short' | 'too_long';
}

/** undefined when `actual` meets the expectation. */
export function comparePacket(expected: StfExpectedData, actual: Uint8Array): PacketDifference | undefined {
  const n = expected.nibbles;
  const hex = Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).toString('hex');
  for (let i = 0; i < n.length; i++) {
    if (i >= hex.length) return { byte: i >> 1, why: 'too_short' };
    const e = n[i] as string;
    if (e !== '*' && e !== hex[i]) return { byte: i >> 1, why: 'differs' };
  }
  if (expected.exact && hex.length > n.length) return { byte: n.length >> 1, why: 'too_long' };
  return undefined;
}

/** The expected byte at `byte` as two characters (`3f`, `*f`, `**`), or `--` past the end. */
export function expectedByte(expected: StfExpectedData, byte: number): string {
  const s = expected.nibbles.slice(byte * 2, byte * 2 + 2);
  return s === '' ? '--' : s.padEnd(2, '*');
}

/** The expected value of bits [bitOffset, bitOffset + width) when none of them is `*`. */
export function expectedBits(expected: StfExpectedData, bitOffset: number, width: number): bigint | undefined {
  const first = bitOffset >> 2;
  const last = (bitOffset + width - 1) >> 2;
  if (last >= expected.nibbles.length) return undefined;
  const digits = expected.nibbles.slice(first, last + 1);
  if (digits.includes('*')) return undefined;
  const v = BigInt(`0x${digits}`);
  const shift = BigInt((last + 1) * 4 - (bitOffset + width));
  return (v >> shift) & ((1n << BigInt(width)) - 1n);
}
