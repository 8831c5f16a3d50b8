// A capped server's duplicate-request cache: the answers it sent recently, by sender, shard
// and seq, so that a client's resend of a request already answered gets the same answer again
// without being executed (and paid for) a second time. Entries live as long as a client may
// still resend (its retry budget); the answers are copies, as the store's values change later.

import type { ClientReply } from '../wire/message.js';
import { Op } from '../wire/ops.js';

export interface RememberedReply {
  reply: ClientReply;
  trailer: Uint8Array | undefined;
}

interface Entry extends RememberedReply {
  at: number;
}

export class ReplyCache {
  private readonly entries = new Map<string, Entry>();

  /** `lifetimeMs`: how long an answer is kept (the clients' whole retry budget). */
  constructor(readonly lifetimeMs: number) {}

  get size(): number {
    return this.entries.size;
  }

  remember(key: string, reply: ClientReply, trailer: Uint8Array | undefined, now: number): void {
    this.expire(now);
    this.entries.delete(key); // re-inserted last: the map stays in answer order
    this.entries.set(key, { reply: copyReply(reply), trailer: trailer?.slice(), at: now });
  }

  get(key: string, now: number): RememberedReply | undefined {
    this.expire(now);
    return this.entries.get(key);
  }

  /** Drops answers older than the lifetime; the map iterates oldest first. */
  private expire(now: number): void {
    for (const [key, e] of this.entries) {
      if (now - e.at <= this.lifetimeMs) return;
      this.entries.delete(key);
    }
  }
}

function copyReply(r: ClientReply): ClientReply {
  switch (r.op) {
    case Op.READ_REPLY:
      return { ...r, value: r.value.slice() };
    case Op.MULTI_READ_REPLY:
      return { ...r, vers: [...r.vers], values: r.values.map((v) => v.slice()) };
    case Op.MULTI_WRITE_REPLY:
    case Op.MULTI_DELETE_REPLY:
      return { ...r, vers: [...r.vers] };
    default:
      return { ...r };
  }
}
