// v1model's hash and checksum algorithms as bmv2 computes them (docs/v1model.md): a field
// list is packed most significant field first from bit 0, its last byte padded with zero
// bits, fields of invalid headers left out; the `_with_payload` forms append the payload.
// crc16 and crc32 are bmv2's (CRC-16/ARC and the Ethernet CRC-32), crc16_custom and
// crc32_custom use the same parameters until a control plane changes them (p4ts has no
// such call yet), csum16 is RFC 1071's ones' complement sum, xor16 folds 16-bit words
// with xor (a short tail is left-aligned), identity is the list's first 8 bytes.

import { V1_HASH_ALGORITHMS, type V1HashAlgorithm } from '../../contract/hash-settings.js';
import type { V1FieldList } from '../pipeline-module.js';
import { Crc, type CrcParams } from './crc.js';
import { FieldList } from './field-list.js';
import type { Random } from './random.js';

const CRC16: CrcParams = { width: 16, poly: 0x8005, refin: true, refout: true, init: 0, xorout: 0 };
const CRC32: CrcParams = {
  width: 32,
  poly: 0x04c11db7,
  refin: true,
  refout: true,
  init: 0xffffffff,
  xorout: 0xffffffff,
};

export { V1_HASH_ALGORITHMS, type V1HashAlgorithm };

/** The ones' complement of the 16-bit ones' complement sum of `data` (an odd byte padded). */
export function csum16(data: Uint8Array, length = data.length): number {
  let s = 0;
  for (let i = 0; i < length; i += 2) s += ((data[i] as number) << 8) | (i + 1 < length ? (data[i + 1] as number) : 0);
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

export function xor16(data: Uint8Array, length = data.length): number {
  let x = 0;
  for (let i = 0; i < length; i += 2) x ^= ((data[i] as number) << 8) | (i + 1 < length ? (data[i + 1] as number) : 0);
  return x;
}

export function identity(data: Uint8Array, length = data.length): bigint {
  let v = 0n;
  for (let i = 0; i < Math.min(8, length); i++) v = (v << 8n) | BigInt(data[i] as number);
  return v;
}

/** One reusable field list with bmv2's algorithms over it. */
export class V1HashList implements V1FieldList {
  private readonly list = new FieldList(64);
  private readonly crc16 = new Crc(CRC16);
  private readonly crc32 = new Crc(CRC32);
  private payloadBytes: Uint8Array | undefined;

  constructor(
    /** The current packet's payload (the `_with_payload` forms). */
    private readonly currentPayload: () => Uint8Array,
    private readonly rng: Random,
  ) {}

  begin(): this {
    this.list.clear();
    this.payloadBytes = undefined;
    return this;
  }

  add(value: number, width: number): this {
    this.list.add(width < 32 ? value & (2 ** width - 1) : value >>> 0, width);
    return this;
  }

  addBig(value: bigint, width: number): this {
    this.list.addBig(BigInt.asUintN(width, value), width);
    return this;
  }

  addIf(valid: boolean, value: number, width: number): this {
    return valid ? this.add(value, width) : this;
  }

  addBigIf(valid: boolean, value: bigint, width: number): this {
    return valid ? this.addBig(value, width) : this;
  }

  payload(): this {
    this.payloadBytes = this.currentPayload();
    return this;
  }

  /** The packed bytes: the list (last byte zero-padded), then the payload if asked. */
  private bytes(): Uint8Array {
    const n = (this.list.bitLength + 7) >>> 3;
    const rem = this.list.bitLength & 7;
    if (rem !== 0) {
      const last = this.list.buf[n - 1] as number;
      this.list.buf[n - 1] = last & (0xff << (8 - rem)) & 0xff;
    }
    const head = this.list.buf.subarray(0, n);
    const p = this.payloadBytes;
    if (p === undefined || p.length === 0) return head;
    const all = new Uint8Array(n + p.length);
    all.set(head, 0);
    all.set(p, n);
    return all;
  }

  compute(algorithm: string): bigint {
    const data = this.bytes();
    switch (algorithm as V1HashAlgorithm) {
      case 'crc16':
      case 'crc16_custom':
        return BigInt(this.crc16.computeNumber(data));
      case 'crc32':
      case 'crc32_custom':
        return BigInt(this.crc32.computeNumber(data));
      case 'csum16':
        return BigInt(csum16(data));
      case 'xor16':
        return BigInt(xor16(data));
      case 'identity':
        return identity(data);
      case 'random':
        return BigInt(this.rng.get());
      default:
        throw new Error(`unknown v1model hash algorithm ${algorithm}`);
    }
  }
}
