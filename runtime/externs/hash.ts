// Tofino's Hash<W> extern (docs/tna.md §5-§6). Generated code feeds the field list most
// significant field first, then asks for the W-bit result:
//   h.add(hdr.ipv4.dst_addr, 32).add(meta.port, 16).add(meta.group, 32); idx = h.get();
// or packs a FieldList once and hashes it with several Hash objects: idx = h.getOf(list).
// The own list is packed into a buffer owned by the Hash (no allocation per packet);
// `get`/`getBig` consume it, so every computation starts from an empty list.
// When every field of a list is whole bytes, generated code streams it instead:
//   idx = h.feed(hdr.ipv4.dst_addr, 32).feed(meta.port, 16).feed(meta.group, 32).getFed();
// A CRC hash then runs the fields through its register with no packing at all; the other
// algorithms pack the list as `add` does. Same bits either way.

import {
  type CRCPolynomial,
  type CrcParams,
  checkHashSettings,
  crcParamsOf,
  type HashAlgorithm,
  type HashSettings,
} from '../../contract/hash-settings.js';
import { MASKS, readBits, readBitsBig } from '../bits.js';
import { describeValue, err, ok, type Result } from '../result.js';
import { Crc } from './crc.js';
import { HASH_ALGORITHM_CRCS, NAMED_CRCS } from './crc-catalogue.js';
import { FieldList } from './field-list.js';
import type { HashField, HashLayout } from './hash-layout.js';
import { RANDOM_HASH_SEED, randomHashBig, randomHashNumber } from './random-hash.js';

// The settings' types and their check are the contract module's (the compiler checks them too).
export type { CRCPolynomial, HashAlgorithm } from '../../contract/hash-settings.js';

export interface HashConfig extends HashSettings {
  /** RANDOM: the seed of its fixed matrix (default RANDOM_HASH_SEED; runtime/externs/random-hash.ts). */
  readonly randomSeed?: number;
}

export type HashErrorCode = 'BAD_HASH_CONFIG';

/**
 * A CRCPolynomial for one of the named variants (crc_32c, crc_32_bzip2, crc_64_jones, …),
 * or undefined when the name is unknown.
 */
export function namedPolynomial(name: string, msb = false, extended = false): CRCPolynomial | undefined {
  const p = NAMED_CRCS[name];
  if (p === undefined) return undefined;
  return { width: p.width, coeff: p.poly, reversed: p.refin, msb, extended, init: p.init, xor: p.xorout };
}

/** Validates a configuration and builds the Hash, or returns a coded error. */
export function createHash(config: HashConfig): Result<Hash, HashErrorCode> {
  const why = checkHashSettings(config);
  if (why !== undefined) return err('BAD_HASH_CONFIG', why);
  return ok(new Hash(config));
}

type Mode = 'crc' | 'identity' | 'xor' | 'random';

/**
 * Truncation and extension to W (docs/tna.md §6): a narrower W keeps the most significant bits
 * when `msb`, else the least significant; a wider W repeats the value (bit i of the result
 * is bit i mod width of the value) when `extended`, else zero-extends. The CRC presets
 * (HashAlgorithm_t.CRC8/16/32/64) keep the low bits and repeat when wider, as Tofino does
 * (docs/tna-semantics.md, "Hash"); IDENTITY and XOR always keep the low bits and zero-extend.
 */
export class Hash {
  readonly width: number;
  algorithm: HashAlgorithm;
  private mode: Mode = 'identity';
  private crc: Crc | undefined;
  /** Width of the value before truncation/extension (CRC width, or the XOR fold width). */
  private innerWidth = 0;
  private msb = false;
  private extended = false;
  /** RANDOM's matrix seed. */
  private readonly randomSeed: number;
  /** The Hash's own field list (add/addBig/get/getBig use it). */
  readonly list = new FieldList();
  /** A CRC hash with a fed list in progress (its Crc holds the register). */
  private streaming = false;
  /** The configuration the program declared (`reset` returns to it). */
  private readonly declared: HashConfig;
  /**
   * The one field list the program hashes (names and widths, most significant first), when the
   * compiler knew it: what a run-time field configuration (`configureFields`) refers to.
   */
  fields: readonly HashField[] | undefined;
  /** A run-time field configuration: slices of the declared list, in hashing order. */
  private layout: HashLayout | undefined;
  /** The result rotated left by this many bits (a run-time algorithm setting). */
  private rotation = 0;
  /** No layout and no rotation: the fast paths apply. */
  private plain = true;
  private readonly remapped = new FieldList();

  /** Use createHash for configurations that are not known to be valid. */
  constructor(config: HashConfig) {
    this.width = config.width;
    this.randomSeed = config.randomSeed ?? RANDOM_HASH_SEED;
    this.declared = config;
    this.algorithm = config.algorithm;
    this.apply(config);
  }

  private apply(config: HashSettings): void {
    this.algorithm = config.algorithm;
    let poly = config.polynomial;
    switch (config.algorithm) {
      case 'CRC8':
      case 'CRC16':
      case 'CRC32':
      case 'CRC64': {
        if (poly === undefined) {
          const p = HASH_ALGORITHM_CRCS[config.algorithm];
          poly = {
            width: p.width,
            coeff: p.poly,
            reversed: p.refin,
            msb: false,
            extended: true,
            init: p.init,
            xor: p.xorout,
          };
        }
        this.mode = 'crc';
        break;
      }
      case 'CUSTOM':
        if (poly === undefined) throw new RangeError('a CUSTOM hash needs a CRCPolynomial');
        this.mode = 'crc';
        break;
      case 'IDENTITY':
        this.mode = 'identity';
        break;
      case 'RANDOM':
        this.mode = 'random';
        break;
      case 'XOR8':
      case 'XOR16':
      case 'XOR32':
        this.mode = 'xor';
        break;
    }
    this.msb = poly?.msb ?? false;
    this.extended = poly?.extended ?? false;
    this.crc = this.mode === 'crc' && poly !== undefined ? new Crc(crcParamsOf(poly)) : undefined;
    this.innerWidth =
      this.crc !== undefined ? this.crc.width : this.mode === 'xor' ? Number(config.algorithm.slice(3)) : this.width;
    this.streaming = false;
  }

  /**
   * Replaces the algorithm at run time (BF-RT's `<hash>.algorithm`; docs/tna-externs.md,
   * "Dynamic hashing"): the settings are checked first, so a refused one changes nothing.
   * `rotate` rotates the W-bit result left.
   */
  setAlgorithm(settings: HashSettings, rotate = 0): string | undefined {
    const why = checkHashSettings({ ...settings, width: this.width });
    if (why !== undefined) return why;
    if (!Number.isInteger(rotate) || rotate < 0 || rotate >= this.width)
      return `rotate ${describeValue(rotate)} is not in 0..${this.width - 1}`;
    this.apply({ ...settings, width: this.width });
    this.rotation = rotate;
    this.plain = this.layout === undefined && rotate === 0;
    return undefined;
  }

  /** Sets (or, with undefined, removes) the run-time field configuration. */
  setLayout(layout: HashLayout | undefined): void {
    this.layout = layout;
    this.plain = layout === undefined && this.rotation === 0;
    this.reset();
  }

  /** The current field configuration: the run-time one, or the declared list's default. */
  layoutNow(): HashLayout | undefined {
    return this.layout;
  }

  /** The algorithm, field configuration and rotation the program declared. */
  restore(): void {
    this.apply(this.declared);
    this.rotation = 0;
    this.layout = undefined;
    this.plain = true;
    this.reset();
  }

  /** The algorithm in force, for the control plane. */
  settings(): { algorithm: HashAlgorithm; crc?: CrcParams; msb: boolean; extend: boolean; rotate: number } {
    return {
      algorithm: this.algorithm,
      ...(this.crc === undefined ? {} : { crc: this.crc.params }),
      msb: this.msb,
      extend: this.extended,
      rotate: this.rotation,
    };
  }

  /** Appends a field of `width` bits (≤ 32) to the list. */
  add(value: number, width: number): this {
    this.list.add(value, width);
    return this;
  }

  /** Appends a field of any width, given as a bigint. */
  addBig(value: bigint, width: number): this {
    this.list.addBig(value, width);
    return this;
  }

  /**
   * Appends a field whose width is a multiple of 8 (8..32) to a list of such fields (the
   * caller keeps every field of the list whole bytes, and ends it with getFed/getFedBig).
   */
  feed(value: number, width: number): this {
    const crc = this.crc;
    if (crc === undefined || !this.plain) {
      this.list.add(value, width);
      return this;
    }
    if (!this.streaming) {
      crc.begin();
      this.streaming = true;
    }
    crc.feed(value, width);
    return this;
  }

  /** `feed` for a field of any multiple-of-8 width, given as a bigint. */
  feedBig(value: bigint, width: number): this {
    if (this.crc === undefined || !this.plain) {
      this.list.addBig(value, width);
      return this;
    }
    const v = BigInt.asUintN(width, value);
    for (let left = width; left > 0; ) {
      const n = left % 32 || 32;
      left -= n;
      this.feed(Number((v >> BigInt(left)) & 0xffffffffn), n);
    }
    return this;
  }

  /** The hash of the fed list as a number (as `get`). Ends the list. */
  getFed(): number {
    const crc = this.crc;
    if (crc === undefined || !this.plain) return this.get();
    if (!this.streaming) crc.begin();
    this.streaming = false;
    const w = this.width;
    const cw = crc.width;
    if (w <= 32) {
      if (cw === w || (cw > w && !this.msb)) return (crc.finishNumber() & (MASKS[w] as number)) >>> 0;
      if (cw <= 32 && cw > w) return crc.finishNumber() >>> (cw - w);
    }
    return Number(this.fit(crc.finishBig()) & 0xffffffffn);
  }

  /** The hash of the fed list as a bigint (as `getBig`). Ends the list. */
  getFedBig(): bigint {
    const crc = this.crc;
    if (crc === undefined || !this.plain) return this.getBig();
    if (!this.streaming) crc.begin();
    this.streaming = false;
    return this.fit(crc.finishBig());
  }

  /** Empties the field list without computing. */
  reset(): void {
    this.list.clear();
    this.streaming = false;
  }

  /** The hash of the own list as a number (see getOf). Empties the list. */
  get(): number {
    const v = this.getOf(this.list);
    this.list.clear();
    return v;
  }

  /** The hash of the own list as a bigint (any W). Empties the list. */
  getBig(): bigint {
    const v = this.getBigOf(this.list);
    this.list.clear();
    return v;
  }

  /** The hash of `list` as a number: W ≤ 32 (for wider W, the low 32 bits). Leaves the list as is. */
  getOf(list: FieldList): number {
    if (!this.plain) return Number(this.getBigOf(list) & 0xffffffffn);
    const n = list.bitLength;
    const w = this.width;
    if (this.mode === 'crc' && w <= 32 && (n & 7) === 0) {
      const crc = this.crc as Crc;
      const cw = crc.width;
      // Fast paths with no bigint: the CRC's own low bits, or a ≤32-bit CRC shifted down.
      if (cw === w || (cw > w && !this.msb))
        return (crc.computeNumber(list.buf, 0, n >>> 3) & (MASKS[w] as number)) >>> 0;
      if (cw <= 32 && cw > w) return crc.computeNumber(list.buf, 0, n >>> 3) >>> (cw - w);
    } else if (this.mode === 'identity' && w <= 32 && n <= 32) {
      return n === 0 ? 0 : (readBits(list.buf, 0, n) & (MASKS[w] as number)) >>> 0;
    } else if (this.mode === 'random' && w <= 32) {
      return randomHashNumber(list, w, this.randomSeed);
    }
    return Number(this.getBigOf(list) & 0xffffffffn);
  }

  /** The hash of `list` as a bigint (any W). Leaves the list as is. */
  getBigOf(list: FieldList): bigint {
    if (this.plain) return this.computeBig(list);
    const v = this.computeBig(this.layout === undefined ? list : this.remap(list));
    const r = this.rotation;
    if (r === 0) return v;
    const w = BigInt(this.width);
    return BigInt.asUintN(this.width, (v << BigInt(r)) | (v >> (w - BigInt(r))));
  }

  // The declared list's bits picked slice by slice in hashing order (a list of another length
  // than the declared one, which generated code never passes, is hashed as it is).
  private remap(list: FieldList): FieldList {
    const layout = this.layout as HashLayout;
    if (list.bitLength !== layout.declaredBits) return list;
    const out = this.remapped.clear();
    for (const p of layout.picks) {
      if (p.length <= 32) out.add(readBits(list.buf, p.from, p.length), p.length);
      else out.addBig(readBitsBig(list.buf, p.from, p.length), p.length);
    }
    return out;
  }

  private computeBig(list: FieldList): bigint {
    const n = list.bitLength;
    switch (this.mode) {
      case 'crc': {
        const crc = this.crc as Crc;
        return this.fit((n & 7) === 0 ? crc.compute(list.buf, 0, n >>> 3) : crc.computeBits(list.buf, n));
      }
      case 'identity':
        return n === 0 ? 0n : BigInt.asUintN(this.width, readBitsBig(list.buf, 0, n));
      case 'xor':
        return this.fit(n === 0 ? 0n : this.xorFold(readBitsBig(list.buf, 0, n), n));
      case 'random':
        return randomHashBig(list, this.width, this.randomSeed);
    }
  }

  /** Convenience for tests and the control plane: the hash of (value, width) pairs. */
  hashFields(fields: readonly (readonly [bigint | number, number])[]): bigint {
    this.reset();
    for (const [v, w] of fields) {
      if (typeof v === 'bigint') this.addBig(v, w);
      else this.add(v, w);
    }
    return this.getBig();
  }

  // XOR folds the list in innerWidth-bit chunks taken from its start: the list's first bit is
  // the first chunk's most significant bit, and a last chunk the list does not fill is padded
  // with zeros at its low end (bf-p4c's PTF test hash_extern_xor expects XOR16 of an 8, 16, 16,
  // 32-bit list to end with (field4 & 0xff) << 8: docs/tna-semantics.md, "Hash").
  private xorFold(list: bigint, bits: number): bigint {
    const cw = BigInt(this.innerWidth);
    const m = (1n << cw) - 1n;
    const pad = (this.innerWidth - (bits % this.innerWidth)) % this.innerWidth;
    let v = list << BigInt(pad);
    let acc = 0n;
    while (v !== 0n) {
      acc ^= v & m;
      v >>= cw;
    }
    return acc;
  }

  private fit(inner: bigint): bigint {
    const w = this.width;
    const iw = this.innerWidth;
    if (w === iw) return inner;
    if (w < iw) return this.msb && this.mode === 'crc' ? inner >> BigInt(iw - w) : BigInt.asUintN(w, inner);
    if (!this.extended || this.mode !== 'crc') return inner;
    let out = 0n;
    for (let filled = 0; filled < w; filled += iw) out |= inner << BigInt(filled);
    return BigInt.asUintN(w, out);
  }
}
