// Reads classic pcap files (either byte order, microsecond or nanosecond magic): enough for
// tests, `p4ts diff` and tools to look at what the switch captured. Malformed input is a
// coded error, never an exception.

import { err, ok, type Result } from '../result.js';

export interface PcapRecord {
  readonly tsSec: number;
  /** Sub-second part in microseconds (nanosecond files are converted). */
  readonly tsMicros: number;
  readonly origLen: number;
  readonly data: Uint8Array;
}

export interface PcapFile {
  readonly linkType: number;
  readonly snaplen: number;
  readonly records: PcapRecord[];
}

export function readPcap(bytes: Uint8Array): Result<PcapFile, 'BAD_PCAP'> {
  if (bytes.length < 24) return err('BAD_PCAP', `file of ${bytes.length} bytes has no pcap header`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magicLE = dv.getUint32(0, true);
  let little: boolean;
  let nanos: boolean;
  if (magicLE === 0xa1b2c3d4 || magicLE === 0xa1b23c4d) {
    little = true;
    nanos = magicLE === 0xa1b23c4d;
  } else {
    const magicBE = dv.getUint32(0, false);
    if (magicBE !== 0xa1b2c3d4 && magicBE !== 0xa1b23c4d) return err('BAD_PCAP', `bad magic 0x${magicLE.toString(16)}`);
    little = false;
    nanos = magicBE === 0xa1b23c4d;
  }
  const snaplen = dv.getUint32(16, little);
  const linkType = dv.getUint32(20, little);
  const records: PcapRecord[] = [];
  let off = 24;
  while (off < bytes.length) {
    if (off + 16 > bytes.length) return err('BAD_PCAP', `truncated record header at byte ${off}`);
    const tsSec = dv.getUint32(off, little);
    const frac = dv.getUint32(off + 4, little);
    const incl = dv.getUint32(off + 8, little);
    const origLen = dv.getUint32(off + 12, little);
    if (off + 16 + incl > bytes.length) return err('BAD_PCAP', `record at byte ${off} runs past the end`);
    records.push({
      tsSec,
      tsMicros: nanos ? Math.floor(frac / 1000) : frac,
      origLen,
      data: bytes.subarray(off + 16, off + 16 + incl),
    });
    off += 16 + incl;
  }
  return ok({ linkType, snaplen, records });
}
