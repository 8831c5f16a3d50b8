// The client side of Fulva: before it hears of a migration everything goes to the source;
// the source's 0x40 metadata names the destination and the group layout; from then on writes
// go to the destination and reads to both (each copy flagged 0x04 so the tracker merges them
// as a double read), except reads of groups the destination's progress cursors (0x10) show
// migrated, which go to the destination alone; 0x80 (finished) sends everything there.

import type { Ipv4, Mac } from '../../wire/addresses.js';
import { readMac, readU16, readU32 } from '../../wire/addresses.js';
import type { FrameAddress } from '../../wire/frame.js';
import { groupOfKey } from '../../wire/key-hash.js';
import type { ClientReply, ClientRequest, Key } from '../../wire/message.js';
import { Op, Ver } from '../../wire/ops.js';
import { replyVers, TrafficBook } from './plain.js';
import type { ClientProtocol, ReplyInfo, Send } from './protocol.js';

const MCR = Ver.FULVA_MCR;
const MCR_BEGIN = Ver.FULVA_MCR_BEGIN;
const FINISHED = Ver.BASELINE_RETRY;

interface Layout {
  mac: Mac;
  ip: Ipv4;
  dbPort: number;
  sizeExp: number;
  remainExp: number;
  /** First group of each migration thread. */
  first: number[];
}

export class FulvaClientProtocol implements ClientProtocol {
  readonly name = 'fulva';
  private readonly book = new TrafficBook();
  readonly traffic = this.book.traffic;
  phase: 'before' | 'during' | 'after' = 'before';
  layout: Layout | undefined;
  /** Per thread, the first group not yet migrated. */
  readonly cursors = new Map<number, number>();
  /** Keys the destination announced it pulled (read there alone). */
  readonly pulledKeys = new Set<Key>();

  route(msg: ClientRequest, addr: FrameAddress, frameBytes: number): Send[] {
    const l = this.layout;
    if (this.phase === 'before' || l === undefined) {
      this.book.countSend(msg, frameBytes, 1);
      return [{ addr, msg }];
    }
    const dst: FrameAddress = { ...addr, dstMac: l.mac, dstIp: l.ip };
    const atDst = { ...msg, dbPort: l.dbPort } as ClientRequest;
    const isRead = msg.op === Op.READ || msg.op === Op.MULTI_READ;
    if (
      this.phase === 'after' ||
      !isRead ||
      this.readKeys(msg).every((k) => this.pulledKeys.has(k) || this.migrated(k, l))
    ) {
      this.book.countSend(msg, frameBytes, 1);
      return [{ addr: dst, msg: atDst }];
    }
    this.book.countSend(msg, frameBytes, 2);
    return [
      { addr, msg: withDoubleRead(msg) },
      { addr: dst, msg: withDoubleRead(atDst) },
    ];
  }

  onReply(reply: ClientReply, info: ReplyInfo): ClientReply {
    const ver = replyVers(reply);
    const t = info.trailer;
    if ((ver & MCR_BEGIN) !== 0 && t[0] === MCR_BEGIN && t.length >= 16) this.readLayout(t);
    let at = 0;
    if ((ver & MCR) !== 0 && t[0] === MCR && t.length >= 2) at = this.readCursors(t);
    if ((ver & Ver.FULVA_SPH) !== 0 && t[at] === Ver.FULVA_SPH) this.readSampledKeys(t.subarray(at));
    const bounced = (ver & FINISHED) !== 0 && (ver & Ver.FROM_DESTINATION) === 0;
    if ((ver & FINISHED) !== 0 && this.layout !== undefined) this.phase = 'after';
    this.book.countReply(reply, info, bounced || (ver & Ver.RETRY_LATER) !== 0);
    // The retired source bounced it: ask again, now at the destination.
    if (bounced) return asRetry(reply);
    return reply;
  }

  private migrated(key: Key, l: Layout): boolean {
    const g = groupOfKey(key, l.sizeExp, l.remainExp);
    let t = l.first.length - 1;
    while (t > 0 && (l.first[t] as number) > g) t--;
    return g < (this.cursors.get(t) ?? 0) && g >= (l.first[t] ?? 0);
  }

  private readKeys(msg: ClientRequest): Key[] {
    if (msg.op === Op.READ) return [msg.key];
    if (msg.op === Op.MULTI_READ) return msg.keys.filter((_, i) => (msg.bitmap >>> i) & 1);
    return [];
  }

  private readLayout(t: Uint8Array): void {
    if (this.layout !== undefined) return;
    const n = t[15] as number;
    if (t.length < 16 + 4 * n) return;
    const first: number[] = [];
    for (let i = 0; i < n; i++) first.push(readU32(t, 16 + 4 * i));
    this.layout = {
      mac: readMac(t, 1),
      ip: readU32(t, 7),
      dbPort: readU16(t, 11),
      sizeExp: t[13] as number,
      remainExp: t[14] as number,
      first,
    };
    if (this.phase === 'before') this.phase = 'during';
  }

  /** Returns the offset after the cursors. */
  private readCursors(t: Uint8Array): number {
    const n = t[1] as number;
    if (t.length < 2 + 5 * n) return t.length;
    for (let i = 0; i < n; i++) {
      const thread = t[2 + 5 * i] as number;
      const next = readU32(t, 3 + 5 * i);
      if (next > (this.cursors.get(thread) ?? 0)) this.cursors.set(thread, next);
    }
    return 2 + 5 * n;
  }

  private readSampledKeys(t: Uint8Array): void {
    const n = t[1] ?? 0;
    if (t.length < 2 + 4 * n) return;
    for (let i = 0; i < n; i++) this.pulledKeys.add(readU32(t, 2 + 4 * i));
  }
}

function withDoubleRead(msg: ClientRequest): ClientRequest {
  if (msg.op === Op.READ) return { ...msg, ver: msg.ver | Ver.DOUBLE_READ };
  if (msg.op === Op.MULTI_READ) return { ...msg, vers: msg.vers.map((v) => v | Ver.DOUBLE_READ) };
  return msg;
}

function asRetry(reply: ClientReply): ClientReply {
  const strip = (v: number) => (v & ~(FINISHED | Ver.DOUBLE_READ)) | Ver.RETRY_LATER;
  return 'vers' in reply ? { ...reply, vers: reply.vers.map(strip) } : { ...reply, ver: strip(reply.ver) };
}
