import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Shard } from '../../kvserver/handler.js';
import { serveRequest } from '../../kvserver/handler.js';
import { KvDict } from '../../kvserver/store/index.js';
import { notFoundValue, Op, Ver } from '../../wire/index.js';

const NF = notFoundValue(64);
const v = (n: number) => new Uint8Array(64).fill(n);
function shard(role: Shard['role'] = 'normal'): Shard {
  return { dbPort: 6380, store: new KvDict(), role };
}

describe('request handler', () => {
  it('a read that hits answers 0x01 and the value; a miss answers the 0xFF sentinel without 0x01', () => {
    const s = shard();
    s.store.set(5, v(3));
    const hit = serveRequest({ op: Op.READ, seq: 9n, dbPort: 6380, bitmap: 1, ver: 0, key: 5 }, s, NF);
    assert.ok(hit.op === Op.READ_REPLY);
    assert.equal(hit.ver, Ver.FOUND);
    assert.deepEqual(hit.value, v(3));
    assert.equal(hit.seq, 9n);
    const miss = serveRequest({ op: Op.READ, seq: 10n, dbPort: 6380, bitmap: 1, ver: 0, key: 6 }, s, NF);
    assert.ok(miss.op === Op.READ_REPLY);
    assert.equal(miss.ver, 0);
    assert.deepEqual(miss.value, NF);
  });

  it('a destination shard sets 0x02 on every reply, and the request ver (double read 0x04) is echoed', () => {
    const s = shard('destination');
    s.store.set(5, v(3));
    const r = serveRequest({ op: Op.READ, seq: 1n, dbPort: 6380, bitmap: 1, ver: Ver.DOUBLE_READ, key: 5 }, s, NF);
    assert.ok(r.op === Op.READ_REPLY);
    assert.equal(r.ver, Ver.DOUBLE_READ | Ver.FROM_DESTINATION | Ver.FOUND);
    const w = serveRequest({ op: Op.WRITE, seq: 2n, dbPort: 6380, bitmap: 1, key: 6, value: v(1) }, s, NF);
    assert.ok(w.op === Op.WRITE_REPLY);
    assert.equal(w.ver, Ver.FROM_DESTINATION | Ver.FOUND);
  });

  it('a source shard replies like a normal one (no 0x02)', () => {
    const r = serveRequest({ op: Op.READ, seq: 1n, dbPort: 6380, bitmap: 1, ver: 0, key: 1 }, shard('source'), NF);
    assert.ok(r.op === Op.READ_REPLY);
    assert.equal(r.ver & Ver.FROM_DESTINATION, 0);
  });

  it('a write stores the value and a delete reports whether the key existed', () => {
    const s = shard();
    serveRequest({ op: Op.WRITE, seq: 1n, dbPort: 6380, bitmap: 1, key: 7, value: v(8) }, s, NF);
    assert.deepEqual(s.store.get(7), v(8));
    const d1 = serveRequest({ op: Op.DELETE, seq: 2n, dbPort: 6380, bitmap: 1, key: 7 }, s, NF);
    const d2 = serveRequest({ op: Op.DELETE, seq: 3n, dbPort: 6380, bitmap: 1, key: 7 }, s, NF);
    assert.ok(d1.op === Op.DELETE_REPLY && d2.op === Op.DELETE_REPLY);
    assert.equal(d1.ver, Ver.FOUND);
    assert.equal(d2.ver, 0);
  });

  it('multi-key ops answer each slot named by the bitmap and leave the others zero', () => {
    const s = shard();
    const w = serveRequest(
      {
        op: Op.MULTI_WRITE,
        seq: 1n,
        dbPort: 6380,
        bitmap: 0b0101,
        keys: [1, 2, 3, 4],
        values: [v(1), v(2), v(3), v(4)],
      },
      s,
      NF,
    );
    assert.ok(w.op === Op.MULTI_WRITE_REPLY);
    assert.deepEqual(w.vers, [1, 0, 1, 0]);
    assert.equal(s.store.count, 2);
    const r = serveRequest(
      { op: Op.MULTI_READ, seq: 2n, dbPort: 6380, bitmap: 0b0111, vers: [0, 0, 4, 0], keys: [1, 2, 3, 4] },
      s,
      NF,
    );
    assert.ok(r.op === Op.MULTI_READ_REPLY);
    assert.deepEqual(r.vers, [Ver.FOUND, 0, Ver.DOUBLE_READ | Ver.FOUND, 0]);
    assert.deepEqual(r.values[0], v(1));
    assert.deepEqual(r.values[2], v(3));
    const d = serveRequest({ op: Op.MULTI_DELETE, seq: 3n, dbPort: 6380, bitmap: 0b1111, keys: [1, 2, 3, 4] }, s, NF);
    assert.ok(d.op === Op.MULTI_DELETE_REPLY);
    assert.deepEqual(d.vers, [1, 0, 1, 0]);
  });
});
