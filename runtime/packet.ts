// Packets as the engine moves them: an identity (bmv2's packet id, copy id and instance type,
// so traces tell clones and recirculations apart), a read cursor over the parser's input
// (extract / advance / lookahead) and an output builder for deparsers (emit headers, then the
// engine appends the unparsed payload). Cursor and builder are allocated once per engine and
// reused for every pass; the only per-pass allocation is the frame the deparser produces, a
// view carved from a shared slab (see FrameAllocator).

/** bmv2's PktInstanceType, in TNA's words. */
export const InstanceType = {
  NORMAL: 0,
  INGRESS_MIRROR: 1,
  EGRESS_MIRROR: 2,
  RECIRCULATED: 3,
  RESUBMITTED: 4,
  REPLICATED: 5,
} as const;
export type InstanceType = (typeof InstanceType)[keyof typeof InstanceType];

export const INSTANCE_TYPE_NAMES: readonly string[] = [
  'normal',
  'ingress-mirror',
  'egress-mirror',
  'recirculated',
  'resubmitted',
  'replicated',
];

/**
 * Who the packet in the pipeline is. The engine updates the fields of one object before each
 * block runs, so generated code reads `cur.packetId` / `cur.copyId` for trace calls without
 * any allocation.
 */
export interface PacketIdentity {
  /** Given once per frame received from a port; every copy keeps it. */
  packetId: number;
  /** 0 for the original; each mirror, multicast copy or re-entry gets a new one (per packet). */
  copyId: number;
  instanceType: InstanceType;
  /** Bytes of the packet in this pass (what Counter.count and Meter.execute see). */
  length: number;
  /** Counts pipeline passes engine-wide: a register may run one action per pass (strict mode). */
  pass: number;
}

export function newIdentity(): PacketIdentity {
  return { packetId: 0, copyId: 0, instanceType: InstanceType.NORMAL, length: 0, pass: 0 };
}

/**
 * P4's packet_in: the parser's input bytes and the bit offset of the next unread bit.
 * Generated code extracts a header of `n` bits with
 *   const o = pkt.extract(n); if (o < 0) return ERR_PacketTooShort;
 * and then reads its fields at `o`, `o + w1`, … with bits.ts readBits(pkt.buf, …).
 */
export class PacketCursor {
  /** The input; bytes at and after `length` are scratch. */
  buf: Uint8Array;
  /** Input length in bytes. */
  length = 0;
  /** Bit offset of the next bit to read. */
  offset = 0;

  constructor(capacity = 70 * 1024) {
    this.buf = new Uint8Array(capacity);
  }

  /** Fills the input with `prefixLength` bytes of `prefix` then `frame`, and rewinds. */
  load(prefix: Uint8Array, prefixLength: number, frame: Uint8Array): void {
    const need = prefixLength + frame.length;
    if (need > this.buf.length) this.buf = new Uint8Array(Math.max(need, this.buf.length * 2));
    copyBytes(this.buf, 0, prefix, 0, prefixLength);
    copyBytes(this.buf, prefixLength, frame, 0, frame.length);
    this.length = need;
    this.offset = 0;
  }

  /** Byte offset of the first byte the parser has not consumed (the payload's start). */
  get payloadStart(): number {
    return Math.min((this.offset + 7) >>> 3, this.length);
  }

  /** Bits left to read. */
  get remainingBits(): number {
    return this.length * 8 - this.offset;
  }

  /** Reserves `bits` to read: returns their start offset, or -1 (PacketTooShort) and moves nothing. */
  extract(bits: number): number {
    const o = this.offset;
    if (o + bits > this.length * 8) return -1;
    this.offset = o + bits;
    return o;
  }

  /** P4 `advance(bits)`: false (PacketTooShort) when the input is shorter. */
  advance(bits: number): boolean {
    if (this.offset + bits > this.length * 8) return false;
    this.offset += bits;
    return true;
  }

  /** P4 `lookahead<T>()`: the offset to read `bits` at without moving, or -1 when too short. */
  lookahead(bits: number): number {
    return this.offset + bits > this.length * 8 ? -1 : this.offset;
  }
}

/**
 * P4's packet_out: the deparser appends headers with
 *   const o = out.emit(n); writeBits(out.buf, o, w1, hdr.f1); …
 * `emit` may grow the buffer, so read `out.buf` after calling it.
 */
export class PacketBuilder {
  buf: Uint8Array;
  /** Bits emitted so far. */
  bitLength = 0;

  constructor(capacity = 70 * 1024) {
    this.buf = new Uint8Array(capacity);
  }

  clear(): void {
    this.bitLength = 0;
  }

  /** Reserves `bits` at the end and returns their bit offset (the bits are zeroed). */
  emit(bits: number): number {
    const o = this.bitLength;
    const endByte = (o + bits + 7) >>> 3;
    if (endByte > this.buf.length) {
      const grown = new Uint8Array(Math.max(endByte, this.buf.length * 2));
      grown.set(this.buf.subarray(0, (o + 7) >>> 3));
      this.buf = grown;
    }
    // writeBits keeps neighbouring bits, so clear the new whole bytes (the partial one keeps its head).
    // Headers are a few bytes: a loop beats fill()'s call into the runtime.
    const b = this.buf;
    for (let i = (o + 7) >>> 3; i < endByte; i++) b[i] = 0;
    this.bitLength = o + bits;
    return o;
  }

  /** Bytes emitted (a trailing partial byte counts). */
  get byteLength(): number {
    return (this.bitLength + 7) >>> 3;
  }

  /**
   * A new frame: `head` bytes, then what was emitted, then `payload` (the unparsed rest of
   * the parser's input). This is the one allocation per pass.
   */
  finish(payload: Uint8Array, head?: Uint8Array): Uint8Array {
    return this.finishFrom(payload, 0, payload.length, head);
  }

  /** `finish` with the payload given as `source[start, end)`, which spares a subarray view. */
  finishFrom(source: Uint8Array, start: number, end: number, head?: Uint8Array): Uint8Array {
    const h = head?.length ?? 0;
    const n = this.byteLength;
    const out = allocateFrame(h + n + (end - start));
    if (head !== undefined) copyBytes(out, 0, head, 0, h);
    copyBytes(out, h, this.buf, 0, n);
    copyBytes(out, h + n, source, start, end);
    return out;
  }
}

/** Below this many bytes a plain loop copies faster than set(subarray()), which allocates a view. */
const SHORT_COPY_BYTES = 64;

/** Copies `src[start, end)` to `dst` at `at`. */
export function copyBytes(dst: Uint8Array, at: number, src: Uint8Array, start: number, end: number): void {
  const n = end - start;
  if (n < SHORT_COPY_BYTES) {
    for (let i = 0; i < n; i++) dst[at + i] = src[start + i] as number;
  } else dst.set(start === 0 && end === src.length ? src : src.subarray(start, end), at);
}

/**
 * Frames the engine hands out, carved from 64 KiB slabs. V8 gives every typed array over 64
 * bytes its own off-heap backing store (an allocation, external-memory accounting and a
 * finalizer each); a view over a shared slab is a plain object. A slab lives as long as any
 * frame cut from it; frames are never reused, so whoever receives one owns it.
 */
const SLAB_BYTES = 64 * 1024;
const MAX_SLAB_FRAME = 8 * 1024;
let slab = new ArrayBuffer(SLAB_BYTES);
let slabUsed = 0;

/** A new zero-length-or-more frame of `length` bytes (contents unspecified until written). */
export function allocateFrame(length: number): Uint8Array {
  if (length > MAX_SLAB_FRAME) return new Uint8Array(length);
  if (slabUsed + length > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabUsed = 0;
  }
  const f = new Uint8Array(slab, slabUsed, length);
  // Keep views 8-byte aligned, as the allocator would.
  slabUsed = (slabUsed + length + 7) & ~7;
  return f;
}
