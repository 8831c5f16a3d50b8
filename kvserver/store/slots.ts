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

/**
 * A slot's four numbers sit side by side in `meta` (key, hash, next, value length: 16 bytes,
 * a quarter of a cache line): a chain walk or a scan touches one line per record there and
 * one or two for the value, instead of one per array (a scan of a million records read five
 * scattered lines per record before).
 */
const META = 4;
const KEY = 0;
const HASH = 1;
const NEXT = 2;
const LENGTH = 3;

interface Page {
  /** Slots this page holds. */
  slots: number;
  meta: Int32Array;
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
    for (const p of this.pages) bytes += p.slots * (META * 4 + this.slotBytes);
    for (const v of this.oversized.values()) bytes += v.byteLength;
    return bytes;
  }

  /** A new slot holding (key, hash, a copy of value), linked to `next`. */
  allocate(key: number, hash: number, value: Uint8Array, next: number): number {
    const s = this.claim(key, hash, next);
    this.writeValue(this.page(s), s, value);
    this.used++;
    return s;
  }

  /**
   * allocate() with the value read from bytes[at, at + length) in place (a record of a MIGRATE
   * datagram): no view is made per record. The length must fit a slot.
   */
  allocateFrom(key: number, hash: number, bytes: Uint8Array, at: number, length: number, next: number): number {
    const s = this.claim(key, hash, next);
    this.copyIn(this.page(s), s, bytes, at, length);
    this.used++;
    return s;
  }

  /** A slot (a freed one first) with its key, hash and link set; the caller writes its value. */
  private claim(key: number, hash: number, next: number): number {
    let s = this.freeHead;
    if (s !== NO_SLOT) this.freeHead = this.next(s);
    else {
      s = this.top++;
      this.ensureSlot(s);
    }
    const m = (s & PAGE_MASK) * META;
    const meta = this.page(s).meta;
    meta[m + KEY] = key;
    meta[m + HASH] = hash;
    meta[m + NEXT] = next;
    return s;
  }

  /** setValue() from bytes[at, at + length) in place; the length must fit a slot. */
  setValueFrom(s: number, bytes: Uint8Array, at: number, length: number): void {
    const p = this.page(s);
    if (p.meta[(s & PAGE_MASK) * META + LENGTH] === OVERSIZED) this.oversized.delete(s);
    this.copyIn(p, s, bytes, at, length);
  }

  private copyIn(p: Page, s: number, bytes: Uint8Array, at: number, length: number): void {
    const i = s & PAGE_MASK;
    p.meta[i * META + LENGTH] = length;
    const values = p.values;
    const to = i * this.slotBytes;
    // As in copyValueTo: a short loop beats set(subarray) for a few dozen bytes.
    if (length <= 128) for (let j = 0; j < length; j++) values[to + j] = bytes[at + j] as number;
    else values.set(bytes.subarray(at, at + length), to);
  }

  release(s: number): void {
    const p = this.page(s);
    const i = s & PAGE_MASK;
    if (p.meta[i * META + LENGTH] === OVERSIZED) this.oversized.delete(s);
    p.meta[i * META + NEXT] = this.freeHead;
    this.freeHead = s;
    this.used--;
  }

  key(s: number): number {
    return (this.page(s).meta[(s & PAGE_MASK) * META + KEY] as number) >>> 0;
  }
  hash(s: number): number {
    return (this.page(s).meta[(s & PAGE_MASK) * META + HASH] as number) >>> 0;
  }
  next(s: number): number {
    return this.page(s).meta[(s & PAGE_MASK) * META + NEXT] as number;
  }
  setNext(s: number, next: number): void {
    this.page(s).meta[(s & PAGE_MASK) * META + NEXT] = next;
  }
  valueLength(s: number): number {
    const n = this.page(s).meta[(s & PAGE_MASK) * META + LENGTH] as number;
    return n === OVERSIZED ? (this.oversized.get(s) as Uint8Array).length : n;
  }

  /** The stored bytes, as a view valid until the slot changes. */
  view(s: number): Uint8Array {
    const p = this.page(s);
    const i = s & PAGE_MASK;
    const n = p.meta[i * META + LENGTH] as number;
    if (n === OVERSIZED) return this.oversized.get(s) as Uint8Array;
    const at = i * this.slotBytes;
    return p.values.subarray(at, at + n);
  }

  /** True when the stored bytes equal `bytes` (compared in place, no view made). */
  equals(s: number, bytes: Uint8Array): boolean {
    const p = this.page(s);
    const i = s & PAGE_MASK;
    const n = p.meta[i * META + LENGTH] as number;
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
    const n = p.meta[i * META + LENGTH] as number;
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
    if (p.meta[(s & PAGE_MASK) * META + LENGTH] === OVERSIZED) this.oversized.delete(s);
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
      p.meta[i * META + LENGTH] = OVERSIZED;
      this.oversized.set(s, value.slice());
      return;
    }
    p.meta[i * META + LENGTH] = value.length;
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
      if ((s & PAGE_MASK) < p.slots) return;
      const grown = this.newPage(Math.min(PAGE_SLOTS, p.slots * 2));
      grown.meta.set(p.meta);
      grown.values.set(p.values);
      this.pages[pi] = grown;
      return;
    }
    this.pages.push(this.newPage(pi === 0 ? 16 : PAGE_SLOTS));
  }

  private newPage(slots: number): Page {
    return {
      slots,
      meta: new Int32Array(slots * META),
      values: new Uint8Array(slots * this.slotBytes),
    };
  }
}
