// Named CRC algorithms in the catalogue model, under the names the Tofino compiler accepts
// for hash algorithms (crc_32c, crc_32_bzip2, …; the crcmod naming), plus the four
// HashAlgorithm_t presets. Each entry carries its check value over "123456789" so tests
// pin the whole table.

import type { CrcParams } from './crc.js';

export interface NamedCrc extends CrcParams {
  /** CRC of the ASCII bytes "123456789". */
  readonly check: bigint;
}

function crc(width: number, poly: bigint, reflected: boolean, init: bigint, xorout: bigint, check: bigint): NamedCrc {
  return { width, poly, refin: reflected, refout: reflected, init, xorout, check };
}

const ONES16 = 0xffffn;
const ONES32 = 0xffffffffn;
const ONES64 = 0xffffffffffffffffn;

/** Tofino's HashAlgorithm_t CRC presets (docs/tna.md §6). */
export const HASH_ALGORITHM_CRCS = {
  CRC8: crc(8, 0x07n, false, 0n, 0n, 0xf4n),
  CRC16: crc(16, 0x8005n, true, 0n, 0n, 0xbb3dn),
  CRC32: crc(32, 0x04c11db7n, true, ONES32, ONES32, 0xcbf43926n),
  CRC64: crc(64, 0x42f0e1eba9ea3693n, false, 0n, 0n, 0x6c40df5f0b497347n),
} as const satisfies Record<string, NamedCrc>;

/**
 * Named variants. Where the crcmod name and the catalogue disagree the crcmod parameters
 * win, because that is the list the Tofino compiler took its names from: `crc_64_jones` has
 * init all ones (check 0xCAA717168609F281); Redis' CRC-64 is the same polynomial with init 0.
 */
export const NAMED_CRCS: Readonly<Record<string, NamedCrc>> = {
  crc_8: crc(8, 0x07n, false, 0n, 0n, 0xf4n),
  crc_8_darc: crc(8, 0x39n, true, 0n, 0n, 0x15n),
  crc_8_i_code: crc(8, 0x1dn, false, 0xfdn, 0n, 0x7en),
  crc_8_itu: crc(8, 0x07n, false, 0n, 0x55n, 0xa1n),
  crc_8_maxim: crc(8, 0x31n, true, 0n, 0n, 0xa1n),
  crc_8_rohc: crc(8, 0x07n, true, 0xffn, 0n, 0xd0n),
  crc_8_wcdma: crc(8, 0x9bn, true, 0n, 0n, 0x25n),
  crc_16: crc(16, 0x8005n, true, 0n, 0n, 0xbb3dn),
  crc_16_buypass: crc(16, 0x8005n, false, 0n, 0n, 0xfee8n),
  crc_16_dds_110: crc(16, 0x8005n, false, 0x800dn, 0n, 0x9ecfn),
  crc_16_dnp: crc(16, 0x3d65n, true, 0n, ONES16, 0xea82n),
  crc_16_en_13757: crc(16, 0x3d65n, false, 0n, ONES16, 0xc2b7n),
  crc_16_genibus: crc(16, 0x1021n, false, ONES16, ONES16, 0xd64en),
  crc_16_maxim: crc(16, 0x8005n, true, 0n, ONES16, 0x44c2n),
  crc_16_mcrf4xx: crc(16, 0x1021n, true, ONES16, 0n, 0x6f91n),
  crc_16_riello: crc(16, 0x1021n, true, 0xb2aan, 0n, 0x63d0n),
  crc_16_t10_dif: crc(16, 0x8bb7n, false, 0n, 0n, 0xd0dbn),
  crc_16_teledisk: crc(16, 0xa097n, false, 0n, 0n, 0x0fb3n),
  crc_16_usb: crc(16, 0x8005n, true, ONES16, ONES16, 0xb4c8n),
  x_25: crc(16, 0x1021n, true, ONES16, ONES16, 0x906en),
  xmodem: crc(16, 0x1021n, false, 0n, 0n, 0x31c3n),
  modbus: crc(16, 0x8005n, true, ONES16, 0n, 0x4b37n),
  kermit: crc(16, 0x1021n, true, 0n, 0n, 0x2189n),
  crc_ccitt_false: crc(16, 0x1021n, false, ONES16, 0n, 0x29b1n),
  crc_aug_ccitt: crc(16, 0x1021n, false, 0x1d0fn, 0n, 0xe5ccn),
  crc_32: crc(32, 0x04c11db7n, true, ONES32, ONES32, 0xcbf43926n),
  crc_32_bzip2: crc(32, 0x04c11db7n, false, ONES32, ONES32, 0xfc891918n),
  crc_32c: crc(32, 0x1edc6f41n, true, ONES32, ONES32, 0xe3069283n),
  crc_32d: crc(32, 0xa833982bn, true, ONES32, ONES32, 0x87315576n),
  crc_32_mpeg: crc(32, 0x04c11db7n, false, ONES32, 0n, 0x0376e6e7n),
  posix: crc(32, 0x04c11db7n, false, 0n, ONES32, 0x765e7680n),
  crc_32q: crc(32, 0x814141abn, false, 0n, 0n, 0x3010bf7fn),
  jamcrc: crc(32, 0x04c11db7n, true, ONES32, 0n, 0x340bc6d9n),
  xfer: crc(32, 0x000000afn, false, 0n, 0n, 0xbd0be338n),
  crc_64: crc(64, 0x000000000000001bn, true, 0n, 0n, 0x46a5a9388a5beffen),
  crc_64_we: crc(64, 0x42f0e1eba9ea3693n, false, ONES64, ONES64, 0x62ec59e3f1a4f00an),
  crc_64_jones: crc(64, 0xad93d23594c935a9n, true, ONES64, 0n, 0xcaa717168609f281n),
};
