// The default request handler of a shard: READ/WRITE/DELETE and MULTI_* against the shard's
// dictionary, producing the reply the artifact's servers produce (ver = request ver | flags,
// 0x01 found/success, 0x02 when the shard is a migration destination). Pure: no I/O.

import type { ClientReply, ClientRequest, MultiReadRequest } from '../wire/message.js';
import { MULTI_SLOTS, Op, Ver } from '../wire/ops.js';
import type { KvDict } from './store/dict.js';

/** What a shard is in a migration; only 'destination' changes replies (the 0x02 flag). */
export type ShardRole = 'normal' | 'source' | 'destination';

export interface Shard {
  readonly dbPort: number;
  readonly store: KvDict;
  role: ShardRole;
}

export function roleFlags(role: ShardRole): number {
  return role === 'destination' ? Ver.FROM_DESTINATION : 0;
}

/**
 * Applies `req` to the shard and returns its reply. `extraVer` is or-ed into every reply
 * flag byte (a strategy's hint, e.g. RETRY_LATER). A read that misses answers `notFound`
 * (the 0xFF sentinel) without 0x01; a delete reports 0x01 when the key existed.
 */
export function serveRequest(req: ClientRequest, shard: Shard, notFound: Uint8Array, extraVer = 0): ClientReply {
  const flags = roleFlags(shard.role) | extraVer;
  const store = shard.store;
  const head = { seq: req.seq, dbPort: shard.dbPort, bitmap: req.bitmap };
  switch (req.op) {
    case Op.READ: {
      const v = store.get(req.key);
      return {
        ...head,
        op: Op.READ_REPLY,
        ver: req.ver | flags | (v === undefined ? 0 : Ver.FOUND),
        value: v ?? notFound,
      };
    }
    case Op.WRITE:
      store.set(req.key, req.value);
      return { ...head, op: Op.WRITE_REPLY, ver: flags | Ver.FOUND };
    case Op.DELETE:
      return { ...head, op: Op.DELETE_REPLY, ver: flags | (store.delete(req.key) ? Ver.FOUND : 0) };
    case Op.MULTI_READ:
      return serveMultiRead(req, shard, flags, notFound);
    case Op.MULTI_WRITE: {
      const vers: number[] = [];
      for (let i = 0; i < MULTI_SLOTS; i++) {
        const value = req.values[i];
        if (slotPresent(req.bitmap, i) && value !== undefined) {
          store.set(req.keys[i] ?? 0, value);
          vers.push(flags | Ver.FOUND);
        } else vers.push(0);
      }
      return { ...head, op: Op.MULTI_WRITE_REPLY, vers };
    }
    case Op.MULTI_DELETE: {
      const vers: number[] = [];
      for (let i = 0; i < MULTI_SLOTS; i++) {
        if (slotPresent(req.bitmap, i)) vers.push(flags | (store.delete(req.keys[i] ?? 0) ? Ver.FOUND : 0));
        else vers.push(0);
      }
      return { ...head, op: Op.MULTI_DELETE_REPLY, vers };
    }
  }
}

function serveMultiRead(req: MultiReadRequest, shard: Shard, flags: number, notFound: Uint8Array): ClientReply {
  const vers: number[] = [];
  const values: Uint8Array[] = [];
  for (let i = 0; i < MULTI_SLOTS; i++) {
    if (!slotPresent(req.bitmap, i)) {
      vers.push(0);
      values.push(notFound);
      continue;
    }
    const v = shard.store.get(req.keys[i] ?? 0);
    vers.push((req.vers[i] ?? 0) | flags | (v === undefined ? 0 : Ver.FOUND));
    values.push(v ?? notFound);
  }
  return { op: Op.MULTI_READ_REPLY, seq: req.seq, dbPort: shard.dbPort, bitmap: req.bitmap, vers, values };
}

/** Bit i of a multi-key bitmap names slot i (0-based). */
export function slotPresent(bitmap: number, slot: number): boolean {
  return ((bitmap >>> slot) & 1) === 1;
}
