// The migration agents' reliable control channel: every INIT, GROUP_START/COMPLETE, MIGRATE,
// TERMINATE, forwarded delete and priority pull is resent with exponential back-off until a
// reply with the same `seq` arrives, up to a bound (docs/netmigrate.md §9 "Control packets survive
// loss and duplication"). Receivers answer duplicates idempotently; this side only matches.
// The first wait adapts to the round trips measured (Jacobson's estimator, as TCP's RTO,
// sampling only messages answered on their first send): with hundreds of messages in flight
// a reply can take longer than the 20 ms floor without being lost, and resending it then
// only adds load where the load is already the delay.

import { migratePairCount, payloadBytes } from '../../../wire/codec.js';
import { FRAME_HEADER_BYTES } from '../../../wire/frame.js';
import type { MgMessage } from '../../../wire/message.js';
import { Op } from '../../../wire/ops.js';

export interface ChannelOptions {
  /** First wait for a reply (the floor of the adaptive one); doubles per resend up to maxTimeoutMs. */
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
  /** When the first copy left (the round-trip sample of a message answered on its first send). */
  sentAt: number;
  /** When the last copy left. */
  lastSentAt: number;
  timer: NodeJS.Timeout | undefined;
  resolve: (r: ChannelResult) => void;
}

/** Frame bytes of one message on the wire (what the migration-traffic figures count). */
export function frameBytes(msg: MgMessage, valueBytes: number): number {
  const pairs = msg.op === Op.MIGRATE ? migratePairCount(msg) : 0;
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
  /** Smoothed round trip and its mean deviation (ms); undefined until the first sample. */
  private srtt: number | undefined;
  private rttvar = 0;
  /**
   * Karn's rule: after a resend the first wait stays doubled until a message is answered on
   * its first send. Without it, a round trip longer than the wait is never sampled (every
   * message is resent, so no reply is a sample) and the wait never grows.
   */
  private backedOffMs = 0;

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
      const o: Outstanding = { msg, udpPort, attempts: 0, sentAt: 0, lastSentAt: 0, timer: undefined, resolve };
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
    // Karn: a reply to a resent message could answer any of its copies, so it is no sample.
    if (o.attempts === 1) this.sample(performance.now() - o.sentAt);
    o.resolve({ ok: true, reply, attempts: o.attempts });
    return true;
  }

  /** The first wait for a reply now: srtt + 4 × rttvar, within [timeoutMs, maxTimeoutMs]. */
  get firstTimeoutMs(): number {
    const { timeoutMs, maxTimeoutMs } = this.options;
    // 2 × srtt as well: replies to a burst of messages come back spread over its own length,
    // so their deviation says little about the next burst's round trip.
    const estimate = this.srtt === undefined ? timeoutMs : Math.max(2 * this.srtt, this.srtt + 4 * this.rttvar);
    return Math.min(maxTimeoutMs, Math.max(timeoutMs, estimate, this.backedOffMs));
  }

  private sample(ms: number): void {
    this.backedOffMs = 0;
    if (this.srtt === undefined) {
      this.srtt = ms;
      this.rttvar = ms / 2;
      return;
    }
    this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - ms);
    this.srtt = 0.875 * this.srtt + 0.125 * ms;
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
    const now = performance.now();
    if (o.attempts > 0) {
      // The wait may have grown since this copy left (samples, Karn's back-off): the timer
      // then waits out the rest of it instead of resending.
      const due = o.lastSentAt + this.waitAfter(o.attempts);
      if (now < due - 0.5) {
        o.timer = setTimeout(() => this.attempt(o), due - now);
        return;
      }
    }
    if (o.attempts >= this.options.maxAttempts) {
      this.outstanding.delete(o.msg.seq);
      this.counters.failures++;
      o.resolve({ ok: false, reason: 'unanswered', attempts: o.attempts });
      return;
    }
    if (o.attempts > 0) {
      this.counters.retransmits++;
      if (o.attempts === 1) this.backedOffMs = Math.min(this.options.maxTimeoutMs, 2 * this.firstTimeoutMs);
    } else o.sentAt = now;
    o.attempts++;
    o.lastSentAt = now;
    this.counters.sends++;
    this.counters.bytes += frameBytes(o.msg, this.valueBytes);
    this.transmit(o.msg, o.udpPort);
    o.timer = setTimeout(() => this.attempt(o), this.waitAfter(o.attempts));
  }

  /** How long to wait for a reply after the `sends`-th copy: the first wait, doubled per resend, capped. */
  private waitAfter(sends: number): number {
    return Math.min(this.firstTimeoutMs * 2 ** (sends - 1), this.options.maxTimeoutMs);
  }
}
