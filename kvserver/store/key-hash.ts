// The dictionary hash of a key, shared by the store and the switch: the low 32 bits of the
// Redis CRC-64 over the 4 key bytes in packet (big-endian) order (netmigrate.md §4 step 3).
// Bucket = hash masked to size_exp bits; group = bucket >> remain_exp.

import { crc64Redis } from '../../runtime/externs/crc.js';
import type { Key } from '../protocol/message.js';

const scratch = new Uint8Array(4);

/** Low 32 bits of crc64Redis(key bytes), as an unsigned number. */
export function keyHash(key: Key): number {
  scratch[0] = key >>> 24;
  scratch[1] = (key >>> 16) & 0xff;
  scratch[2] = (key >>> 8) & 0xff;
  scratch[3] = key & 0xff;
  return Number(crc64Redis(scratch) & 0xffffffffn);
}

/** Bucket index in a table of 2^sizeExp buckets. */
export function bucketOfHash(hash: number, sizeExp: number): number {
  return sizeExp >= 32 ? hash >>> 0 : (hash & (2 ** sizeExp - 1)) >>> 0;
}

/** Group of a key for a frozen table of 2^sizeExp buckets and 2^remainExp buckets per group. */
export function groupOfKey(key: Key, sizeExp: number, remainExp: number): number {
  return Math.floor(bucketOfHash(keyHash(key), sizeExp) / 2 ** remainExp);
}

/** NetMigrate's group split (netmigrate.md §6): group_bits = min(size_exp, maxGroupBits). */
export function remainExpFor(sizeExp: number, maxGroupBits = 17): number {
  return sizeExp - Math.min(sizeExp, maxGroupBits);
}
