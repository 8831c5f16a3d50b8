import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { KvDict } from '../../kvserver/store/index.js';
import { bucketOfHash, groupOfKey, keyHash, remainExpFor } from '../../wire/key-hash.js';

/** CRC-64 Redis (Jones, reflected, init 0, xorout 0) bit by bit: an oracle independent of the table engine. */
function crc64RedisBitwise(bytes: Uint8Array): bigint {
  const poly = 0x95ac9329ac4bc9b5n; // 0xAD93D23594C935A9 bit-reversed
  let crc = 0n;
  for (const b of bytes) {
    crc ^= BigInt(b);
    for (let i = 0; i < 8; i++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return crc;
}

function keyBytesOf(key: number): Uint8Array {
  return Uint8Array.of(key >>> 24, (key >>> 16) & 0xff, (key >>> 8) & 0xff, key & 0xff);
}

const value = (n: number) => new Uint8Array(8).fill(n & 0xff);

describe('key hash and groups', () => {
  it('the bitwise oracle gives the Redis CRC-64 check value', () => {
    assert.equal(crc64RedisBitwise(new TextEncoder().encode('123456789')), 0xe9c6d914c4b8d9can);
  });

  it('a key hash is the low 32 bits of CRC-64 Redis over the 4 key bytes, big-endian', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (key) => {
        assert.equal(keyHash(key), Number(crc64RedisBitwise(keyBytesOf(key)) & 0xffffffffn));
      }),
      { numRuns: 300 },
    );
  });

  it('the group of a key is (hash & (2^size_exp - 1)) >> remain_exp, as the switch computes it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 28 }), (key, sizeExp) => {
        const remainExp = remainExpFor(sizeExp);
        const crc = crc64RedisBitwise(keyBytesOf(key));
        const expected = Number((crc & ((1n << BigInt(sizeExp)) - 1n)) >> BigInt(remainExp));
        assert.equal(groupOfKey(key, sizeExp, remainExp), expected);
        const d = new KvDict({ initialSizeExp: Math.min(sizeExp, 20) });
        assert.equal(
          d.groupOf(key, remainExpFor(d.sizeExp)),
          Number((crc & ((1n << BigInt(d.sizeExp)) - 1n)) >> BigInt(remainExpFor(d.sizeExp))),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('groups are capped at 2^17: remain_exp = size_exp - min(size_exp, 17)', () => {
    assert.equal(remainExpFor(28), 11);
    assert.equal(remainExpFor(10), 0);
    assert.equal(bucketOfHash(0xffffffff, 32), 0xffffffff);
  });
});

describe('KvDict', () => {
  it('behaves like a map under any sequence of set, delete and get', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 300 }), v: fc.nat(255) }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 300 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const d = new KvDict();
        const model = new Map<number, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            assert.equal(d.set(o.key, value(o.v)), !model.has(o.key));
            model.set(o.key, o.v);
          } else assert.equal(d.delete(o.key), model.delete(o.key));
        }
        assert.equal(d.count, model.size);
        for (let k = 0; k <= 300; k++)
          assert.deepEqual(d.get(k), model.has(k) ? value(model.get(k) as number) : undefined);
        assert.equal(d.dataBytes, model.size * (4 + 8));
        assert.equal([...d.entries()].length, model.size);
      }),
      { numRuns: 100 },
    );
  });

  it('the table doubles when it holds as many keys as buckets', () => {
    const d = new KvDict({ initialSizeExp: 2 });
    for (let k = 0; k < 4; k++) d.set(k, value(k));
    assert.equal(d.sizeExp, 2);
    d.set(4, value(4));
    assert.equal(d.sizeExp, 3);
    for (let k = 5; k < 1000; k++) d.set(k, value(k));
    assert.equal(d.sizeExp, 10);
    for (let k = 0; k < 1000; k++) assert.deepEqual(d.get(k), value(k));
  });

  it('a frozen table never grows, so every key keeps its bucket and group', () => {
    const d = new KvDict({ initialSizeExp: 2 });
    for (let k = 0; k < 4; k++) d.set(k, value(k));
    assert.equal(d.freeze(), 2);
    const before = [0, 1, 2, 3].map((k) => d.bucketOf(k));
    for (let k = 4; k < 100; k++) d.set(k, value(k));
    assert.equal(d.sizeExp, 2);
    assert.deepEqual(
      [0, 1, 2, 3].map((k) => d.bucketOf(k)),
      before,
    );
    assert.equal(d.count, 100);
    d.unfreeze();
    assert.ok(d.sizeExp >= 7);
    for (let k = 0; k < 100; k++) assert.deepEqual(d.get(k), value(k));
  });

  it('a scan of a bucket range returns exactly the keys of those buckets, whole buckets at a time', () => {
    const d = new KvDict({ initialSizeExp: 6 });
    d.freeze();
    for (let k = 0; k < 500; k++) d.set(k, value(k));
    const seen = new Set<number>();
    let cursor = 16;
    while (cursor < 32) {
      const r = d.scan(cursor, 32, 7);
      assert.ok(r.next > cursor);
      for (const p of r.pairs) {
        const b = d.bucketOf(p.key);
        assert.ok(b >= cursor && b < r.next, `key in bucket ${b} outside [${cursor}, ${r.next})`);
        seen.add(p.key);
      }
      cursor = r.next;
    }
    const expected = new Set<number>();
    for (let k = 0; k < 500; k++) if (d.bucketOf(k) >= 16 && d.bucketOf(k) < 32) expected.add(k);
    assert.deepEqual(seen, expected);
  });

  it('scanning all groups of a frozen table visits every key once', () => {
    const d = new KvDict({ initialSizeExp: 5 });
    for (let k = 0; k < 300; k++) d.set(k * 7919, value(k));
    const sizeExp = d.freeze();
    const remain = 2;
    const counts = new Map<number, number>();
    for (let g = 0; g < 2 ** (sizeExp - remain); g++) {
      let c = g << remain;
      const end = (g + 1) << remain;
      while (c < end) {
        const r = d.scan(c, end, 400);
        for (const p of r.pairs) {
          assert.equal(d.groupOf(p.key, remain), g);
          counts.set(p.key, (counts.get(p.key) ?? 0) + 1);
        }
        c = r.next;
      }
    }
    assert.equal(counts.size, 300);
    assert.ok([...counts.values()].every((n) => n === 1));
  });

  it('scanInto writes the same pairs as scan, in wire form, whole buckets within the room', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 25 }),
        (keys, sizeExp, room) => {
          const d = new KvDict({ initialSizeExp: sizeExp, valueBytes: 8 });
          // Frozen first: buckets of several keys, some longer than `room`.
          d.freeze();
          for (const k of keys) d.set(k, value(k));
          const out = new Uint8Array(3 + room * 12);
          const seen: number[] = [];
          let cursor = 0;
          const end = d.bucketCount;
          while (cursor < end) {
            const r = d.scanInto(cursor, end, room, out, 3, 8);
            const whole = d.scan(cursor, r.next, Number.MAX_SAFE_INTEGER).pairs;
            assert.equal(r.count, whole.length);
            assert.ok(r.count <= room);
            whole.forEach((p, i) => {
              const at = 3 + i * 12;
              assert.equal(new DataView(out.buffer).getUint32(at), p.key);
              assert.deepEqual(out.subarray(at + 4, at + 12), p.value);
              seen.push(p.key);
            });
            if (r.count === 0 && r.next === cursor) {
              // The bucket alone is longer than the room: scan() reads it.
              const big = d.scan(cursor, cursor + 1, 1);
              assert.ok(big.pairs.length > room);
              for (const p of big.pairs) seen.push(p.key);
              cursor = big.next;
            } else cursor = r.next;
          }
          assert.deepEqual(
            seen.sort((a, b) => a - b),
            [...keys].sort((a, b) => a - b),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('scanInto refuses a stored value of another size than the frame carries', () => {
    const d = new KvDict({ valueBytes: 8 });
    d.set(1, new Uint8Array(5));
    assert.throws(() => d.scanInto(0, d.bucketCount, 21, new Uint8Array(21 * 12), 0, 8), RangeError);
  });

  it('a stored value is a copy: changing the caller buffer does not change the store', () => {
    const d = new KvDict();
    const v = value(1);
    d.set(1, v);
    v[0] = 99;
    assert.equal(d.get(1)?.[0], 1);
  });
});

describe('slab storage', () => {
  it('holds values shorter, equal to and longer than its slot, through overwrites and deletes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom('set', 'delete'), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 20 })),
          { maxLength: 300 },
        ),
        (ops) => {
          const d = new KvDict({ valueBytes: 8 });
          const model = new Map<number, Uint8Array>();
          for (const [op, k, len] of ops) {
            if (op === 'set') {
              const v = Uint8Array.from({ length: len }, (_, i) => (k * 31 + i + len) & 0xff);
              d.set(k, v);
              model.set(k, v);
            } else assert.equal(d.delete(k), model.delete(k));
          }
          assert.equal(d.count, model.size);
          for (const [k, v] of model) assert.deepEqual(d.get(k), v);
          assert.equal(
            d.dataBytes,
            [...model.values()].reduce((n, v) => n + 4 + v.length, 0),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('setFrom (a value read in place from a larger buffer) stores what set stores, through overwrites and deletes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('set', 'delete'),
            fc.integer({ min: 0, max: 40 }),
            fc.integer({ min: 0, max: 20 }),
            fc.integer({ min: 0, max: 9 }),
          ),
          { maxLength: 300 },
        ),
        (ops) => {
          const viaSet = new KvDict({ valueBytes: 8 });
          const viaFrom = new KvDict({ valueBytes: 8 });
          for (const [op, k, len, at] of ops) {
            if (op === 'delete') {
              assert.equal(viaFrom.delete(k), viaSet.delete(k));
              continue;
            }
            // The value sits at `at` inside a buffer with other bytes around it (a MIGRATE record).
            const buffer = Uint8Array.from({ length: at + len + 5 }, (_, i) => (k * 31 + i * 7 + len) & 0xff);
            const v = buffer.slice(at, at + len);
            assert.equal(viaFrom.setFrom(k, buffer, at, len), viaSet.set(k, v));
            buffer.fill(0xee); // the store kept a copy, not the buffer
          }
          assert.equal(viaFrom.count, viaSet.count);
          assert.equal(viaFrom.dataBytes, viaSet.dataBytes);
          for (const { key, value: v } of viaSet.entries()) assert.deepEqual(viaFrom.get(key), v);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps every record across pages (more than 65,536 slots) and reuses freed slots', () => {
    const d = new KvDict({ valueBytes: 4 });
    const v = (k: number) => Uint8Array.of(k >>> 24, k >>> 16, k >>> 8, k);
    for (let k = 0; k < 70_000; k++) d.set(k * 7919, v(k));
    const before = d.memoryBytes;
    for (let k = 0; k < 70_000; k += 2) d.delete(k * 7919);
    for (let k = 0; k < 70_000; k += 2) d.set(k * 7919 + 1, v(k));
    assert.equal(d.memoryBytes, before, 'freed slots are reused, no new page');
    assert.equal(d.count, 70_000);
    for (let k = 1; k < 70_000; k += 2) assert.deepEqual(d.get(k * 7919), v(k));
    for (let k = 0; k < 70_000; k += 2) assert.deepEqual(d.get(k * 7919 + 1), v(k));
  });

  it('get and scan hand out copies: overwriting a key does not change a value already read', () => {
    const d = new KvDict({ valueBytes: 4 });
    d.set(5, Uint8Array.of(1, 2, 3, 4));
    const got = d.get(5);
    const scanned = d.scan(0, d.bucketCount, 10).pairs[0]?.value;
    d.set(5, Uint8Array.of(9, 9, 9, 9));
    assert.deepEqual(got, Uint8Array.of(1, 2, 3, 4));
    assert.deepEqual(scanned, Uint8Array.of(1, 2, 3, 4));
  });

  it('reserve() sizes the table for a bulk load at once, and not while frozen', () => {
    const d = new KvDict();
    d.reserve(1000);
    assert.equal(d.sizeExp, 10);
    d.freeze();
    d.reserve(5000);
    assert.equal(d.sizeExp, 10);
  });
});
