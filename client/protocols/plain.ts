// The client side of NetMigrate and of Source-based migration: nothing beyond what every
// client does. NetMigrate's double reads are made by the switch and merged by the tracker;
// Source-based clients never see the migration (the route switch is the network's). Both
// still count the extra traffic they see: the second reply of a double read and 0x08 re-asks.

import type { FrameAddress } from '../../wire/frame.js';
import type { ClientReply, ClientRequest } from '../../wire/message.js';
import { Ver } from '../../wire/ops.js';
import type { ClientProtocol, ReplyInfo, Send } from './protocol.js';
import { newTrafficCounters } from './protocol.js';

/**
 * Counts base and extra traffic by seq: shared by every protocol object. The sets hold seqs as
 * numbers (a client's seqs count up from 0 and stay far below 2^53): a bigint per entry made
 * hashing several times dearer, and every entry lived until the next bulk clear.
 */
export class TrafficBook {
  readonly traffic = newTrafficCounters();
  private readonly replied = new Set<number>();
  private readonly reAsk = new Set<number>();
  private readonly sent = new Set<number>();

  /** One transmission of `msg` with `copies` frames. */
  countSend(msg: ClientRequest, frameBytes: number, copies: number): void {
    const seq = Number(msg.seq);
    const first = !this.sent.has(seq);
    if (first) {
      this.sent.add(seq);
      this.traffic.baseBytes += frameBytes;
    }
    // A resend after a timeout is loss recovery, not the protocol's overhead: only extra copies count.
    const extra = copies - 1;
    if (this.reAsk.delete(seq)) {
      this.traffic.extraRequests += copies;
      this.traffic.extraRequestBytes += copies * frameBytes;
    } else if (extra > 0) {
      this.traffic.extraRequests += extra;
      this.traffic.extraRequestBytes += extra * frameBytes;
    }
  }

  /** A reply as it arrived; `retry` when it asks the client to ask again. */
  countReply(reply: ClientReply, info: ReplyInfo, retry: boolean): void {
    const doubleRead = (replyVers(reply) & Ver.DOUBLE_READ) !== 0;
    const seq = Number(reply.seq);
    this.traffic.metadataBytes += info.trailer.length;
    const body = info.frameBytes - info.trailer.length;
    if (retry) {
      this.reAsk.add(seq);
      this.traffic.extraReplies++;
      this.traffic.extraReplyBytes += body;
      return;
    }
    if (this.replied.has(seq)) {
      // The second half of a double read is overhead; a late twin of a resend is not.
      if (doubleRead) {
        this.traffic.extraReplies++;
        this.traffic.extraReplyBytes += body;
      }
      return;
    }
    this.replied.add(seq);
    this.traffic.baseBytes += body;
    // Bounded memory: seqs only grow, so old ones can be forgotten in bulk.
    if (this.replied.size > 100_000) {
      this.replied.clear();
      this.sent.clear();
    }
  }
}

export function replyVers(reply: ClientReply): number {
  return 'vers' in reply ? reply.vers.reduce((a, v) => a | v, 0) : reply.ver;
}

export class PlainClientProtocol implements ClientProtocol {
  private readonly book = new TrafficBook();
  readonly traffic = this.book.traffic;

  constructor(readonly name: 'netmigrate' | 'source-based' | 'none') {}

  route(msg: ClientRequest, addr: FrameAddress, frameBytes: number): Send[] {
    this.book.countSend(msg, frameBytes, 1);
    return [{ addr, msg }];
  }

  onReply(reply: ClientReply, info: ReplyInfo): ClientReply {
    // A double read's 0x08 half is merged with the source's half, not re-asked.
    const v = replyVers(reply);
    this.book.countReply(reply, info, (v & Ver.RETRY_LATER) !== 0 && (v & Ver.DOUBLE_READ) === 0);
    return reply;
  }
}
