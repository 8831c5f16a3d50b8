// An in-memory dictionary shaped like Redis's: a power-of-two bucket array indexed by the
// key's CRC-64 (wire/key-hash.ts), chained entries, doubling when full unless
// frozen for a migration, and a scan over bucket ranges that migration agents stream from.
//
// Growth is a full rehash at the moment the table fills (Redis rehashes incrementally): the
// bucket → group map only has to stay fixed while frozen, and a full rehash keeps every scan
// simple (one table, never two). The pause is O(keys) once per doubling; shrinking is not
// modelled (Redis shrinks from a cron when under 10% full).
//
// Entries live in typed-array slabs (slots.ts), not one object per key: a record of a 4-byte
// key and a 64-byte value costs 80 bytes plus its share of the bucket array (docs/scale.md
// "Memory"), so ten million records fit a server process with room to spare.

import { bucketOfHash, keyHash } from '../../wire/key-hash.js';
import type { Key, KeyValue } from '../../wire/message.js';
import { DEFAULT_VALUE_BYTES, KEY_BYTES } from '../../wire/ops.js';
import { NO_SLOT, SlotSlab } from './slots.js';

export interface DictOptions {
  /** Initial table size exponent (Redis starts at 4 buckets: 2). */
  initialSizeExp?: number;
  /** Largest table the dictionary grows to. */
  maxSizeExp?: number;
  /** Value bytes stored inline per record (longer values are kept apart); default 64. */
  valueBytes?: number;
}

export interface ScanResult {
  pairs: KeyValue[];
  /** First bucket not visited; equals the range end when the range is exhausted. */
  next: number;
}

/** What scanInto() wrote: `count` records, and the first bucket not visited (the range end when exhausted). */
export interface PackedScan {
  count: number;
  next: number;
}

export class KvDict {
  private table: Int32Array;
  private exp: number;
  private readonly maxExp: number;
  private readonly slots: SlotSlab;
  private valueBytesTotal = 0;
  private frozenFlag = false;
  /** Number of full rehashes so far (each a doubling). */
  rehashes = 0;

  constructor(options: DictOptions = {}) {
    this.exp = options.initialSizeExp ?? 2;
    this.maxExp = options.maxSizeExp ?? 30;
    this.table = new Int32Array(2 ** this.exp).fill(NO_SLOT);
    this.slots = new SlotSlab(options.valueBytes ?? DEFAULT_VALUE_BYTES);
  }

  /** Table size exponent: the table has 2^sizeExp buckets. */
  get sizeExp(): number {
    return this.exp;
  }
  get bucketCount(): number {
    return this.table.length;
  }
  get count(): number {
    return this.slots.used;
  }
  get frozen(): boolean {
    return this.frozenFlag;
  }
  /** Bytes of keys and values stored (no per-entry overhead: it is not Redis's to model). */
  get dataBytes(): number {
    return this.slots.used * KEY_BYTES + this.valueBytesTotal;
  }
  /** Bytes the dictionary holds in memory: the bucket array, the slabs and any oversized values. */
  get memoryBytes(): number {
    return this.table.byteLength + this.slots.memoryBytes;
  }

  bucketOf(key: Key): number {
    return bucketOfHash(keyHash(key), this.exp);
  }

  /** Group of `key` when groups are 2^remainExp consecutive buckets. */
  groupOf(key: Key, remainExp: number): number {
    return Math.floor(this.bucketOf(key) / 2 ** remainExp);
  }

  /** Stops growth so bucket → group stays fixed (the fork's MIGRATESTART); returns size_exp. */
  freeze(): number {
    this.frozenFlag = true;
    return this.exp;
  }

  /** Allows growth again (MIGRATEFINISH); grows at once if the table filled while frozen. */
  unfreeze(): void {
    this.frozenFlag = false;
    this.growFor(this.slots.used);
  }

  /**
   * Grows the table (unless frozen) until it has a bucket per key for `keys` keys: a bulk
   * load calls it once instead of doubling ten times on the way.
   */
  reserve(keys: number): void {
    if (!this.frozenFlag) this.growFor(keys);
  }

  /** A copy of the stored value, or undefined. */
  get(key: Key): Uint8Array | undefined {
    const s = this.find(key, keyHash(key));
    return s === NO_SLOT ? undefined : this.slots.value(s);
  }

  has(key: Key): boolean {
    return this.find(key, keyHash(key)) !== NO_SLOT;
  }

  /** Stores a copy of `value`; returns true when the key is new. */
  set(key: Key, value: Uint8Array): boolean {
    const hash = keyHash(key);
    const hit = this.find(key, hash);
    if (hit !== NO_SLOT) {
      this.valueBytesTotal += value.length - this.slots.valueLength(hit);
      this.slots.setValue(hit, value);
      return false;
    }
    if (!this.frozenFlag && this.slots.used >= this.table.length && this.exp < this.maxExp) this.rehash(this.exp + 1);
    const b = bucketOfHash(hash, this.exp);
    const s = this.slots.allocate(key, hash, value, this.table[b] as number);
    this.table[b] = s;
    this.valueBytesTotal += value.length;
    return true;
  }

  /**
   * set() with the value at bytes[at, at + length) (a MIGRATE record in its datagram): the
   * destination's per-pair step, with no view or copy made on the way to the slot.
   */
  setFrom(key: Key, bytes: Uint8Array, at: number, length: number): boolean {
    if (length > this.slots.slotBytes) return this.set(key, bytes.subarray(at, at + length));
    const hash = keyHash(key);
    const hit = this.find(key, hash);
    if (hit !== NO_SLOT) {
      this.valueBytesTotal += length - this.slots.valueLength(hit);
      this.slots.setValueFrom(hit, bytes, at, length);
      return false;
    }
    if (!this.frozenFlag && this.slots.used >= this.table.length && this.exp < this.maxExp) this.rehash(this.exp + 1);
    const b = bucketOfHash(hash, this.exp);
    this.table[b] = this.slots.allocateFrom(key, hash, bytes, at, length, this.table[b] as number);
    this.valueBytesTotal += length;
    return true;
  }

  /** Removes `key`; returns true when it was there. */
  delete(key: Key): boolean {
    const hash = keyHash(key);
    const b = bucketOfHash(hash, this.exp);
    const slots = this.slots;
    let prev = NO_SLOT;
    for (let s = this.table[b] as number; s !== NO_SLOT; prev = s, s = slots.next(s)) {
      if (slots.key(s) !== key >>> 0) continue;
      if (prev === NO_SLOT) this.table[b] = slots.next(s);
      else slots.setNext(prev, slots.next(s));
      this.valueBytesTotal -= slots.valueLength(s);
      slots.release(s);
      return true;
    }
    return false;
  }

  /**
   * Collects whole buckets from `cursor` until `maxKeys` pairs are collected or `end`
   * (exclusive) is reached, like the fork's MIGRATESCAN but bounded by an explicit range
   * (a group's buckets). Values are copies, taken at the scan.
   */
  scan(cursor: number, end: number, maxKeys: number): ScanResult {
    const pairs: KeyValue[] = [];
    let b = Math.max(0, cursor);
    const stop = Math.min(end, this.table.length);
    const slots = this.slots;
    while (b < stop && pairs.length < maxKeys) {
      for (let s = this.table[b] as number; s !== NO_SLOT; s = slots.next(s))
        pairs.push({ key: slots.key(s), value: slots.value(s) });
      b++;
    }
    return { pairs, next: b >= stop ? end : b };
  }

  /**
   * scan() straight into a MIGRATE body: writes whole buckets from `cursor` as records of a
   * 4-byte big-endian key and its value (exactly `valueBytes` long) into out[offset..], as
   * many whole buckets as fit in `room` records, and stops before a bucket that does not fit.
   * `count` 0 with `next` equal to `cursor` means the first bucket alone holds more than
   * `room` keys (use scan() for it). No object or copy is made per pair.
   */
  scanInto(cursor: number, end: number, room: number, out: Uint8Array, offset: number, valueBytes: number): PackedScan {
    let b = Math.max(0, cursor);
    const stop = Math.min(end, this.table.length);
    const slots = this.slots;
    const table = this.table;
    let count = 0;
    let at = offset;
    while (b < stop) {
      const head = table[b] as number;
      if (head !== NO_SLOT) {
        let chain = 0;
        for (let s = head; s !== NO_SLOT; s = slots.next(s)) chain++;
        if (count + chain > room) break;
        for (let s = head; s !== NO_SLOT; s = slots.next(s)) {
          if (slots.valueLength(s) !== valueBytes)
            throw new RangeError(
              `a stored value of ${slots.valueLength(s)} bytes in a store of ${valueBytes}-byte values`,
            );
          const k = slots.key(s);
          out[at] = k >>> 24;
          out[at + 1] = (k >>> 16) & 0xff;
          out[at + 2] = (k >>> 8) & 0xff;
          out[at + 3] = k & 0xff;
          slots.copyValueTo(s, out, at + KEY_BYTES);
          at += KEY_BYTES + valueBytes;
        }
        count += chain;
      }
      b++;
    }
    return { count, next: b >= stop ? end : b };
  }

  /** Visits every pair in bucket order; values are copies. */
  *entries(): IterableIterator<KeyValue> {
    for (const head of this.table)
      for (let s = head; s !== NO_SLOT; s = this.slots.next(s))
        yield { key: this.slots.key(s), value: this.slots.value(s) };
  }

  /**
   * Calls `visit` for every pair in bucket order with a view of the stored bytes (valid only
   * during the call): the dump and the audit read millions of records without a copy each.
   */
  forEachView(visit: (key: Key, value: Uint8Array) => void): void {
    for (const head of this.table)
      for (let s = head; s !== NO_SLOT; s = this.slots.next(s)) visit(this.slots.key(s), this.slots.view(s));
  }

  /** The stored bytes of `key` as a view valid until the next change, or undefined. */
  view(key: Key): Uint8Array | undefined {
    const s = this.find(key, keyHash(key));
    return s === NO_SLOT ? undefined : this.slots.view(s);
  }

  /** Whether `key` holds exactly `bytes`: undefined when absent (the audit's check, without a copy or a view). */
  holds(key: Key, bytes: Uint8Array): boolean | undefined {
    const s = this.find(key, keyHash(key));
    return s === NO_SLOT ? undefined : this.slots.equals(s, bytes);
  }

  clear(): void {
    this.table = new Int32Array(this.table.length).fill(NO_SLOT);
    this.slots.clear();
    this.valueBytesTotal = 0;
  }

  private growFor(keys: number): void {
    let exp = this.exp;
    while (keys > 2 ** exp && exp < this.maxExp) exp++;
    if (exp > this.exp) this.rehash(exp);
  }

  private find(key: Key, hash: number): number {
    const k = key >>> 0;
    const slots = this.slots;
    for (let s = this.table[bucketOfHash(hash, this.exp)] as number; s !== NO_SLOT; s = slots.next(s))
      if (slots.key(s) === k) return s;
    return NO_SLOT;
  }

  private rehash(newExp: number): void {
    const next = new Int32Array(2 ** newExp).fill(NO_SLOT);
    const slots = this.slots;
    for (const head of this.table) {
      let s = head;
      while (s !== NO_SLOT) {
        const after = slots.next(s);
        const b = bucketOfHash(slots.hash(s), newExp);
        slots.setNext(s, next[b] as number);
        next[b] = s;
        s = after;
      }
    }
    this.table = next;
    this.exp = newExp;
    this.rehashes++;
  }
}
