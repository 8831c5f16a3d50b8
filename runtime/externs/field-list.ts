// A P4 field list (`{a, b, c}` passed to Hash.get or Checksum.update) packed big-endian into a
// reusable buffer, most significant field first. Generated code fills one per call site and
// may hand the same list to several externs (NetMigrate hashes one list four times), so the
// packing is paid once. Grows on first use; never allocates afterwards.

import { writeBits, writeBitsBig } from '../bits.js';

export class FieldList {
  /** Packed bits; bytes past `bitLength` are scratch. */
  buf: Uint8Array;
  /** Bits appended since the last clear. */
  bitLength = 0;

  constructor(initialBytes = 16) {
    this.buf = new Uint8Array(initialBytes);
  }

  /** Empties the list. */
  clear(): this {
    this.bitLength = 0;
    return this;
  }

  /** Appends a field of `width` bits (≤ 32). */
  add(value: number, width: number): this {
    const off = this.bitLength;
    this.reserve(off + width);
    if ((off & 7) === 0 && (width & 7) === 0) {
      // Whole bytes at a byte boundary: the common case (addresses, ports, ids).
      let i = off >>> 3;
      for (let shift = width - 8; shift >= 0; shift -= 8) this.buf[i++] = (value >>> shift) & 0xff;
    } else {
      writeBits(this.buf, off, width, value);
    }
    this.bitLength = off + width;
    return this;
  }

  /** Appends a field of any width, given as a bigint. */
  addBig(value: bigint, width: number): this {
    this.reserve(this.bitLength + width);
    writeBitsBig(this.buf, this.bitLength, width, value);
    this.bitLength += width;
    return this;
  }

  private reserve(bits: number): void {
    const need = (bits + 7) >>> 3;
    if (need <= this.buf.length) return;
    const next = new Uint8Array(Math.max(need, this.buf.length * 2));
    next.set(this.buf);
    this.buf = next;
  }
}
