// The destination's answer to the switch's filter false positives (docs/netmigrate.md §9, and the
// hole described in docs/migration-protocols.md): a request for a group this shard has not
// seen start reached it only because a bloom filter (BF) or counting bloom filter (CBF) said
// "migrated" or "in flight". The source still owns that group, so this shard keeps nothing of
// it: writes and deletes are applied at the source (sent over the side channel, answered once
// the source has them, and forwarded back by the source as a late write when the group's scan
// began meanwhile), plain reads are answered by the source, and a double-read copy is left to
// its twin at the source. Had the write stayed here, a later read routed to the source (once
// the false positive cleared) would miss it; had a pulled value stayed here, a later read
// routed here would miss a write applied at the source.

import type {
  ClientReply,
  ClientRequest,
  DeleteRequest,
  Key,
  ReadReply,
  ReadRequest,
  WriteRequest,
} from '../../../wire/message.js';
import { MULTI_SLOTS, Op, Ver } from '../../../wire/ops.js';
import type { ReliableChannel } from './channel.js';
import type { KeyKnowledge } from './destination-store.js';

/** One key of a request, as this shard handles it. */
interface Slot {
  readonly key: Key;
  readonly kind: 'read' | 'write' | 'delete';
  /** The request's flag byte for reads (0x04 when the switch double-read it). */
  readonly ver: number;
  readonly value?: Uint8Array;
}

/** What the destination agent lends the proxy: its shard, guard and pull. */
export interface IdleGroupHost {
  readonly channel: ReliableChannel;
  readonly sourceDbPort: number;
  /** UDP port of the side channel (not steered by the switch). */
  readonly udpPort: number;
  readonly notFound: Uint8Array;
  /** Retry flag of the protocol (NetMigrate 0x08). */
  readonly retryVer: number;
  groupIdle(key: Key): boolean;
  knowledge(key: Key): KeyKnowledge;
  localGet(key: Key): Uint8Array | undefined;
  localWrite(key: Key, value: Uint8Array | undefined): boolean;
  pull(key: Key): void;
}

export interface SlotAnswer {
  ver: number;
  value?: Uint8Array;
}

/** The keys of a request with what it does to each (multi-key slots in order, absent ones skipped). */
export function requestSlots(msg: ClientRequest): (Slot | undefined)[] {
  switch (msg.op) {
    case Op.READ:
      return [{ key: msg.key, kind: 'read', ver: msg.ver }];
    case Op.WRITE:
      return [{ key: msg.key, kind: 'write', ver: 0, value: msg.value }];
    case Op.DELETE:
      return [{ key: msg.key, kind: 'delete', ver: 0 }];
    default: {
      const out: (Slot | undefined)[] = [];
      for (let i = 0; i < MULTI_SLOTS; i++) {
        if (((msg.bitmap >>> i) & 1) === 0) out.push(undefined);
        else if (msg.op === Op.MULTI_READ) out.push({ key: msg.keys[i] ?? 0, kind: 'read', ver: msg.vers[i] ?? 0 });
        else if (msg.op === Op.MULTI_WRITE)
          out.push({ key: msg.keys[i] ?? 0, kind: 'write', ver: 0, value: msg.values[i] });
        else out.push({ key: msg.keys[i] ?? 0, kind: 'delete', ver: 0 });
      }
      return out;
    }
  }
}

/**
 * Answers a request some of whose keys belong to groups this shard has not seen start:
 * those keys go to the source, the others are handled here as usual. Resolves with the
 * reply, or undefined when the source never answered (the client will ask again).
 */
export async function answerWithIdleGroups(host: IdleGroupHost, msg: ClientRequest): Promise<ClientReply | undefined> {
  const slots = requestSlots(msg);
  const answers = await Promise.all(slots.map((s) => (s === undefined ? undefined : answerSlot(host, s))));
  if (answers.some((a, i) => a === undefined && slots[i] !== undefined)) return undefined;
  const head = { seq: msg.seq, dbPort: 0, bitmap: msg.bitmap };
  const ver = (i: number) => answers[i]?.ver ?? 0;
  const value = (i: number) => answers[i]?.value ?? host.notFound;
  const all = (): number[] => Array.from({ length: MULTI_SLOTS }, (_, i) => ver(i));
  switch (msg.op) {
    case Op.READ:
      return { ...head, op: Op.READ_REPLY, ver: ver(0), value: value(0) };
    case Op.WRITE:
      return { ...head, op: Op.WRITE_REPLY, ver: ver(0) };
    case Op.DELETE:
      return { ...head, op: Op.DELETE_REPLY, ver: ver(0) };
    case Op.MULTI_READ:
      return {
        ...head,
        op: Op.MULTI_READ_REPLY,
        vers: all(),
        values: Array.from({ length: MULTI_SLOTS }, (_, i) => value(i)),
      };
    case Op.MULTI_WRITE:
      return { ...head, op: Op.MULTI_WRITE_REPLY, vers: all() };
    case Op.MULTI_DELETE:
      return { ...head, op: Op.MULTI_DELETE_REPLY, vers: all() };
  }
}

async function answerSlot(host: IdleGroupHost, s: Slot): Promise<SlotAnswer | undefined> {
  const here = Ver.FROM_DESTINATION;
  if (!host.groupIdle(s.key)) return answerLocally(host, s);
  if (s.kind === 'read' && (s.ver & Ver.DOUBLE_READ) !== 0) {
    // The source's twin of this double read answers it; nothing is pulled here.
    return { ver: s.ver | here | host.retryVer };
  }
  const reply = await sendToSource(host, s);
  if (reply === undefined) return undefined;
  if (reply.op === Op.READ_REPLY) {
    const r = reply as ReadReply;
    return { ver: s.ver | here | (r.ver & Ver.FOUND), value: (r.ver & Ver.FOUND) !== 0 ? r.value.slice() : undefined };
  }
  return { ver: here | ((reply as { ver: number }).ver & Ver.FOUND) };
}

function answerLocally(host: IdleGroupHost, s: Slot): SlotAnswer {
  const here = Ver.FROM_DESTINATION;
  if (s.kind === 'write' || s.kind === 'delete') {
    const existed = host.localWrite(s.key, s.kind === 'write' ? s.value : undefined);
    return { ver: here | (s.kind === 'write' || existed ? Ver.FOUND : 0) };
  }
  const known = host.knowledge(s.key);
  if (known === 'unknown') {
    host.pull(s.key);
    return { ver: s.ver | here | host.retryVer };
  }
  const v = host.localGet(s.key);
  return { ver: s.ver | here | (v === undefined ? 0 : Ver.FOUND), value: v };
}

/** One key's request to the source over the reliable side channel; undefined when unanswered. */
async function sendToSource(host: IdleGroupHost, s: Slot): Promise<ClientReply | undefined> {
  const seq = host.channel.nextSeq();
  const dbPort = host.sourceDbPort;
  const msg: ReadRequest | WriteRequest | DeleteRequest =
    s.kind === 'read'
      ? { op: Op.READ, seq, dbPort, bitmap: 1, ver: 0, key: s.key }
      : s.kind === 'write'
        ? { op: Op.WRITE, seq, dbPort, bitmap: 1, key: s.key, value: (s.value as Uint8Array).slice() }
        : { op: Op.DELETE, seq, dbPort, bitmap: 1, key: s.key };
  const r = await host.channel.request(msg, host.udpPort);
  if (!r.ok) return undefined;
  return r.reply as ClientReply;
}
