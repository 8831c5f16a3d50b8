// CRC engine in the catalogue ("Rocksoft") model: width, poly, refin, refout, init, xorout.
// Tofino's Hash/CRCPolynomial, the crc64Redis reference (tests check the hosts' own key hash,
// wire/key-hash.ts, against it) and tests all compute CRCs here. Byte-aligned inputs go through a 256-entry table with 32-bit number
// arithmetic only (two 32-bit halves for widths above 32: no bigint in the inner loop);
// inputs whose bit length is not a multiple of 8 go through a bit-serial loop, MSB first.
// A CRC can also be streamed (begin, feed whole-byte fields, finish) so that Hash.get over a
// field list never packs the fields into a buffer.

import { type CrcParams, validateCrcParams } from '../../contract/hash-settings.js';
import { err, ok, type Result } from '../result.js';

// The parameters and their check are the contract module's (the compiler checks them too).
export { type CrcParams, validateCrcParams } from '../../contract/hash-settings.js';

export type CrcResult = Result<Crc, 'BAD_CRC_PARAMS'>;

/** Builds a CRC engine, or a coded error naming the bad parameter. */
export function createCrc(params: CrcParams): CrcResult {
  const why = validateCrcParams(params);
  if (why !== undefined) return err('BAD_CRC_PARAMS', why);
  return ok(new Crc(params));
}

/** Reverses the low `width` bits of `v`. */
export function reflectBits(v: bigint, width: number): bigint {
  let r = 0n;
  for (let i = 0; i < width; i++) {
    r = (r << 1n) | (v & 1n);
    v >>= 1n;
  }
  return r;
}

function reflect32(v: number, width: number): number {
  let r = 0;
  for (let i = 0; i < width; i++) {
    r = (r << 1) | (v & 1);
    v >>>= 1;
  }
  return r >>> 0;
}

/**
 * One CRC algorithm with its precomputed tables. Reflected algorithms keep the register
 * reflected and right-aligned (shifting right); normal ones keep it left-aligned in 32 (or
 * 64) bits so every width shares one shift-left loop.
 */
export class Crc {
  readonly params: Readonly<CrcParams>;
  readonly width: number;
  private readonly wide: boolean;
  private readonly mask: bigint;
  private readonly polyBig: bigint;
  private readonly initBig: bigint;
  private readonly xoroutBig: bigint;
  // Tables: for widths ≤ 32 only `tLo`; above 32, the high and low 32-bit halves.
  private readonly tLo = new Uint32Array(256);
  private readonly tHi = new Uint32Array(256);
  // Widths ≤ 32: tables for k bytes at a time (slicing), tK[i] = tK-1[i] advanced one byte of zeros.
  private readonly t2 = new Uint32Array(256);
  private readonly t3 = new Uint32Array(256);
  private readonly t4 = new Uint32Array(256);
  // Register start values in the table algorithm's orientation and alignment.
  private readonly startLo: number;
  private readonly startHi: number;
  private readonly xorout32: number;
  private readonly refin: boolean;
  // The register of the stream in progress (begin/feed/finish), in the table orientation.
  private sLo = 0;
  private sHi = 0;

  /** Use createCrc for parameters that are not known to be valid. */
  constructor(params: CrcParams) {
    const why = validateCrcParams(params);
    if (why !== undefined) throw new RangeError(why);
    this.params = { ...params };
    this.width = params.width;
    this.wide = params.width > 32;
    this.mask = (1n << BigInt(params.width)) - 1n;
    this.polyBig = BigInt(params.poly);
    this.initBig = BigInt(params.init);
    this.xoroutBig = BigInt(params.xorout);
    this.xorout32 = Number(this.xoroutBig & 0xffffffffn);
    this.refin = params.refin;
    const w = params.width;
    if (!this.wide) {
      const reg = params.refin ? reflectBits(this.initBig, w) : this.initBig << BigInt(32 - w);
      this.startLo = Number(reg) >>> 0;
      this.startHi = 0;
      this.buildTable32();
      this.buildSlices();
    } else {
      const reg = params.refin ? reflectBits(this.initBig, w) : this.initBig << BigInt(64 - w);
      this.startLo = Number(reg & 0xffffffffn) >>> 0;
      this.startHi = Number(reg >> 32n) >>> 0;
      this.buildTable64();
    }
  }

  private buildTable32(): void {
    const w = this.width;
    if (this.params.refin) {
      const rpoly = Number(reflectBits(this.polyBig, w)) >>> 0;
      for (let i = 0; i < 256; i++) {
        let c = i;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ rpoly : c >>> 1;
        this.tLo[i] = c >>> 0;
      }
    } else {
      const apoly = Number(this.polyBig << BigInt(32 - w)) >>> 0;
      for (let i = 0; i < 256; i++) {
        let c = (i << 24) >>> 0;
        for (let k = 0; k < 8; k++) c = c & 0x80000000 ? ((c << 1) ^ apoly) >>> 0 : (c << 1) >>> 0;
        this.tLo[i] = c;
      }
    }
  }

  private buildSlices(): void {
    const t = this.tLo;
    const slices = [t, this.t2, this.t3, this.t4];
    for (let k = 1; k < 4; k++) {
      const prev = slices[k - 1] as Uint32Array;
      const next = slices[k] as Uint32Array;
      for (let i = 0; i < 256; i++) {
        const v = prev[i] as number;
        next[i] = this.params.refin
          ? ((v >>> 8) ^ (t[v & 0xff] as number)) >>> 0
          : ((v << 8) ^ (t[v >>> 24] as number)) >>> 0;
      }
    }
  }

  private buildTable64(): void {
    const w = this.width;
    const m64 = (1n << 64n) - 1n;
    if (this.params.refin) {
      const rpoly = reflectBits(this.polyBig, w);
      for (let i = 0; i < 256; i++) {
        let c = BigInt(i);
        for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ rpoly : c >> 1n;
        this.tLo[i] = Number(c & 0xffffffffn);
        this.tHi[i] = Number(c >> 32n);
      }
    } else {
      const apoly = this.polyBig << BigInt(64 - w);
      for (let i = 0; i < 256; i++) {
        let c = BigInt(i) << 56n;
        for (let k = 0; k < 8; k++) c = c & (1n << 63n) ? ((c << 1n) ^ apoly) & m64 : (c << 1n) & m64;
        this.tLo[i] = Number(c & 0xffffffffn);
        this.tHi[i] = Number(c >> 32n);
      }
    }
  }

  /**
   * CRC of the bytes data[start..end) as an unsigned number: the whole CRC for widths ≤ 32,
   * the low 32 bits for wider ones (what a `[31:0]` slice keeps). This is the hot-path entry:
   * no allocation, and no bigint unless a wide CRC has refin ≠ refout.
   */
  computeNumber(data: Uint8Array, start = 0, end = data.length): number {
    if (this.wide) return this.computeLow32(data, start, end);
    const t = this.tLo;
    let c = this.startLo;
    if (this.params.refin) {
      for (let i = start; i < end; i++) c = (c >>> 8) ^ (t[(c ^ (data[i] as number)) & 0xff] as number);
      c >>>= 0;
      if (!this.params.refout) c = reflect32(c, this.width);
    } else {
      for (let i = start; i < end; i++) c = ((c << 8) ^ (t[(c >>> 24) ^ (data[i] as number)] as number)) >>> 0;
      c = c >>> (32 - this.width);
      if (this.params.refout) c = reflect32(c, this.width);
    }
    return (c ^ this.xorout32) >>> 0;
  }

  private computeLow32(data: Uint8Array, start: number, end: number): number {
    if (this.params.refin !== this.params.refout) return Number(this.compute(data, start, end) & 0xffffffffn);
    const tl = this.tLo;
    const th = this.tHi;
    let lo = this.startLo;
    let hi = this.startHi;
    if (this.params.refin) {
      for (let i = start; i < end; i++) {
        const idx = (lo ^ (data[i] as number)) & 0xff;
        lo = ((lo >>> 8) | (hi << 24)) ^ (tl[idx] as number);
        hi = (hi >>> 8) ^ (th[idx] as number);
      }
    } else {
      for (let i = start; i < end; i++) {
        const idx = (hi >>> 24) ^ (data[i] as number);
        hi = ((hi << 8) | (lo >>> 24)) ^ (th[idx] as number);
        lo = (lo << 8) ^ (tl[idx] as number);
      }
      const s = 64 - this.width; // 0..31: the register is left-aligned in 64 bits
      if (s > 0) lo = (lo >>> s) | (hi << (32 - s));
    }
    return (lo ^ this.xorout32) >>> 0;
  }

  // ---- streaming: one stream at a time per Crc (the packet path is synchronous) ----------

  /** Starts a stream: the register takes its initial value. */
  begin(): void {
    this.sLo = this.startLo;
    this.sHi = this.startHi;
  }

  /**
   * Feeds the low `width` bits of `value` (width a multiple of 8, 8..32), most significant
   * byte first: the same as feeding those bytes to `compute`.
   */
  feed(value: number, width: number): void {
    if (!this.wide) {
      this.sLo = this.refin ? this.feedReflected(this.sLo, value, width) : this.feedNormal(this.sLo, value, width);
      return;
    }
    const tl = this.tLo;
    const th = this.tHi;
    let lo = this.sLo;
    let hi = this.sHi;
    for (let s = width - 8; s >= 0; s -= 8) {
      const byte = (value >>> s) & 0xff;
      if (this.refin) {
        const idx = (lo ^ byte) & 0xff;
        lo = ((lo >>> 8) | (hi << 24)) ^ (tl[idx] as number);
        hi = (hi >>> 8) ^ (th[idx] as number);
      } else {
        const idx = (hi >>> 24) ^ byte;
        hi = ((hi << 8) | (lo >>> 24)) ^ (th[idx] as number);
        lo = (lo << 8) ^ (tl[idx] as number);
      }
    }
    this.sLo = lo;
    this.sHi = hi;
  }

  // Two or four bytes at once by slicing: the bytes' table lookups do not depend on each
  // other, unlike the byte-at-a-time chain. The first byte fed (the field's most
  // significant) takes the table that advances it the furthest.
  private feedReflected(c: number, value: number, width: number): number {
    const t = this.tLo;
    if (width === 32) {
      const x = c ^ (((value >>> 24) & 0xff) | ((value >>> 8) & 0xff00) | ((value & 0xff00) << 8) | (value << 24));
      return (
        (this.t4[x & 0xff] as number) ^
        (this.t3[(x >>> 8) & 0xff] as number) ^
        (this.t2[(x >>> 16) & 0xff] as number) ^
        (t[x >>> 24] as number)
      );
    }
    if (width === 16) {
      const x = c ^ (((value >>> 8) & 0xff) | ((value & 0xff) << 8));
      return (c >>> 16) ^ (this.t2[x & 0xff] as number) ^ (t[(x >>> 8) & 0xff] as number);
    }
    for (let s = width - 8; s >= 0; s -= 8) c = (c >>> 8) ^ (t[(c ^ (value >>> s)) & 0xff] as number);
    return c;
  }

  private feedNormal(c: number, value: number, width: number): number {
    const t = this.tLo;
    if (width === 32) {
      const x = (c ^ value) >>> 0;
      return (
        ((this.t4[x >>> 24] as number) ^
          (this.t3[(x >>> 16) & 0xff] as number) ^
          (this.t2[(x >>> 8) & 0xff] as number) ^
          (t[x & 0xff] as number)) >>>
        0
      );
    }
    if (width === 16) {
      const x = (c ^ (value << 16)) >>> 0;
      return ((c << 16) ^ (this.t2[x >>> 24] as number) ^ (t[(x >>> 16) & 0xff] as number)) >>> 0;
    }
    for (let s = width - 8; s >= 0; s -= 8) c = ((c << 8) ^ (t[(c >>> 24) ^ ((value >>> s) & 0xff)] as number)) >>> 0;
    return c;
  }

  /** The stream's CRC as `computeNumber` gives it (the low 32 bits of a wider CRC). */
  finishNumber(): number {
    if (this.wide) {
      if (this.params.refin !== this.params.refout) return Number(this.finishBig() & 0xffffffffn);
      let lo = this.sLo;
      if (!this.refin) {
        const s = 64 - this.width;
        if (s > 0) lo = (lo >>> s) | (this.sHi << (32 - s));
      }
      return (lo ^ this.xorout32) >>> 0;
    }
    let c = this.sLo >>> 0;
    if (this.refin) {
      if (!this.params.refout) c = reflect32(c, this.width);
    } else {
      c = c >>> (32 - this.width);
      if (this.params.refout) c = reflect32(c, this.width);
    }
    return (c ^ this.xorout32) >>> 0;
  }

  /** The stream's CRC as `compute` gives it (any width). */
  finishBig(): bigint {
    if (!this.wide) return BigInt(this.finishNumber());
    let reg = (BigInt(this.sHi >>> 0) << 32n) | BigInt(this.sLo >>> 0);
    if (this.refin) {
      if (!this.params.refout) reg = reflectBits(reg, this.width);
    } else {
      reg >>= BigInt(64 - this.width);
      if (this.params.refout) reg = reflectBits(reg, this.width);
    }
    return (reg ^ this.xoroutBig) & this.mask;
  }

  /** CRC of the bytes data[start..end) as a bigint (any width). */
  compute(data: Uint8Array, start = 0, end = data.length): bigint {
    if (!this.wide) return BigInt(this.computeNumber(data, start, end));
    const tl = this.tLo;
    const th = this.tHi;
    let lo = this.startLo;
    let hi = this.startHi;
    let reg: bigint;
    if (this.params.refin) {
      for (let i = start; i < end; i++) {
        const idx = (lo ^ (data[i] as number)) & 0xff;
        lo = ((lo >>> 8) | (hi << 24)) ^ (tl[idx] as number);
        hi = (hi >>> 8) ^ (th[idx] as number);
      }
      reg = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
      if (!this.params.refout) reg = reflectBits(reg, this.width);
    } else {
      for (let i = start; i < end; i++) {
        const idx = (hi >>> 24) ^ (data[i] as number);
        hi = ((hi << 8) | (lo >>> 24)) ^ (th[idx] as number);
        lo = (lo << 8) ^ (tl[idx] as number);
      }
      reg = ((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)) >> BigInt(64 - this.width);
      if (this.params.refout) reg = reflectBits(reg, this.width);
    }
    return (reg ^ this.xoroutBig) & this.mask;
  }

  /**
   * CRC of the first `bitLength` bits of `data` (most significant bit of each byte first),
   * bit by bit. With refin, every whole byte is fed least significant bit first, and a
   * trailing partial group of k bits is fed in reverse (its last bit first), so that refin
   * keeps meaning "reflect each input group". Equals `compute` when bitLength is a multiple of 8.
   */
  computeBits(data: Uint8Array, bitLength: number): bigint {
    if (!Number.isInteger(bitLength) || bitLength < 0 || bitLength > data.length * 8) {
      throw new RangeError(`bit length ${bitLength} is outside the ${data.length}-byte input`);
    }
    const w = BigInt(this.width);
    const top = 1n << (w - 1n);
    let reg = this.initBig;
    for (let g = 0; g < bitLength; g += 8) {
      const n = Math.min(8, bitLength - g);
      const byte = data[g >> 3] as number;
      for (let k = 0; k < n; k++) {
        // Bit position within the byte, counting from the most significant bit.
        const pos = this.params.refin ? n - 1 - k : k;
        const bit = (byte >> (7 - pos)) & 1;
        const fb = ((reg & top) !== 0n ? 1 : 0) ^ bit;
        reg = (reg << 1n) & this.mask;
        if (fb) reg ^= this.polyBig;
      }
    }
    if (this.params.refout) reg = reflectBits(reg, this.width);
    return (reg ^ this.xoroutBig) & this.mask;
  }
}

/** CRC-64 as Redis computes it (Jones polynomial, reflected, init 0, xorout 0). */
export const CRC64_REDIS: CrcParams = {
  width: 64,
  poly: 0xad93d23594c935a9n,
  refin: true,
  refout: true,
  init: 0n,
  xorout: 0n,
};

const crc64RedisEngine = new Crc(CRC64_REDIS);

/** CRC-64 as Redis computes it; check value of "123456789" is 0xE9C6D914C4B8D9CA. */
export function crc64Redis(data: Uint8Array): bigint {
  return crc64RedisEngine.compute(data);
}
