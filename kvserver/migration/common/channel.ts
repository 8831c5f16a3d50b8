// The migration agents' reliable control channel: every INIT, GROUP_START/COMPLETE, MIGRATE,
// TERMINATE, forwarded delete and priority pull is resent with exponential back-off until a
// reply with the same `seq` arrives, up to a bound (docs/netmigrate.md §9 "Control packets survive
// loss and duplication"). Receivers answer duplicates idempotently; this side only matches.

import { payloadBytes } from '../../../wire/codec.js';
import { FRAME_HEADER_BYTES } from '../../../wire/frame.js';
import type { MgMessage } from '../../../wire/message.js';
import { Op } from '../../../wire/ops.js';

export interface ChannelOptions {
  /** First wait for a reply; doubles per resend up to maxTimeoutMs. */
  timeoutMs: number;
  maxTimeoutMs: number;
  /** Sends per message (first one included) before it fails. */
  maxAttempts: number;
}

export const DEFAULT_CHANNEL_OPTIONS: ChannelOptions = { timeoutMs: 20, maxTimeoutMs: 400, maxAttempts: 25 };

export type ChannelResult =
  | { ok: true; reply: MgMessage; attempts: number }
  | { ok: false; reason: 'unanswered' | 'closed'; attempts: number };

export interface ChannelCounters {
  messages: number;
  sends: number;
  retransmits: number;
  failures: number;
  /** Frame bytes of every send, retransmissions included (Ethernet + IPv4 + UDP + payload). */
  bytes: number;
  /** Replies that matched nothing outstanding (late twins of a retransmission). */
  strayReplies: number;
}

interface Outstanding {
  msg: MgMessage;
  udpPort: number;
  attempts: number;
  timer: NodeJS.Timeout | undefined;
  resolve: (r: ChannelResult) => void;
}

/** Frame bytes of one message on the wire (what the migration-traffic figures count). */
export function frameBytes(msg: MgMessage, valueBytes: number): number {
  const pairs = msg.op === Op.MIGRATE ? msg.pairs.length : 0;
  return FRAME_HEADER_BYTES + payloadBytes(msg.op, valueBytes, pairs);
}

export class ReliableChannel {
  readonly counters: ChannelCounters = {
    messages: 0,
    sends: 0,
    retransmits: 0,
    failures: 0,
    bytes: 0,
    strayReplies: 0,
  };
  private readonly options: ChannelOptions;
  private readonly outstanding = new Map<bigint, Outstanding>();
  private seq: bigint;
  private closed = false;

  /**
   * `firstSeq` lets two channels of one host use disjoint numbers. Sequence numbers only grow, so the receiver can
   * also use them to order what one sender read (a value's version, see destination-store).
   */
  constructor(
    /** Puts one message on the wire toward the peer's `udpPort` (addressing is the caller's). */
    private readonly transmit: (msg: MgMessage, udpPort: number) => boolean,
    private readonly valueBytes: number,
    options: Partial<ChannelOptions> = {},
    firstSeq = 1n,
  ) {
    this.options = { ...DEFAULT_CHANNEL_OPTIONS, ...options };
    this.seq = firstSeq;
  }

  /** A fresh sequence number: take it at the moment the message's contents are read. */
  nextSeq(): bigint {
    return this.seq++;
  }

  get inFlight(): number {
    return this.outstanding.size;
  }

  /** Sends `msg` (its seq from nextSeq()) to `udpPort` until answered; never rejects. */
  request(msg: MgMessage, udpPort: number): Promise<ChannelResult> {
    if (this.closed) return Promise.resolve({ ok: false, reason: 'closed', attempts: 0 });
    this.counters.messages++;
    return new Promise((resolve) => {
      const o: Outstanding = { msg, udpPort, attempts: 0, timer: undefined, resolve };
      this.outstanding.set(msg.seq, o);
      this.attempt(o);
    });
  }

  /** Feeds a reply; true when it answered an outstanding message. */
  onReply(reply: MgMessage): boolean {
    const o = this.outstanding.get(reply.seq);
    if (o === undefined) {
      this.counters.strayReplies++;
      return false;
    }
    this.outstanding.delete(reply.seq);
    if (o.timer !== undefined) clearTimeout(o.timer);
    o.resolve({ ok: true, reply, attempts: o.attempts });
    return true;
  }

  /** Fails everything outstanding and refuses new messages. */
  close(): void {
    this.closed = true;
    for (const o of this.outstanding.values()) {
      if (o.timer !== undefined) clearTimeout(o.timer);
      o.resolve({ ok: false, reason: 'closed', attempts: o.attempts });
    }
    this.outstanding.clear();
  }

  private attempt(o: Outstanding): void {
    if (this.closed) return;
    if (o.attempts >= this.options.maxAttempts) {
      this.outstanding.delete(o.msg.seq);
      this.counters.failures++;
      o.resolve({ ok: false, reason: 'unanswered', attempts: o.attempts });
      return;
    }
    if (o.attempts > 0) this.counters.retransmits++;
    o.attempts++;
    this.counters.sends++;
    this.counters.bytes += frameBytes(o.msg, this.valueBytes);
    this.transmit(o.msg, o.udpPort);
    const wait = Math.min(this.options.timeoutMs * 2 ** (o.attempts - 1), this.options.maxTimeoutMs);
    o.timer = setTimeout(() => this.attempt(o), wait);
  }
}
