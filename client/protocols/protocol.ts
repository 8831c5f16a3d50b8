// What a client does differently per migration protocol, as a small object the driver
// consults: where each request goes (one address or several), how a reply is read (flags a
// protocol repurposes, metadata piggybacked after the reply body), and the client-side extra
// traffic it causes (docs/netmigrate.md §8, paper Table 4: extra bytes relative to the plain traffic).

import type { FrameAddress } from '../../wire/frame.js';
import type { ClientReply, ClientRequest } from '../../wire/message.js';

export interface Send {
  addr: FrameAddress;
  msg: ClientRequest;
}

export interface ClientTrafficCounters {
  /** Frame bytes of first sends of requests and of one reply each: the traffic without migration overhead. */
  baseBytes: number;
  /** Extra copies of requests (double reads a client makes itself), re-asks after a retry flag, and their frames. */
  extraRequests: number;
  extraRequestBytes: number;
  /** Second replies of double reads and retry-flag replies. */
  extraReplies: number;
  extraReplyBytes: number;
  /** Piggybacked metadata bytes. */
  metadataBytes: number;
}

export function newTrafficCounters(): ClientTrafficCounters {
  return {
    baseBytes: 0,
    extraRequests: 0,
    extraRequestBytes: 0,
    extraReplies: 0,
    extraReplyBytes: 0,
    metadataBytes: 0,
  };
}

/** Extra client-side traffic as a percentage of the base traffic. */
export function extraTrafficPercent(c: ClientTrafficCounters): number {
  const extra = c.extraRequestBytes + c.extraReplyBytes + c.metadataBytes;
  return c.baseBytes === 0 ? 0 : (100 * extra) / c.baseBytes;
}

export interface ReplyInfo {
  /** Bytes after the reply body (a protocol's metadata), possibly empty. */
  trailer: Uint8Array;
  /** Frame bytes of the reply. */
  frameBytes: number;
  from: FrameAddress;
}

export interface ClientProtocol {
  readonly name: string;
  readonly traffic: ClientTrafficCounters;
  /** The sends for one transmission of `msg` (first send, timeout resend or re-ask); `addr` is the default (the source shard). */
  route(msg: ClientRequest, addr: FrameAddress, frameBytes: number): Send[];
  /** Reads a reply before the tracker does; returns it as the tracker should see it. */
  onReply(reply: ClientReply, info: ReplyInfo): ClientReply;
}
