// The wire contract between hosts and switch ports: each UDP datagram carries Ethernet
// frames (no FCS). In 'single' mode a datagram is exactly one frame; in 'batched' mode a
// datagram carries several frames, each preceded by its 2-byte big-endian length. Both ends
// of a link must agree on the mode. This is the only module that knows the framing, so hosts
// (kvserver, client) and the switch switch modes without touching anything else.

export type Framing = 'single' | 'batched';

/** Largest frame a batched datagram can describe (the length prefix is 16 bits). */
export const MAX_FRAME_BYTES = 0xffff;
/** Largest UDP payload we put in one datagram on loopback (stay under 64 KiB with headroom). */
export const MAX_DATAGRAM_BYTES = 65000;

/**
 * Splits one received datagram into frames. Calls `onFrame` with views into `datagram`
 * (no copies). Returns the number of frames, or -1 when a batched datagram is malformed
 * (a length that runs past the end); frames before the bad one have already been delivered.
 */
export function decodeDatagram(framing: Framing, datagram: Uint8Array, onFrame: (frame: Uint8Array) => void): number {
  if (framing === 'single') {
    onFrame(datagram);
    return 1;
  }
  let off = 0;
  let n = 0;
  while (off < datagram.length) {
    if (off + 2 > datagram.length) return -1;
    const len = ((datagram[off] as number) << 8) | (datagram[off + 1] as number);
    off += 2;
    if (off + len > datagram.length) return -1;
    onFrame(datagram.subarray(off, off + len));
    off += len;
    n++;
  }
  return n;
}

/** Bytes per datagram slab; a datagram larger than an eighth of it gets its own buffer. */
const SLAB_BYTES = 64 * 1024;

/**
 * Where a sender's batched datagrams are cut from: views into 64 KiB slabs that are never
 * reused (the socket may still be sending a datagram when the next is encoded). A fresh
 * array per datagram had its own off-heap backing store, allocated and later freed each time.
 */
export class DatagramSlabs {
  private slab = new Uint8Array(0);
  private used = 0;

  /** `bytes` bytes nothing else will write (their content is whatever the caller writes). */
  take(bytes: number): Uint8Array {
    if (bytes > SLAB_BYTES / 8) return new Uint8Array(bytes);
    if (this.used + bytes > this.slab.length) {
      this.slab = new Uint8Array(SLAB_BYTES);
      this.used = 0;
    }
    const view = this.slab.subarray(this.used, this.used + bytes);
    this.used += bytes;
    return view;
  }
}

/**
 * Packs frames into as few datagrams as the framing allows: one per frame in 'single' mode,
 * as many frames as fit in MAX_DATAGRAM_BYTES in 'batched' mode.
 */
export function encodeDatagrams(
  framing: Framing,
  frames: readonly Uint8Array[],
  slabs: DatagramSlabs = new DatagramSlabs(),
): Uint8Array[] {
  if (framing === 'single') return frames.slice();
  const out: Uint8Array[] = [];
  let i = 0;
  while (i < frames.length) {
    let size = 0;
    let j = i;
    while (j < frames.length) {
      const f = frames[j] as Uint8Array;
      if (f.length > MAX_FRAME_BYTES) throw new RangeError(`frame of ${f.length} bytes exceeds ${MAX_FRAME_BYTES}`);
      if (j > i && size + 2 + f.length > MAX_DATAGRAM_BYTES) break;
      size += 2 + f.length;
      j++;
    }
    const buf = slabs.take(size);
    let off = 0;
    for (let k = i; k < j; k++) {
      const f = frames[k] as Uint8Array;
      buf[off] = f.length >>> 8;
      buf[off + 1] = f.length & 0xff;
      buf.set(f, off + 2);
      off += 2 + f.length;
    }
    out.push(buf);
    i = j;
  }
  return out;
}
