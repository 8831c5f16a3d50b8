// Packets as the engine moves them: an identity (bmv2's packet id, copy id and instance type,
// so traces tell clones and recirculations apart), a read cursor over the parser's input
// (extract / advance / lookahead) and an output builder for deparsers (emit headers, then the
// engine appends the unparsed payload). Cursor and builder are allocated once per engine and
// reused for every pass; a builder can deparse straight into the next parser's input (after
// its intrinsic prefix), so a packet going from ingress to egress is never copied into a
// frame of its own. Frames that leave the engine are views carved from a shared slab.

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
  /**
   * Bytes of the packet in this pass as counters and meters see them: the frame plus its
   * 4-byte Ethernet CRC, which Tofino's counters include (docs/tna-semantics.md).
   */
  length: number;
  /** Counts that wait for the egress deparser's length (true egress accounting, Tofino 2). */
  readonly deferred: DeferredCount[];
  /** Counts pipeline passes engine-wide: a register may run one action per pass (strict mode). */
  pass: number;
  /** The pass clock (ns) of the current pass: what time-based externs (Lpf, Wred) see. */
  nowNs: number;
}

/** One Counter.count / DirectCounter.count whose bytes are known only once the egress deparser ran. */
export interface DeferredCount {
  readonly counter: { count(index: number, packetBytes: number, adjustByteCount?: number): void };
  readonly index: number;
  readonly adjust: number;
}

/** The 4-byte Ethernet frame check sequence, counted by Tofino's counters and meters. */
export const ETHERNET_FCS_BYTES = 4;

export function newIdentity(): PacketIdentity {
  return { packetId: 0, copyId: 0, instanceType: InstanceType.NORMAL, length: 0, pass: 0, deferred: [], nowNs: 0 };
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
  /**
   * Bytes after `length` the parser may still read (Tofino's ingress parser reads into the
   * frame's 4-byte FCS), written by `fillTail` the first time a read reaches them; they are
   * never part of the payload. 0: reads stop at `length`.
   */
  tailBytes = 0;
  fillTail: ((buf: Uint8Array, end: number) => void) | undefined;
  private tailFilled = false;

  constructor(capacity = 70 * 1024) {
    this.buf = new Uint8Array(capacity);
  }

  /** Fills the input with `prefixLength` bytes of `prefix` then `frame`, and rewinds. */
  load(prefix: Uint8Array, prefixLength: number, frame: Uint8Array): void {
    const need = prefixLength + frame.length;
    this.reserve(need, 0);
    copyBytes(this.buf, 0, prefix, 0, prefixLength);
    copyBytes(this.buf, prefixLength, frame, 0, frame.length);
    this.rewind(need);
  }

  /** Makes `buf` hold at least `bytes`, keeping its first `keep` bytes (the engine fills it in place). */
  reserve(bytes: number, keep: number): void {
    if (bytes <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(bytes, this.buf.length * 2));
    copyBytes(grown, 0, this.buf, 0, keep);
    this.buf = grown;
  }

  /** The input is now the first `length` bytes of `buf`; reading starts over. */
  rewind(length: number): void {
    this.length = length;
    this.offset = 0;
    this.tailFilled = false;
  }

  /** A read ending at bit `end`, past `length`: allowed (and the tail filled) when it stays within the tail. */
  private intoTail(end: number): boolean {
    if (end > (this.length + this.tailBytes) * 8) return false;
    if (!this.tailFilled) {
      this.reserve(this.length + this.tailBytes, this.length);
      this.fillTail?.(this.buf, this.length);
      this.tailFilled = true;
    }
    return true;
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
    if (o + bits > this.length * 8 && !this.intoTail(o + bits)) return -1;
    this.offset = o + bits;
    return o;
  }

  /** P4 `advance(bits)`: false (PacketTooShort) when the input is shorter. */
  advance(bits: number): boolean {
    if (this.offset + bits > this.length * 8 && !this.intoTail(this.offset + bits)) return false;
    this.offset += bits;
    return true;
  }

  /** P4 `lookahead<T>()`: the offset to read `bits` at without moving, or -1 when too short. */
  lookahead(bits: number): number {
    return this.offset + bits > this.length * 8 && !this.intoTail(this.offset + bits) ? -1 : this.offset;
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
  /** Bit offset in `buf` of the first emitted bit (0 unless set with clearInto). */
  private base = 0;

  constructor(capacity = 70 * 1024) {
    this.buf = new Uint8Array(capacity);
  }

  clear(): void {
    this.bitLength = 0;
  }

  /**
   * Starts over, emitting into `buf` from byte `at` on: the engine has the ingress deparser
   * write where the egress parser will read. `emit` offsets are then offsets in `buf`. If
   * `emit` has to grow the buffer, `buf` is a new array afterwards (compare before using it).
   */
  clearInto(buf: Uint8Array, at: number): void {
    this.buf = buf;
    this.base = at * 8;
    this.bitLength = 0;
  }

  /** Reserves `bits` at the end and returns their bit offset in `buf` (the bits are zeroed). */
  emit(bits: number): number {
    const o = this.base + this.bitLength;
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
    this.bitLength += bits;
    return o;
  }

  /** Bytes emitted (a trailing partial byte counts). */
  get byteLength(): number {
    return (this.bitLength + 7) >>> 3;
  }

  /** Byte offset in `buf` of the first emitted byte. */
  get start(): number {
    return this.base >>> 3;
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
    const at = this.base >>> 3;
    copyBytes(out, h, this.buf, at, at + n);
    copyBytes(out, h + n, source, start, end);
    return out;
  }
}

/**
 * Copy lengths from which set() beats a plain loop (measured on Node 20): a whole array from
 * about a dozen bytes (a received frame: set is ~3x faster at 60 bytes); part of one only from
 * 64 bytes, since set(subarray()) first allocates a view.
 */
const SET_WHOLE_BYTES = 12;
const SET_PART_BYTES = 64;

/** Copies `src[start, end)` to `dst` at `at`. */
export function copyBytes(dst: Uint8Array, at: number, src: Uint8Array, start: number, end: number): void {
  const n = end - start;
  if (start === 0 && end === src.length) {
    if (n >= SET_WHOLE_BYTES) {
      dst.set(src, at);
      return;
    }
  } else if (n >= SET_PART_BYTES) {
    dst.set(src.subarray(start, end), at);
    return;
  }
  for (let i = 0; i < n; i++) dst[at + i] = src[start + i] as number;
}

/**
 * Frames the engine hands out, carved from 64 KiB slabs. V8 gives every typed array over 64
 * bytes its own off-heap backing store (an allocation, external-memory accounting and a
 * finalizer each); a view over a shared slab is a plain object. A slab lives as long as any
 * frame cut from it; frames are never reused, so whoever receives one owns it.
 */
const SLAB_BYTES = 64 * 1024;
export const MAX_SLAB_FRAME = 8 * 1024;
let slab = new ArrayBuffer(SLAB_BYTES);
/** The whole current slab, for writing a frame in place (slabForWriting / claimFrame). */
let slabView = new Uint8Array(slab);
let slabUsed = 0;

function newSlab(): void {
  slab = new ArrayBuffer(SLAB_BYTES);
  slabView = new Uint8Array(slab);
  slabUsed = 0;
  writeAt = -1;
}

/** A new zero-length-or-more frame of `length` bytes (contents unspecified until written). */
export function allocateFrame(length: number): Uint8Array {
  if (length > MAX_SLAB_FRAME) return new Uint8Array(length);
  if (slabUsed + length > SLAB_BYTES) newSlab();
  const f = new Uint8Array(slab, slabUsed, length);
  // Keep views 8-byte aligned, as the allocator would.
  slabUsed = (slabUsed + length + 7) & ~7;
  return f;
}

/** The region slabForWriting reserved: its start (-1: none open) and end. */
let writeAt = -1;
let writeEnd = -1;

/**
 * For building a frame in place (the egress deparser writes the outgoing frame straight into
 * the slab, sparing a copy): reserves `bytes` (≤ MAX_SLAB_FRAME) of the current slab from
 * `slabWriteOffset()` on and returns a view of the whole slab. `claimFrame` then turns what
 * was written into a frame. Writing past the reservation is safe as long as nothing is
 * allocated before the claim (the engine allocates nothing while a deparser runs).
 */
export function slabForWriting(bytes: number): Uint8Array {
  if (slabUsed + bytes > SLAB_BYTES) newSlab();
  writeAt = slabUsed;
  writeEnd = (slabUsed + bytes + 7) & ~7;
  slabUsed = writeEnd;
  return slabView;
}

/** Where the region reserved by the last slabForWriting starts. */
export function slabWriteOffset(): number {
  return writeAt;
}

/**
 * The `length` bytes written at `at` in `view` (from slabForWriting) as a frame of their own,
 * or undefined when they cannot be claimed: not the open reservation, past the slab's end, or
 * grown past the reservation after something else was allocated.
 */
export function claimFrame(view: Uint8Array, at: number, length: number): Uint8Array | undefined {
  if (view !== slabView || at !== writeAt || at + length > SLAB_BYTES) return undefined;
  const end = (at + length + 7) & ~7;
  const untouched = slabUsed === writeEnd;
  if (!untouched && end > writeEnd) return undefined;
  writeAt = -1;
  // Give back what the frame did not use, unless later allocations sit after the reservation.
  if (untouched) slabUsed = end;
  return new Uint8Array(slab, at, length);
}
