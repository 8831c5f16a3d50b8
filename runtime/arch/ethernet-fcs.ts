// The Ethernet frame check sequence (CRC-32, as zlib computes it, sent least significant
// byte first). Frames on p4ts ports carry none (docs/wire-format.md), but Tofino's ingress
// parser reads a frame with its FCS behind it, so a parser that reads past the frame's end
// reads these 4 bytes (docs/tna-semantics.md, "The frame check sequence").

import { Crc } from '../externs/crc.js';
import { HASH_ALGORITHM_CRCS } from '../externs/crc-catalogue.js';

export const ETHERNET_FCS_LENGTH = 4;

const crc32 = new Crc(HASH_ALGORITHM_CRCS.CRC32);

/** Writes the FCS of `buf[from, to)` at `buf[to, to + 4)` (`buf` must have room). */
export function writeEthernetFcs(buf: Uint8Array, from: number, to: number): void {
  const c = crc32.computeNumber(buf, from, to);
  buf[to] = c & 0xff;
  buf[to + 1] = (c >>> 8) & 0xff;
  buf[to + 2] = (c >>> 16) & 0xff;
  buf[to + 3] = (c >>> 24) & 0xff;
}
