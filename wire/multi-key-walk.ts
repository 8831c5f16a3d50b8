// Multi-key requests behind the NetMigrate switch (docs/netmigrate.md §9, docs/p4-sources.md
// "Multi-key walk"): the switch serves one key per pass, always the one in slot 1, and clears
// that key's bitmap bit before the packet leaves, so a server gets one packet per key. The
// server answers it as the single-key op on slot 1 (every strategy's single-key logic applies:
// routing was decided for that key), and the reply keeps the multi-key shape: the packet's
// bitmap echoed (the keys still to come, from which the client tells which key this answers)
// and the answer in slot 1.

import type { ClientReply, ClientRequest } from './message.js';
import { MULTI_SLOTS, Op } from './ops.js';

/** What a walk packet was, kept beside the single-key request it is served as. */
export interface WalkPacket {
  readonly op: typeof Op.MULTI_READ | typeof Op.MULTI_WRITE | typeof Op.MULTI_DELETE;
  /** The packet's bitmap: the keys still to come after this one. */
  readonly bitmap: number;
}

/** The single-key request a walk packet asks (slot 1), or undefined for a single-key op. */
export function walkSlotRequest(msg: ClientRequest): { single: ClientRequest; walk: WalkPacket } | undefined {
  const head = { seq: msg.seq, dbPort: msg.dbPort, bitmap: 1 };
  switch (msg.op) {
    case Op.MULTI_READ:
      return {
        single: { ...head, op: Op.READ, ver: msg.vers[0] ?? 0, key: msg.keys[0] ?? 0 },
        walk: { op: msg.op, bitmap: msg.bitmap },
      };
    case Op.MULTI_WRITE: {
      const value = msg.values[0];
      if (value === undefined) return undefined;
      return {
        single: { ...head, op: Op.WRITE, key: msg.keys[0] ?? 0, value },
        walk: { op: msg.op, bitmap: msg.bitmap },
      };
    }
    case Op.MULTI_DELETE:
      return { single: { ...head, op: Op.DELETE, key: msg.keys[0] ?? 0 }, walk: { op: msg.op, bitmap: msg.bitmap } };
    default:
      return undefined;
  }
}

/** The multi-key reply to a walk packet, from the single-key reply to its slot 1 (`nf`: the not-found value). */
export function walkReply(walk: WalkPacket, reply: ClientReply, nf: Uint8Array): ClientReply {
  const ver = 'ver' in reply ? reply.ver : (reply.vers[0] ?? 0);
  const vers = [ver, ...new Array<number>(MULTI_SLOTS - 1).fill(0)];
  const head = { seq: reply.seq, dbPort: reply.dbPort, bitmap: walk.bitmap };
  switch (walk.op) {
    case Op.MULTI_READ: {
      const value = reply.op === Op.READ_REPLY ? reply.value : nf;
      return { ...head, op: Op.MULTI_READ_REPLY, vers, values: [value, nf, nf, nf] };
    }
    case Op.MULTI_WRITE:
      return { ...head, op: Op.MULTI_WRITE_REPLY, vers };
    case Op.MULTI_DELETE:
      return { ...head, op: Op.MULTI_DELETE_REPLY, vers };
  }
}

/**
 * The client's side: which slot of its request (bitmap `sent`) a walk reply answers, from the
 * echoed bitmap `echo` — the keys still to come. Keys are served in ascending slot order, so
 * the answered key is the highest of those no longer to come. -1 when the echo fits nothing.
 */
export function walkAnsweredSlot(sent: number, echo: number): number {
  const done = sent & ~echo & ((1 << MULTI_SLOTS) - 1);
  if (done === 0 || (echo & ~sent & ((1 << MULTI_SLOTS) - 1)) !== 0) return -1;
  return 31 - Math.clz32(done);
}
