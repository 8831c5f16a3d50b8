// Record numbers → 4-byte keys, and the values clients write. Keys are a bijection of the
// 32-bit record number (xor-shift and odd multiplications, each invertible), so every record
// has its own key and the keys still spread over the hash buckets. Values carry the writer's
// client id, a per-client write sequence and the key, so every write is unique and every read
// can be traced to the write that produced it. Clients (client/workload) and the servers'
// preload (kvserver/preload.ts) both take records, keys and values from here, so the value a
// server preloads is by construction the one the clients' checker expects.

import type { Key } from './message.js';

const M1 = 0x7feb352d;
const M2 = 0x846ca68b;

/** Multiplicative inverse of an odd number modulo 2^32 (Newton's iteration). */
function inverseOdd(a: number): number {
  let x = a;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(a, x));
  return x >>> 0;
}
const M1_INV = inverseOdd(M1);
const M2_INV = inverseOdd(M2);

/** The key of a record (records 0 .. 2^32-1 map to distinct keys). */
export function recordKey(record: number): Key {
  let x = record >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, M1);
  x ^= x >>> 15;
  x = Math.imul(x, M2);
  x ^= x >>> 16;
  return x >>> 0;
}

function unxorShift(y: number, s: number): number {
  let x = y;
  for (let i = 0; i < 32 / s + 1; i++) x = y ^ (x >>> s);
  return x >>> 0;
}

/** The record of a key: recordKey's inverse. */
export function keyRecord(key: Key): number {
  let x = unxorShift(key >>> 0, 16);
  x = Math.imul(x, M2_INV);
  x = unxorShift(x >>> 0, 15);
  x = Math.imul(x, M1_INV);
  x = unxorShift(x >>> 0, 16);
  return x >>> 0;
}

/** Smallest value size that holds a write's identity (client id, sequence, key). */
export const MIN_VALUE_BYTES = 16;

/** Writes the value of write `writeSeq` by `clientId` to `key` into `out` (length = value size). */
export function fillValue(out: Uint8Array, clientId: number, writeSeq: number, key: Key): Uint8Array {
  const hi = Math.floor(writeSeq / 0x100000000);
  const lo = writeSeq >>> 0;
  const fields = [clientId >>> 0, hi, lo, key >>> 0];
  for (let f = 0; f < 4; f++) {
    const v = fields[f] as number;
    out[f * 4] = v >>> 24;
    out[f * 4 + 1] = (v >>> 16) & 0xff;
    out[f * 4 + 2] = (v >>> 8) & 0xff;
    out[f * 4 + 3] = v & 0xff;
  }
  // Printable filler, like YCSB's, varying with the write so values differ throughout.
  for (let i = 16; i < out.length; i++) out[i] = 0x21 + ((lo + i * 7 + clientId) % 94);
  return out;
}

export function makeValue(valueBytes: number, clientId: number, writeSeq: number, key: Key): Uint8Array {
  return fillValue(new Uint8Array(valueBytes), clientId, writeSeq, key);
}

function u32At(value: Uint8Array, o: number): number {
  return (
    (((value[o] as number) << 24) |
      ((value[o + 1] as number) << 16) |
      ((value[o + 2] as number) << 8) |
      (value[o + 3] as number)) >>>
    0
  );
}

/**
 * The write sequence number of a value written for `key` (fillValue), or -1 when the bytes are
 * not a value written for `key` (corrupt, or another key's value).
 */
export function valueWriteSeq(value: Uint8Array, key: Key): number {
  if (value.length < MIN_VALUE_BYTES || u32At(value, 12) !== key >>> 0) return -1;
  return u32At(value, 4) * 0x100000000 + u32At(value, 8);
}

/** The writer (client id, or PRELOAD_WRITER) of a value for which valueWriteSeq is not -1. */
export function valueWriter(value: Uint8Array): number {
  return u32At(value, 0);
}

/**
 * The identity of a written value, "clientId:writeSeq", or "?<hex>" when the bytes are not a
 * value written for `key` (corrupt, or another key's value: both must be flagged by a check).
 */
export function valueTag(value: Uint8Array, key: Key): string {
  const seq = valueWriteSeq(value, key);
  if (seq >= 0) return writeTag(valueWriter(value), seq);
  return `?${Buffer.from(value.subarray(0, 16)).toString('hex')}`;
}

export function writeTag(clientId: number, writeSeq: number): string {
  return `${clientId >>> 0}:${writeSeq}`;
}

/**
 * The writer id of preloaded values: no client has it (client ids are small), so a preloaded
 * value's tag, "4294967295:<record>", names the record it was loaded for.
 */
export const PRELOAD_WRITER = 0xffffffff;

/** The initial value of `record`, as a server-side preload stores it and the checker expects it. */
export function fillPreloadValue(out: Uint8Array, record: number): Uint8Array {
  return fillValue(out, PRELOAD_WRITER, record, recordKey(record));
}

/** The tag of `record`'s preloaded value. */
export function preloadTag(record: number): string {
  return writeTag(PRELOAD_WRITER, record);
}
