// The one path from a KV message to the wire, for servers, clients and the auditor alike:
// encode the message into a frame of exactly its size, write the Ethernet/IPv4/UDP headers in
// front, hand the frame to the host's UdpPort. The frame is fresh per message, so the port
// owns it (sent as is in 'single' framing, copied once into a datagram in 'batched').
// Frames are cut from 64 KiB zeroed slabs that are never reused: a `new Uint8Array` per
// message gave every frame its own off-heap backing store, whose allocation and collection
// were the largest cost of sending after the syscall itself.

import { encodeMessage, migratePairCount, payloadBytes } from './codec.js';
import type { WireError } from './errors.js';
import { wireError } from './errors.js';
import type { FrameAddress } from './frame.js';
import { FRAME_HEADER_BYTES, writeFrameHeaders } from './frame.js';
import type { MgMessage } from './message.js';
import { Op } from './ops.js';
import type { UdpPort } from './udp-port.js';

/** A host's sending side: its port, its value size, and the IPv4 identification counter. */
/** Bytes per slab; a frame larger than an eighth of it gets its own buffer. */
const SLAB_BYTES = 64 * 1024;

export class MessageSender {
  private ipId = 0;
  private slab = new Uint8Array(SLAB_BYTES);
  private slabUsed = 0;

  constructor(
    readonly port: UdpPort,
    readonly valueBytes: number,
  ) {}

  /**
   * Frames `msg` to `addr` and queues it on the port. `trailer`: bytes after the message body
   * (decoders ignore them; Fulva's metadata rides there). Returns the frame's length, or the
   * encoding error (the message is not sent), or 0 when the port dropped the frame.
   */
  sendMessage(addr: FrameAddress, msg: MgMessage, trailer?: Uint8Array): number | WireError {
    const size = payloadBytes(msg.op, this.valueBytes, msg.op === Op.MIGRATE ? migratePairCount(msg) : 0);
    if (size < 0) return wireError('MG_UNKNOWN_OP', `op 0x${msg.op.toString(16)}`);
    const payload = size + (trailer?.length ?? 0);
    const frame = this.freshFrame(FRAME_HEADER_BYTES + payload);
    const n = encodeMessage(msg, frame, FRAME_HEADER_BYTES, this.valueBytes);
    if (typeof n !== 'number') return n;
    if (trailer !== undefined) frame.set(trailer, FRAME_HEADER_BYTES + n);
    this.ipId = (this.ipId + 1) & 0xffff;
    const len = writeFrameHeaders(frame, addr, payload, this.ipId);
    return this.port.send(frame) ? len : 0;
  }

  /** `bytes` zeroed bytes that nothing else will ever write: a new view into the current slab. */
  private freshFrame(bytes: number): Uint8Array {
    if (bytes > SLAB_BYTES / 8) return new Uint8Array(bytes);
    if (this.slabUsed + bytes > SLAB_BYTES) {
      this.slab = new Uint8Array(SLAB_BYTES);
      this.slabUsed = 0;
    }
    const frame = this.slab.subarray(this.slabUsed, this.slabUsed + bytes);
    this.slabUsed += bytes;
    return frame;
  }
}
