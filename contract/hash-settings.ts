// What a TNA Hash extern may be configured with, and the check of a configuration, shared by
// the compiler (which refuses a bad Hash at compile time) and the runtime's hash engine
// (runtime/externs/hash.ts, which builds one), and v1model's hash algorithm names. Types and
// validation only: no CRC arithmetic.

import { describeValue } from './result.js';

/** v1model's (and PSA's bmv2) HashAlgorithm members in declaration order, so a member's value is
 * its index: the names the compiler writes into a pipeline and the runtime's v1model hash runs. */
export const V1_HASH_ALGORITHMS = [
  'crc32',
  'crc32_custom',
  'crc16',
  'crc16_custom',
  'random',
  'identity',
  'csum16',
  'xor16',
] as const;
export type V1HashAlgorithm = (typeof V1_HASH_ALGORITHMS)[number];

/** TNA's HashAlgorithm_t. */
export type HashAlgorithm =
  | 'IDENTITY'
  | 'RANDOM'
  | 'CRC8'
  | 'CRC16'
  | 'CRC32'
  | 'CRC64'
  | 'CUSTOM'
  | 'XOR8'
  | 'XOR16'
  | 'XOR32';

/** TNA's CRCPolynomial<T>(coeff, reversed, msb, extended, init, xor); `width` is the width of T. */
export interface CRCPolynomial {
  readonly width: number;
  readonly coeff: bigint | number;
  readonly reversed: boolean;
  readonly msb: boolean;
  readonly extended: boolean;
  readonly init: bigint | number;
  readonly xor: bigint | number;
}

/** A CRC in the catalogue ("Rocksoft") model: width, poly, refin, refout, init, xorout. */
export interface CrcParams {
  /** Register width in bits, 1..64. */
  readonly width: number;
  /** Generator polynomial without its top (x^width) bit, normal (unreflected) form. */
  readonly poly: bigint | number;
  /** Reflect each input byte (feed its least significant bit first). */
  readonly refin: boolean;
  /** Reflect the final register before the final xor. */
  readonly refout: boolean;
  /** Initial register value, unreflected, as in the catalogue. */
  readonly init: bigint | number;
  /** Value xored into the (possibly reflected) register at the end. */
  readonly xorout: bigint | number;
}

/** A Hash's settings as the program states them (RANDOM's matrix seed is the runtime's business). */
export interface HashSettings {
  /** W, the width of the result, 1..64. */
  readonly width: number;
  readonly algorithm: HashAlgorithm;
  /** Required for CUSTOM; when given with a CRC preset it replaces the preset's parameters. */
  readonly polynomial?: CRCPolynomial;
}

/** Returns the reason the parameters are unusable, or undefined when they are fine. */
export function validateCrcParams(p: CrcParams): string | undefined {
  if (!Number.isInteger(p.width) || p.width < 1 || p.width > 64)
    return `CRC width ${describeValue(p.width)} is not in 1..64`;
  const limit = 1n << BigInt(p.width);
  for (const [name, v] of [
    ['poly', p.poly],
    ['init', p.init],
    ['xorout', p.xorout],
  ] as const) {
    if (typeof v !== 'bigint' && (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)) {
      return `CRC ${name} ${describeValue(v)} is not a non-negative integer`;
    }
    const b = BigInt(v);
    if (b < 0n || b >= limit) return `CRC ${name} 0x${b.toString(16)} does not fit in ${p.width} bits`;
  }
  return undefined;
}

/** A CRCPolynomial in the catalogue model (TNA's `reversed` reflects both input and output). */
export function crcParamsOf(poly: CRCPolynomial): CrcParams {
  return {
    width: poly.width,
    poly: poly.coeff,
    refin: poly.reversed,
    refout: poly.reversed,
    init: poly.init,
    xorout: poly.xor,
  };
}

/** Returns why the settings cannot make a Hash, or undefined when they can. */
export function checkHashSettings(settings: HashSettings): string | undefined {
  const w = settings.width;
  if (!Number.isInteger(w) || w < 1 || w > 64) return `hash width ${describeValue(w)} is not in 1..64`;
  if (settings.algorithm === 'CUSTOM' && settings.polynomial === undefined)
    return 'a CUSTOM hash needs a CRCPolynomial';
  if (settings.polynomial !== undefined) return validateCrcParams(crcParamsOf(settings.polynomial));
  return undefined;
}
