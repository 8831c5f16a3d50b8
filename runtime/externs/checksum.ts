// TNA's Checksum extern: the 16-bit ones' complement sum of RFC 1071 (IPv4 header, and TCP/UDP
// incremental updates). A call's field list is fed like a Hash's (most significant field first,
// big-endian), then one of add/subtract/update ends the list:
//   ck.field(hdr.ipv4.version, 4).field(hdr.ipv4.ihl, 4)…; hdr.ipv4.hdr_checksum = ck.update();
// (or a FieldList packed elsewhere: ck.updateOf(list)).
// Each list is summed as 16-bit words; a list whose width is not a multiple of 16 is padded
// with zero bits at its end (as RFC 1071 pads an odd byte).

import { FieldList } from './field-list.js';

function fold(s: number): number {
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return s;
}

export class Checksum {
  /** The pending list that field/fieldBig append to. */
  readonly list = new FieldList(64);
  /** Ones' complement sum of everything added minus everything subtracted (parser use). */
  private acc = 0;

  /** Appends a field of `width` bits (≤ 32) to the pending list. */
  field(value: number, width: number): this {
    this.list.add(value, width);
    return this;
  }

  /** Appends a field of any width, given as a bigint. */
  fieldBig(value: bigint, width: number): this {
    this.list.addBig(value, width);
    return this;
  }

  /** The checksum of any field list (ones' complement of its sum); leaves the list as is. */
  updateOf(list: FieldList, zerosAsOnes = false): number {
    const c = ~listSum(list) & 0xffff;
    return zerosAsOnes && c === 0 ? 0xffff : c;
  }

  /** `update(list)`: the checksum of the pending list alone (ones' complement of its sum). */
  update(zerosAsOnes = false): number {
    const c = this.updateOf(this.list, zerosAsOnes);
    this.list.clear();
    return c;
  }

  /** `add(list)`: adds the pending list to the accumulator. */
  add(): void {
    this.acc = fold(this.acc + this.takeListSum());
  }

  /** `subtract(list)`: subtracts the pending list (adds its ones' complement). */
  subtract(): void {
    this.acc = fold(this.acc + (~this.takeListSum() & 0xffff));
  }

  /**
   * `verify()`: the parser checksum unit's error flag, true when the accumulated data
   * (checksum field included) does NOT sum to all ones. Tofino programs write
   * `err = ck.verify()` and Intel's tna_checksum test expects a bad header to set it
   * (docs/tna-semantics.md, "Checksum").
   */
  verify(): boolean {
    return this.acc !== 0xffff;
  }

  /**
   * `get()` in a parser: the residual, the accumulated sum itself (not complemented). bf-p4c
   * compiles a parser's `get()` to the same residual deposit as `subtract_all_and_deposit`,
   * and Intel's tna_checksum updates TCP/UDP checksums from it with `update({new fields…,
   * residual})`, which is right only with the uncomplemented sum (docs/tna-semantics.md).
   */
  get(): number {
    return this.acc;
  }

  /**
   * `subtract_all_and_deposit(residual)`: the accumulated sum itself (not complemented), so a
   * deparser's `update({new fields…, residual})` yields the correct incremental checksum.
   * Subtracting the fields extracted after this call is the parser driver's job.
   */
  residual(): number {
    return this.acc;
  }

  /** PSA InternetChecksum's `set_state`: the accumulated sum becomes `sum` (`get()` reads it back). */
  setState(sum: number): void {
    this.acc = sum & 0xffff;
  }

  /** Clears the accumulator and any pending list (a new packet). */
  clear(): void {
    this.acc = 0;
    this.list.clear();
  }

  private takeListSum(): number {
    const s = listSum(this.list);
    this.list.clear();
    return s;
  }
}

/** Ones' complement sum of a list's 16-bit words, zero-padding the last one. */
function listSum(list: FieldList): number {
  const bits = list.bitLength;
  const buf = list.buf;
  const bytes = (bits + 7) >>> 3;
  // Zero the padding bits after the list so they add nothing.
  if (bits & 7) buf[bytes - 1] = (buf[bytes - 1] as number) & (0xff00 >>> (bits & 7));
  let s = 0;
  let i = 0;
  for (; i + 1 < bytes; i += 2) s += ((buf[i] as number) << 8) | (buf[i + 1] as number);
  if (i < bytes) s += (buf[i] as number) << 8;
  return fold(s);
}

/** RFC 1071 checksum of whole bytes (hosts and tests build IPv4 headers with it). */
export function internetChecksum(data: Uint8Array, start = 0, end = data.length): number {
  let s = 0;
  let i = start;
  for (; i + 1 < end; i += 2) s += ((data[i] as number) << 8) | (data[i + 1] as number);
  if (i < end) s += (data[i] as number) << 8;
  return ~fold(s) & 0xffff;
}
