// Packet capture in classic pcap format (LINKTYPE_ETHERNET, microsecond timestamps), one file
// per port and direction, as `p4ts switch --pcap DIR` and hosts write them. Records are
// gathered in a 64 KiB buffer and handed to a file stream when it fills; close() flushes
// and resolves when the file is complete. Wireshark, tshark and `p4ts diff` read the files.

import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';

export const LINKTYPE_ETHERNET = 1;
export const PCAP_MAGIC_MICROS = 0xa1b2c3d4;
const GLOBAL_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
const CHUNK_BYTES = 64 * 1024;

/** Microseconds since the Unix epoch, with sub-millisecond resolution. */
export function nowMicros(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

export class PcapWriter {
  readonly path: string;
  readonly snaplen: number;
  private readonly stream: WriteStream;
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private error: Error | undefined;
  private closed = false;
  /** Frames written so far. */
  frames = 0;

  constructor(path: string, snaplen = 65535) {
    this.path = path;
    this.snaplen = snaplen;
    this.stream = createWriteStream(path);
    this.stream.on('error', (e) => {
      this.error ??= e;
    });
    const h = this.chunk;
    h.writeUInt32LE(PCAP_MAGIC_MICROS, 0);
    h.writeUInt16LE(2, 4); // version 2.4
    h.writeUInt16LE(4, 6);
    h.writeInt32LE(0, 8); // thiszone: timestamps are UTC
    h.writeUInt32LE(0, 12); // sigfigs
    h.writeUInt32LE(snaplen, 16);
    h.writeUInt32LE(LINKTYPE_ETHERNET, 20);
    this.used = GLOBAL_HEADER_BYTES;
  }

  /** Appends one frame (no FCS). Frames longer than snaplen are cut, keeping orig_len. */
  write(frame: Uint8Array, timestampMicros: number = nowMicros()): void {
    if (this.closed) return;
    const incl = Math.min(frame.length, this.snaplen);
    if (this.used + RECORD_HEADER_BYTES + incl > this.chunk.length) this.flushChunk(RECORD_HEADER_BYTES + incl);
    const c = this.chunk;
    const sec = Math.floor(timestampMicros / 1e6);
    c.writeUInt32LE(sec >>> 0, this.used);
    c.writeUInt32LE(timestampMicros - sec * 1e6, this.used + 4);
    c.writeUInt32LE(incl, this.used + 8);
    c.writeUInt32LE(frame.length, this.used + 12);
    c.set(frame.subarray(0, incl), this.used + RECORD_HEADER_BYTES);
    this.used += RECORD_HEADER_BYTES + incl;
    this.frames++;
  }

  /** Flushes everything and closes the file; resolves with the first I/O error, if any. */
  close(): Promise<Error | undefined> {
    if (this.closed) return Promise.resolve(this.error);
    this.closed = true;
    this.flushChunk(0);
    return new Promise((resolve) => {
      this.stream.end(() => resolve(this.error));
      this.stream.once('error', () => resolve(this.error));
    });
  }

  private flushChunk(need: number): void {
    if (this.used > 0) this.stream.write(this.chunk.subarray(0, this.used));
    // The stream keeps the written slice: start a fresh chunk rather than overwrite it.
    this.chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, need));
    this.used = 0;
  }
}

export type Direction = 'in' | 'out';

/** One PcapWriter per (port, direction), created on first use: DIR/port<N>-<in|out>.pcap. */
export class PortCapture {
  readonly dir: string;
  private readonly writers = new Map<string, PcapWriter>();

  constructor(dir: string) {
    this.dir = dir;
  }

  static fileName(port: number | string, direction: Direction): string {
    return `port${port}-${direction}.pcap`;
  }

  write(port: number | string, direction: Direction, frame: Uint8Array, timestampMicros?: number): void {
    const id = `${port}/${direction}`;
    let w = this.writers.get(id);
    if (w === undefined) {
      w = new PcapWriter(join(this.dir, PortCapture.fileName(port, direction)));
      this.writers.set(id, w);
    }
    w.write(frame, timestampMicros);
  }

  /** Closes every file; resolves with the errors met (empty when all went well). */
  async close(): Promise<Error[]> {
    const errors = await Promise.all([...this.writers.values()].map((w) => w.close()));
    return errors.filter((e): e is Error => e !== undefined);
  }
}
