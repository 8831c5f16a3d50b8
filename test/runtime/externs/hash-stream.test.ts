// Streamed hashing (Crc.begin/feed/finish, Hash.feed/getFed): the packet path's way of hashing a
// list of whole-byte fields without packing it. It must give the bits of the packed path for
// every CRC parameter set, field width and result width.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Crc, type CrcParams } from '../../../runtime/externs/crc.js';
import { type CRCPolynomial, Hash, type HashAlgorithm } from '../../../runtime/externs/hash.js';

const crcParams = fc.integer({ min: 1, max: 64 }).chain((width) => {
  const value = fc.bigInt({ min: 0n, max: (1n << BigInt(width)) - 1n });
  return fc.record({
    width: fc.constant(width),
    poly: value,
    refin: fc.boolean(),
    refout: fc.boolean(),
    init: value,
    xorout: value,
  });
});

/** A field of 8, 16, 24 or 32 bits and a value that fits it. */
const field = fc
  .constantFrom(8, 16, 24, 32)
  .chain((w) => fc.tuple(fc.integer({ min: 0, max: 2 ** w - 1 }), fc.constant(w)));

function packed(fields: readonly (readonly [number, number])[]): Uint8Array {
  const out: number[] = [];
  for (const [v, w] of fields) for (let s = w - 8; s >= 0; s -= 8) out.push(Math.floor(v / 2 ** s) & 0xff);
  return Uint8Array.from(out);
}

describe('streamed CRC', () => {
  test('feeding whole-byte fields equals compute over their packed bytes, for any parameters', () => {
    fc.assert(
      fc.property(crcParams, fc.array(field, { maxLength: 6 }), (p: CrcParams, fields) => {
        const crc = new Crc(p);
        crc.begin();
        for (const [v, w] of fields) crc.feed(v, w);
        const bytes = packed(fields);
        assert.equal(crc.finishBig(), crc.compute(bytes));
        assert.equal(crc.finishNumber(), crc.computeNumber(bytes));
      }),
      { numRuns: 400 },
    );
  });

  test('begin starts over: a second stream does not see the first', () => {
    const crc = new Crc({
      width: 32,
      poly: 0x04c11db7,
      refin: true,
      refout: true,
      init: 0xffffffff,
      xorout: 0xffffffff,
    });
    crc.begin();
    crc.feed(0xdeadbeef, 32);
    crc.begin();
    crc.feed(0x3132, 16);
    assert.equal(crc.finishNumber(), crc.computeNumber(Uint8Array.from([0x31, 0x32])));
  });
});

const polynomial: fc.Arbitrary<CRCPolynomial> = crcParams.chain((p) =>
  fc.record({
    width: fc.constant(p.width),
    coeff: fc.constant(p.poly),
    reversed: fc.constant(p.refin),
    msb: fc.boolean(),
    extended: fc.boolean(),
    init: fc.constant(p.init),
    xor: fc.constant(p.xorout),
  }),
);

describe('Hash.feed / getFed', () => {
  test('a CUSTOM hash of any width gives the same bits fed as added', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), polynomial, fc.array(field, { maxLength: 5 }), (w, poly, fields) => {
        const fed = new Hash({ width: w, algorithm: 'CUSTOM', polynomial: poly });
        const added = new Hash({ width: w, algorithm: 'CUSTOM', polynomial: poly });
        for (const [v, fw] of fields) {
          fed.feed(v, fw);
          added.add(v, fw);
        }
        if (w <= 32) assert.equal(fed.getFed(), added.get());
        else assert.equal(fed.getFedBig(), added.getBig());
        // Both lists are consumed: an empty list next.
        assert.equal(fed.getFedBig(), added.getBig());
      }),
      { numRuns: 300 },
    );
  });

  test('the algorithms that are not CRCs pack what is fed, as add does', () => {
    for (const algorithm of ['IDENTITY', 'XOR16', 'CRC16', 'CRC32', 'CRC64'] as HashAlgorithm[]) {
      fc.assert(
        fc.property(fc.array(field, { maxLength: 4 }), (fields) => {
          const fed = new Hash({ width: 32, algorithm });
          const added = new Hash({ width: 32, algorithm });
          for (const [v, fw] of fields) {
            fed.feed(v, fw);
            added.add(v, fw);
          }
          assert.equal(fed.getFed(), added.get(), algorithm);
        }),
        { numRuns: 50 },
      );
    }
  });

  test('feedBig splits a wide field into the bytes addBig packs', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(40, 48, 64, 72),
        fc.bigInt({ min: 0n, max: (1n << 72n) - 1n }),
        field,
        (w, v, [v2, w2]) => {
          const poly: CRCPolynomial = {
            width: 64,
            coeff: 0xad93d23594c935a9n,
            reversed: true,
            msb: false,
            extended: false,
            init: 0n,
            xor: 0n,
          };
          const fed = new Hash({ width: 64, algorithm: 'CUSTOM', polynomial: poly });
          const added = new Hash({ width: 64, algorithm: 'CUSTOM', polynomial: poly });
          assert.equal(fed.feedBig(v, w).feed(v2, w2).getFedBig(), added.addBig(v, w).add(v2, w2).getBig());
        },
      ),
    );
  });

  test('reset abandons a fed list', () => {
    const h = new Hash({ width: 32, algorithm: 'CRC32' });
    const ref = new Hash({ width: 32, algorithm: 'CRC32' });
    h.feed(0x01020304, 32);
    h.reset();
    assert.equal(h.feed(7, 8).getFed(), ref.add(7, 8).get());
  });
});
