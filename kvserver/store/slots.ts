// The dictionary's entry storage: records in fixed-size slots of typed-array pages (key,
// hash, chain link, value length, value bytes), so a record costs its bytes and not a
// JavaScript object and an ArrayBuffer each. Pages are allocated as the store grows and never
// copied; freed slots are chained for reuse. A value longer than the slot is kept apart.

/** The end of a chain / no slot. */
export const NO_SLOT = -1;

/** Slots per page: 2^16 (4 MiB of 64-byte values), so growth never copies a large array. */
const PAGE_BITS = 16;
const PAGE_SLOTS = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SLOTS - 1;

interface Page {
  keys: Uint32Array;
  hashes: Uint32Array;
  next: Int32Array;
  lengths: Uint16Array;
  values: Uint8Array;
}

/** A value length that does not fit a slot: the bytes are in `oversized`. */
const OVERSIZED = 0xffff;

export class SlotSlab {
  private pages: Page[] = [];
  /** Slots handed out so far (the high-water mark); freed ones are on the free chain. */
  private top = 0;
  private freeHead = NO_SLOT;
  private readonly oversized = new Map<number, Uint8Array>();
  used = 0;

  constructor(readonly slotBytes: number) {
    if (!Number.isInteger(slotBytes) || slotBytes < 1 || slotBytes >= OVERSIZED)
      throw new RangeError(`slot value bytes ${slotBytes} not in 1..${OVERSIZED - 1}`);
  }

  get memoryBytes(): number {
    let bytes = 0;
    for (const p of this.pages) bytes += p.keys.length * (4 + 4 + 4 + 2 + this.slotBytes);
    for (const v of this.oversized.values()) bytes += v.byteLength;
    return bytes;
  }

  /** A new slot holding (key, hash, a copy of value), linked to `next`. */
  allocate(key: number, hash: number, value: Uint8Array, next: number): number {
    let s = this.freeHead;
    if (s !== NO_SLOT) this.freeHead = this.next(s);
    else {
      s = this.top++;
      this.ensureSlot(s);
    }
    const p = this.page(s);
    const i = s & PAGE_MASK;
    p.keys[i] = key;
    p.hashes[i] = hash;
    p.next[i] = next;
    this.writeValue(p, s, value);
    this.used++;
    return s;
  }

  release(s: number): void {
    const p = this.page(s);
    const i = s & PAGE_MASK;
    if (p.lengths[i] === OVERSIZED) this.oversized.delete(s);
    p.next[i] = this.freeHead;
    this.freeHead = s;
    this.used--;
  }

  key(s: number): number {
    return this.page(s).keys[s & PAGE_MASK] as number;
  }
  hash(s: number): number {
    return this.page(s).hashes[s & PAGE_MASK] as number;
  }
  next(s: number): number {
    return this.page(s).next[s & PAGE_MASK] as number;
  }
  setNext(s: number, next: number): void {
    this.page(s).next[s & PAGE_MASK] = next;
  }
  valueLength(s: number): number {
    const n = this.page(s).lengths[s & PAGE_MASK] as number;
    return n === OVERSIZED ? (this.oversized.get(s) as Uint8Array).length : n;
  }

  /** The stored bytes, as a view valid until the slot changes. */
  view(s: number): Uint8Array {
    const p = this.page(s);
    const i = s & PAGE_MASK;
    const n = p.lengths[i] as number;
    if (n === OVERSIZED) return this.oversized.get(s) as Uint8Array;
    const at = i * this.slotBytes;
    return p.values.subarray(at, at + n);
  }

  /** True when the stored bytes equal `bytes` (compared in place, no view made). */
  equals(s: number, bytes: Uint8Array): boolean {
    const p = this.page(s);
    const i = s & PAGE_MASK;
    const n = p.lengths[i] as number;
    if (n === OVERSIZED) {
      const v = this.oversized.get(s) as Uint8Array;
      return v.length === bytes.length && v.every((b, j) => b === bytes[j]);
    }
    if (n !== bytes.length) return false;
    const values = p.values;
    const at = i * this.slotBytes;
    for (let j = 0; j < n; j++) if (values[at + j] !== bytes[j]) return false;
    return true;
  }

  /**
   * Copies the stored bytes into out[at..] (the caller makes room for valueLength(s) bytes);
   * returns their length. No view or copy is made on the way.
   */
  copyValueTo(s: number, out: Uint8Array, at: number): number {
    const p = this.page(s);
    const i = s & PAGE_MASK;
    const n = p.lengths[i] as number;
    if (n === OVERSIZED) {
      const v = this.oversized.get(s) as Uint8Array;
      out.set(v, at);
      return v.length;
    }
    const from = i * this.slotBytes;
    const values = p.values;
    // A short loop beats set(subarray) for values of a few dozen bytes: no view is made.
    if (n <= 128) for (let j = 0; j < n; j++) out[at + j] = values[from + j] as number;
    else out.set(values.subarray(from, from + n), at);
    return n;
  }

  /** A copy of the stored bytes. */
  value(s: number): Uint8Array {
    return this.view(s).slice();
  }

  setValue(s: number, value: Uint8Array): void {
    const p = this.page(s);
    if (p.lengths[s & PAGE_MASK] === OVERSIZED) this.oversized.delete(s);
    this.writeValue(p, s, value);
  }

  clear(): void {
    this.pages = [];
    this.top = 0;
    this.freeHead = NO_SLOT;
    this.oversized.clear();
    this.used = 0;
  }

  private writeValue(p: Page, s: number, value: Uint8Array): void {
    const i = s & PAGE_MASK;
    if (value.length > this.slotBytes) {
      p.lengths[i] = OVERSIZED;
      this.oversized.set(s, value.slice());
      return;
    }
    p.lengths[i] = value.length;
    p.values.set(value, i * this.slotBytes);
  }

  private page(s: number): Page {
    return this.pages[s >>> PAGE_BITS] as Page;
  }

  /**
   * Makes slot `s` exist. The first page starts at 16 slots and doubles (a small store stays
   * small); every later page is allocated whole.
   */
  private ensureSlot(s: number): void {
    const pi = s >>> PAGE_BITS;
    if (pi < this.pages.length) {
      const p = this.pages[pi] as Page;
      if ((s & PAGE_MASK) < p.keys.length) return;
      const grown = this.newPage(Math.min(PAGE_SLOTS, p.keys.length * 2));
      grown.keys.set(p.keys);
      grown.hashes.set(p.hashes);
      grown.next.set(p.next);
      grown.lengths.set(p.lengths);
      grown.values.set(p.values);
      this.pages[pi] = grown;
      return;
    }
    this.pages.push(this.newPage(pi === 0 ? 16 : PAGE_SLOTS));
  }

  private newPage(slots: number): Page {
    return {
      keys: new Uint32Array(slots),
      hashes: new Uint32Array(slots),
      next: new Int32Array(slots),
      lengths: new Uint16Array(slots),
      values: new Uint8Array(slots * this.slotBytes),
    };
  }
}
