// The capped server's duplicate-request cache (kvserver/reply-cache.ts): answers kept for the
// clients' retry budget, then forgotten; what it keeps is a copy, not a view of the store.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReplyCache } from '../../kvserver/reply-cache.js';
import { Op } from '../../wire/ops.js';

describe('reply cache', () => {
  it('keeps an answer for its lifetime, then forgets it', () => {
    const c = new ReplyCache(100);
    c.remember('a', { op: Op.WRITE_REPLY, seq: 1n, dbPort: 1, bitmap: 1, ver: 0 }, undefined, 0);
    c.remember('b', { op: Op.WRITE_REPLY, seq: 2n, dbPort: 1, bitmap: 1, ver: 0 }, undefined, 50);
    assert.equal(c.get('a', 100)?.reply.seq, 1n);
    assert.equal(c.get('a', 101), undefined, 'older than the lifetime');
    assert.equal(c.get('b', 101)?.reply.seq, 2n);
    assert.equal(c.size, 1, 'expired answers are dropped, not only hidden');
    assert.equal(c.get('b', 151), undefined);
    assert.equal(c.size, 0);
  });

  it('keeps copies of values and trailers', () => {
    const c = new ReplyCache(1000);
    const value = new Uint8Array(8).fill(1);
    const values = [new Uint8Array(8).fill(2), new Uint8Array(8).fill(3)];
    const trailer = new Uint8Array([9, 9]);
    c.remember('r', { op: Op.READ_REPLY, seq: 1n, dbPort: 1, bitmap: 1, ver: 0, value }, trailer, 0);
    c.remember('m', { op: Op.MULTI_READ_REPLY, seq: 2n, dbPort: 1, bitmap: 3, vers: [0, 0], values }, undefined, 0);
    value.fill(7);
    values[0]?.fill(7);
    trailer.fill(7);
    const r = c.get('r', 1)?.reply;
    assert.ok(r?.op === Op.READ_REPLY);
    assert.deepEqual(r.value, new Uint8Array(8).fill(1));
    assert.deepEqual(c.get('r', 1)?.trailer, new Uint8Array([9, 9]));
    const m = c.get('m', 1)?.reply;
    assert.ok(m?.op === Op.MULTI_READ_REPLY);
    assert.deepEqual(m.values[0], new Uint8Array(8).fill(2));
  });

  it('a key answered again moves to the end (expiry stays in answer order)', () => {
    const c = new ReplyCache(100);
    c.remember('a', { op: Op.DELETE_REPLY, seq: 1n, dbPort: 1, bitmap: 1, ver: 0 }, undefined, 0);
    c.remember('b', { op: Op.DELETE_REPLY, seq: 2n, dbPort: 1, bitmap: 1, ver: 0 }, undefined, 10);
    c.remember('a', { op: Op.DELETE_REPLY, seq: 1n, dbPort: 1, bitmap: 1, ver: 0 }, undefined, 90);
    assert.equal(c.get('b', 111), undefined);
    assert.equal(c.get('a', 111)?.reply.seq, 1n);
  });
});
