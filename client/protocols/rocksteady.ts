// The client side of Rocksteady: a reply flagged 0x80 (the destination started a priority
// pull, or the source no longer owns the shard) means "ask again later"; the tracker knows that
// as 0x08, so the flag is translated, and every re-ask is counted as client-side extra traffic.

import type { FrameAddress } from '../../wire/frame.js';
import type { ClientReply, ClientRequest } from '../../wire/message.js';
import { Ver } from '../../wire/ops.js';
import { replyVers, TrafficBook } from './plain.js';
import type { ClientProtocol, ReplyInfo, Send } from './protocol.js';

const RETRY = Ver.BASELINE_RETRY;

export class RocksteadyClientProtocol implements ClientProtocol {
  readonly name = 'rocksteady';
  private readonly book = new TrafficBook();
  readonly traffic = this.book.traffic;

  route(msg: ClientRequest, addr: FrameAddress, frameBytes: number): Send[] {
    this.book.countSend(msg, frameBytes, 1);
    return [{ addr, msg }];
  }

  onReply(reply: ClientReply, info: ReplyInfo): ClientReply {
    const retry = (replyVers(reply) & RETRY) !== 0;
    this.book.countReply(reply, info, retry);
    if (!retry) return reply;
    const swap = (v: number) => ((v & RETRY) !== 0 ? (v & ~RETRY) | Ver.RETRY_LATER : v);
    return 'vers' in reply ? { ...reply, vers: reply.vers.map(swap) } : { ...reply, ver: swap(reply.ver) };
  }
}
