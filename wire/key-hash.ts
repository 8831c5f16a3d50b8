// The dictionary hash of a key, shared by the store, the clients and the switch program: the
// low 32 bits of the Redis CRC-64 (CRC-64/Jones, reflected, init 0, no final xor) over the 4
// key bytes in packet (big-endian) order (docs/netmigrate.md "Keys, buckets and groups").
// Bucket = hash masked to size_exp bits; group = bucket >> remain_exp. The CRC runs on 32-bit
// halves with a byte table, so hosts need neither bigint nor the switch's generic CRC engine.

import type { Key } from './message.js';

/** The Jones polynomial 0xad93d23594c935a9, bit-reversed for the reflected algorithm. */
const POLY_HI = 0x95ac9329;
const POLY_LO = 0xac4bc9b5;
const TABLE_HI = new Uint32Array(256);
const TABLE_LO = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let hi = 0;
  let lo = i;
  for (let bit = 0; bit < 8; bit++) {
    const carry = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi >>>= 1;
    if (carry !== 0) {
      hi = (hi ^ POLY_HI) >>> 0;
      lo = (lo ^ POLY_LO) >>> 0;
    }
  }
  TABLE_HI[i] = hi;
  TABLE_LO[i] = lo;
}

/** The running CRC's two halves (one module-level state: hashing is synchronous). */
let crcHi = 0;
let crcLo = 0;

function crcByte(byte: number): void {
  const t = (crcLo ^ byte) & 0xff;
  crcLo = (((crcLo >>> 8) | (crcHi << 24)) ^ (TABLE_LO[t] as number)) >>> 0;
  crcHi = ((crcHi >>> 8) ^ (TABLE_HI[t] as number)) >>> 0;
}

/** The Redis CRC-64 of `bytes` as [high 32 bits, low 32 bits], both unsigned. */
export function crc64RedisHalves(bytes: Uint8Array): [number, number] {
  crcHi = 0;
  crcLo = 0;
  for (let i = 0; i < bytes.length; i++) crcByte(bytes[i] as number);
  return [crcHi, crcLo];
}

/** Low 32 bits of the Redis CRC-64 of the key's 4 bytes, as an unsigned number. */
export function keyHash(key: Key): number {
  // The four steps of crcByte unrolled on locals (every store insert and lookup hashes a key;
  // the module-level halves cost a context load and store per step). From a zero CRC, the
  // first step is the table entry itself.
  let t = (key >>> 24) & 0xff;
  let lo = TABLE_LO[t] as number;
  let hi = TABLE_HI[t] as number;
  t = (lo ^ (key >>> 16)) & 0xff;
  lo = (((lo >>> 8) | (hi << 24)) ^ (TABLE_LO[t] as number)) >>> 0;
  hi = ((hi >>> 8) ^ (TABLE_HI[t] as number)) >>> 0;
  t = (lo ^ (key >>> 8)) & 0xff;
  lo = (((lo >>> 8) | (hi << 24)) ^ (TABLE_LO[t] as number)) >>> 0;
  hi = ((hi >>> 8) ^ (TABLE_HI[t] as number)) >>> 0;
  t = (lo ^ key) & 0xff;
  return (((lo >>> 8) | (hi << 24)) ^ (TABLE_LO[t] as number)) >>> 0;
}

/** Bucket index in a table of 2^sizeExp buckets. */
export function bucketOfHash(hash: number, sizeExp: number): number {
  if (sizeExp >= 32) return hash >>> 0;
  return (hash & ((1 << sizeExp) - 1)) >>> 0;
}

/** Group of a key for a frozen table of 2^sizeExp buckets and 2^remainExp buckets per group. */
export function groupOfKey(key: Key, sizeExp: number, remainExp: number): number {
  return Math.floor(bucketOfHash(keyHash(key), sizeExp) / 2 ** remainExp);
}

/** NetMigrate's group split (docs/netmigrate.md "Keys, buckets and groups"): group_bits = min(size_exp, maxGroupBits). */
export function remainExpFor(sizeExp: number, maxGroupBits = 17): number {
  return sizeExp - Math.min(sizeExp, maxGroupBits);
}
