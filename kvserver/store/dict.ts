// An in-memory dictionary shaped like Redis's: a power-of-two bucket array indexed by the
// key's CRC-64 (wire/key-hash.ts), chained entries, doubling when full unless
// frozen for a migration, and a scan over bucket ranges that migration agents stream from.
//
// Growth is a full rehash at the moment the table fills (Redis rehashes incrementally): the
// bucket → group map only has to stay fixed while frozen, and a full rehash keeps every scan
// simple (one table, never two). The pause is O(keys) once per doubling; shrinking is not
// modelled (Redis shrinks from a cron when under 10% full).

import { bucketOfHash, keyHash } from '../../wire/key-hash.js';
import type { Key, KeyValue } from '../../wire/message.js';
import { KEY_BYTES } from '../../wire/ops.js';

interface Entry {
  key: Key;
  /** keyHash(key), kept so a rehash never recomputes the CRC. */
  hash: number;
  value: Uint8Array;
  next: Entry | undefined;
}

export interface DictOptions {
  /** Initial table size exponent (Redis starts at 4 buckets: 2). */
  initialSizeExp?: number;
  /** Largest table the dictionary grows to. */
  maxSizeExp?: number;
}

export interface ScanResult {
  pairs: KeyValue[];
  /** First bucket not visited; equals the range end when the range is exhausted. */
  next: number;
}

export class KvDict {
  private table: (Entry | undefined)[];
  private exp: number;
  private readonly maxExp: number;
  private used = 0;
  private valueBytesTotal = 0;
  private frozenFlag = false;
  /** Number of full rehashes so far (each a doubling). */
  rehashes = 0;

  constructor(options: DictOptions = {}) {
    this.exp = options.initialSizeExp ?? 2;
    this.maxExp = options.maxSizeExp ?? 30;
    this.table = new Array<Entry | undefined>(2 ** this.exp).fill(undefined);
  }

  /** Table size exponent: the table has 2^sizeExp buckets. */
  get sizeExp(): number {
    return this.exp;
  }
  get bucketCount(): number {
    return this.table.length;
  }
  get count(): number {
    return this.used;
  }
  get frozen(): boolean {
    return this.frozenFlag;
  }
  /** Bytes of keys and values stored (no per-entry overhead: it is not Redis's to model). */
  get dataBytes(): number {
    return this.used * KEY_BYTES + this.valueBytesTotal;
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
    while (this.used > this.table.length && this.exp < this.maxExp) this.rehash(this.exp + 1);
  }

  get(key: Key): Uint8Array | undefined {
    return this.find(key, keyHash(key))?.value;
  }

  has(key: Key): boolean {
    return this.find(key, keyHash(key)) !== undefined;
  }

  /** Stores a copy of `value`; returns true when the key is new. */
  set(key: Key, value: Uint8Array): boolean {
    const hash = keyHash(key);
    const hit = this.find(key, hash);
    if (hit !== undefined) {
      this.valueBytesTotal += value.length - hit.value.length;
      hit.value = value.slice();
      return false;
    }
    if (!this.frozenFlag && this.used >= this.table.length && this.exp < this.maxExp) this.rehash(this.exp + 1);
    const b = bucketOfHash(hash, this.exp);
    this.table[b] = { key, hash, value: value.slice(), next: this.table[b] };
    this.used++;
    this.valueBytesTotal += value.length;
    return true;
  }

  /** Removes `key`; returns true when it was there. */
  delete(key: Key): boolean {
    const hash = keyHash(key);
    const b = bucketOfHash(hash, this.exp);
    let prev: Entry | undefined;
    for (let e = this.table[b]; e !== undefined; prev = e, e = e.next) {
      if (e.key !== key) continue;
      if (prev === undefined) this.table[b] = e.next;
      else prev.next = e.next;
      this.used--;
      this.valueBytesTotal -= e.value.length;
      return true;
    }
    return false;
  }

  /**
   * Collects whole buckets from `cursor` until `maxKeys` pairs are collected or `end`
   * (exclusive) is reached, like the fork's MIGRATESCAN but bounded by an explicit range
   * (a group's buckets). Values are the stored arrays: copy before mutating.
   */
  scan(cursor: number, end: number, maxKeys: number): ScanResult {
    const pairs: KeyValue[] = [];
    let b = Math.max(0, cursor);
    const stop = Math.min(end, this.table.length);
    while (b < stop && pairs.length < maxKeys) {
      for (let e = this.table[b]; e !== undefined; e = e.next) pairs.push({ key: e.key, value: e.value });
      b++;
    }
    return { pairs, next: b >= stop ? end : b };
  }

  /** Visits every pair (no order guarantee beyond bucket order). */
  *entries(): IterableIterator<KeyValue> {
    for (const head of this.table) for (let e = head; e !== undefined; e = e.next) yield { key: e.key, value: e.value };
  }

  clear(): void {
    this.table = new Array<Entry | undefined>(this.table.length).fill(undefined);
    this.used = 0;
    this.valueBytesTotal = 0;
  }

  private find(key: Key, hash: number): Entry | undefined {
    for (let e = this.table[bucketOfHash(hash, this.exp)]; e !== undefined; e = e.next) if (e.key === key) return e;
    return undefined;
  }

  private rehash(newExp: number): void {
    const next = new Array<Entry | undefined>(2 ** newExp).fill(undefined);
    for (const head of this.table) {
      let e = head;
      while (e !== undefined) {
        const after: Entry | undefined = e.next;
        const b = bucketOfHash(e.hash, newExp);
        e.next = next[b];
        next[b] = e;
        e = after;
      }
    }
    this.table = next;
    this.exp = newExp;
    this.rehashes++;
  }
}
