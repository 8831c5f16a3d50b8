// Multi-key requests walked by the NetMigrate switch (one packet per key, slot 1 served, the
// bitmap shrinking): the server's single-key view of a walk packet, the multi-key shape of its
// reply, and the client's reading of which key a reply answers, for every bitmap; then the
// client tracker merging walk replies, double-read halves included.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { RequestOutcome } from '../../client/tracker.js';
import { RequestTracker } from '../../client/tracker.js';
import type { ClientReply, ClientRequest } from '../../wire/message.js';
import { walkAnsweredSlot, walkReply, walkSlotRequest } from '../../wire/multi-key-walk.js';
import { Op, Ver } from '../../wire/ops.js';

/** The bitmaps a server sees for a request with bitmap `b0`: the switch clears the lowest set bit each pass. */
function walkBitmaps(b0: number): number[] {
  const out: number[] = [];
  for (let b = b0; b !== 0; ) {
    b &= b - 1;
    out.push(b);
  }
  return out;
}

const value = (fill: number) => new Uint8Array(64).fill(fill);

describe('the multi-key walk, server side', () => {
  it('a walk packet is served as the single-key op on slot 1, whatever its bitmap (0 on the last key)', () => {
    const w = walkSlotRequest({
      op: Op.MULTI_READ,
      seq: 9n,
      dbPort: 5,
      bitmap: 0,
      vers: [4, 0, 0, 0],
      keys: [77, 1, 2, 3],
    });
    assert.deepEqual(w?.single, { op: Op.READ, seq: 9n, dbPort: 5, bitmap: 1, ver: 4, key: 77 });
    assert.deepEqual(w?.walk, { op: Op.MULTI_READ, bitmap: 0 });
    const d = walkSlotRequest({ op: Op.MULTI_DELETE, seq: 9n, dbPort: 5, bitmap: 0b1100, keys: [8, 1, 2, 3] });
    assert.deepEqual(d?.single, { op: Op.DELETE, seq: 9n, dbPort: 5, bitmap: 1, key: 8 });
    assert.equal(walkSlotRequest({ op: Op.READ, seq: 1n, dbPort: 5, bitmap: 1, ver: 0, key: 1 }), undefined);
  });

  it('the reply keeps the multi-key shape: the packet bitmap echoed, the answer in slot 1', () => {
    const r = walkReply(
      { op: Op.MULTI_READ, bitmap: 0b1100 },
      { op: Op.READ_REPLY, seq: 3n, dbPort: 5, bitmap: 1, ver: Ver.FOUND | Ver.DOUBLE_READ, value: value(7) },
      value(0xff),
    );
    assert.equal(r.op, Op.MULTI_READ_REPLY);
    assert.equal(r.bitmap, 0b1100);
    assert.deepEqual((r as { vers: number[] }).vers, [Ver.FOUND | Ver.DOUBLE_READ, 0, 0, 0]);
    assert.deepEqual((r as { values: Uint8Array[] }).values[0], value(7));
  });
});

describe('the multi-key walk, client side', () => {
  it('for every request bitmap, the k-th reply of the walk answers the k-th key, and each key exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 15 }), (b0) => {
        const keys = [0, 1, 2, 3].filter((i) => (b0 >>> i) & 1);
        const answered = walkBitmaps(b0).map((echo) => walkAnsweredSlot(b0, echo));
        assert.deepEqual(answered, keys);
      }),
    );
  });

  it('an echo naming a key the request did not have, or nothing answered, fits no slot', () => {
    assert.equal(walkAnsweredSlot(0b0011, 0b0111), -1);
    assert.equal(walkAnsweredSlot(0b0011, 0b0011), -1);
  });

  it('the tracker merges walk replies per key, double-read halves included, and completes when every key is answered', () => {
    const outcomes: RequestOutcome[] = [];
    const tracker = new RequestTracker(() => {}, { multiKeyWalk: true, timeoutMs: 1000 });
    const req: ClientRequest = {
      op: Op.MULTI_READ,
      seq: 1n,
      dbPort: 5,
      bitmap: 0b0111,
      vers: [0, 0, 0, 0],
      keys: [10, 11, 12, 0],
    };
    tracker.submit(req, (o) => outcomes.push(o));
    const reply = (echo: number, ver: number, fill: number): ClientReply => ({
      op: Op.MULTI_READ_REPLY,
      seq: 1n,
      dbPort: 5,
      bitmap: echo,
      vers: [ver, 0, 0, 0],
      values: [value(fill), value(0xff), value(0xff), value(0xff)],
    });
    tracker.onReply(reply(0b0110, Ver.FOUND, 10)); // key 10
    tracker.onReply(reply(0b0000, Ver.FOUND, 12)); // key 12 (replies may arrive out of order)
    assert.equal(outcomes.length, 0);
    // Key 11 was double-read: the source's half, then the destination's, which wins.
    tracker.onReply(reply(0b0100, Ver.FOUND | Ver.DOUBLE_READ, 1));
    assert.equal(outcomes.length, 0);
    tracker.onReply(reply(0b0100, Ver.FOUND | Ver.DOUBLE_READ | Ver.FROM_DESTINATION, 11));
    assert.equal(outcomes.length, 1);
    const o = outcomes[0];
    assert.ok(o?.ok);
    assert.deepEqual(
      o.slots.map((s) => s.value?.[0]),
      [10, 11, 12],
    );
    assert.equal(o.doubleReads, 1);
    tracker.close();
  });
});
