// Replies a migration agent builds itself rather than from the shard: a reply of the right
// shape for any client request carrying only flags (retry later, "not here any more"), and
// the per-slot reply of a multi-read whose slots are answered differently.

import type { ClientReply, ClientRequest, Key } from '../../../wire/message.js';
import { MULTI_SLOTS, Op } from '../../../wire/ops.js';

/** Every slot of `req` answered with `ver` and no value. */
export function flagReply(req: ClientRequest, dbPort: number, ver: number, notFound: Uint8Array): ClientReply {
  const head = { seq: req.seq, dbPort, bitmap: req.bitmap };
  const vers = (): number[] => {
    const out: number[] = [];
    for (let i = 0; i < MULTI_SLOTS; i++) out.push((req.bitmap >>> i) & 1 ? ver : 0);
    return out;
  };
  switch (req.op) {
    case Op.READ:
      return { ...head, op: Op.READ_REPLY, ver: req.ver | ver, value: notFound };
    case Op.WRITE:
      return { ...head, op: Op.WRITE_REPLY, ver };
    case Op.DELETE:
      return { ...head, op: Op.DELETE_REPLY, ver };
    case Op.MULTI_READ:
      return { ...head, op: Op.MULTI_READ_REPLY, vers: vers(), values: vers().map(() => notFound) };
    case Op.MULTI_WRITE:
      return { ...head, op: Op.MULTI_WRITE_REPLY, vers: vers() };
    case Op.MULTI_DELETE:
      return { ...head, op: Op.MULTI_DELETE_REPLY, vers: vers() };
  }
}

/** The keys a request writes or deletes (empty for reads). */
export function writtenKeys(req: ClientRequest): Key[] {
  switch (req.op) {
    case Op.WRITE:
    case Op.DELETE:
      return [req.key];
    case Op.MULTI_WRITE:
    case Op.MULTI_DELETE:
      return req.keys.filter((_, i) => (req.bitmap >>> i) & 1);
    default:
      return [];
  }
}

/** The keys a request reads (empty for writes). */
export function readKeys(req: ClientRequest): Key[] {
  if (req.op === Op.READ) return [req.key];
  if (req.op === Op.MULTI_READ) return req.keys.filter((_, i) => (req.bitmap >>> i) & 1);
  return [];
}
