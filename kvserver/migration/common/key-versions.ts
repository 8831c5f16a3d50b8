// The destination's per-key source versions (destination-store.ts), for millions of keys: an
// open-addressing table of 4-byte keys and 8-byte versions in typed arrays instead of a Map
// of bigints (which cost ~100 bytes a key and long GC pauses at ten million keys). Versions
// are the source channel's seq, counted from 1, so they fit a double exactly; a larger one
// (never sent by our source) is kept exactly in a side map.

import type { Key } from '../../../wire/message.js';

const EMPTY = -1;
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

export class KeyVersions {
  private keys = new Uint32Array(16);
  private versions = new Float64Array(16).fill(EMPTY);
  private used = 0;
  private readonly huge = new Map<Key, bigint>();

  get size(): number {
    return this.used + this.huge.size;
  }

  get(key: Key): bigint | undefined {
    const h = this.huge.get(key >>> 0);
    if (h !== undefined) return h;
    const i = this.slot(key >>> 0);
    const v = this.versions[i] as number;
    return v === EMPTY ? undefined : BigInt(v);
  }

  has(key: Key): boolean {
    return this.get(key) !== undefined;
  }

  /**
   * Records `version` for `key` when it is newer than the one seen (or none was); false, and
   * nothing changes, when it is not. The destination's per-pair step: no bigint is made for
   * a version that fits a double, which is every version our source sends.
   */
  advance(key: Key, version: bigint): boolean {
    const k = key >>> 0;
    if (this.huge.size > 0 || version > MAX_EXACT || version < 0n) {
      const seen = this.get(k);
      if (seen !== undefined && seen >= version) return false;
      this.set(k, version);
      return true;
    }
    const v = Number(version);
    let i = this.slot(k);
    const seen = this.versions[i] as number;
    if (seen !== EMPTY) {
      if (seen >= v) return false;
      this.versions[i] = v;
      return true;
    }
    if ((this.used + 1) * 2 > this.keys.length) {
      this.grow();
      i = this.slot(k);
    }
    this.used++;
    this.keys[i] = k;
    this.versions[i] = v;
    return true;
  }

  set(key: Key, version: bigint): void {
    const k = key >>> 0;
    if (version > MAX_EXACT || version < 0n) {
      this.delete(k);
      this.huge.set(k, version);
      return;
    }
    this.huge.delete(k);
    let i = this.slot(k);
    if (this.versions[i] === EMPTY) {
      if ((this.used + 1) * 2 > this.keys.length) {
        this.grow();
        i = this.slot(k);
      }
      this.used++;
      this.keys[i] = k;
    }
    this.versions[i] = Number(version);
  }

  /** Grows the table now so that `keys` keys fit without a rehash on the way. */
  reserve(keys: number): void {
    while (keys * 2 > this.keys.length) this.grow();
  }

  clear(): void {
    this.keys = new Uint32Array(16);
    this.versions = new Float64Array(16).fill(EMPTY);
    this.used = 0;
    this.huge.clear();
  }

  /** Removes a key from the table (backward-shift deletion keeps every probe chain whole). */
  private delete(k: number): void {
    let i = this.slot(k);
    if (this.versions[i] === EMPTY) return;
    const mask = this.keys.length - 1;
    this.versions[i] = EMPTY;
    this.used--;
    for (let j = (i + 1) & mask; this.versions[j] !== EMPTY; j = (j + 1) & mask) {
      const home = this.home(this.keys[j] as number);
      // Move j back to i when its home is not in the cyclic range (i, j].
      if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
        this.keys[i] = this.keys[j] as number;
        this.versions[i] = this.versions[j] as number;
        this.versions[j] = EMPTY;
        i = j;
      }
    }
  }

  private home(k: number): number {
    return (Math.imul(k, 0x9e3779b1) >>> 0) & (this.keys.length - 1);
  }

  /** The slot holding `k`, or the empty slot where it would go. */
  private slot(k: number): number {
    const mask = this.keys.length - 1;
    let i = this.home(k);
    while (this.versions[i] !== EMPTY && this.keys[i] !== k) i = (i + 1) & mask;
    return i;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVersions = this.versions;
    this.keys = new Uint32Array(oldKeys.length * 2);
    this.versions = new Float64Array(oldKeys.length * 2).fill(EMPTY);
    for (let i = 0; i < oldKeys.length; i++) {
      const v = oldVersions[i] as number;
      if (v === EMPTY) continue;
      const j = this.slot(oldKeys[i] as number);
      this.keys[j] = oldKeys[i] as number;
      this.versions[j] = v;
    }
  }
}
