import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { readBitsBig } from '../../../runtime/bits.js';
import { Checksum } from '../../../runtime/externs/checksum.js';
import { FieldList } from '../../../runtime/externs/field-list.js';
import { createHash, type Hash } from '../../../runtime/externs/hash.js';

describe('FieldList', () => {
  test('fields are concatenated most significant first, whatever their widths', () => {
    const arbField = fc
      .integer({ min: 1, max: 40 })
      .chain((w) => fc.tuple(fc.constant(w), fc.bigInt({ min: 0n, max: (1n << BigInt(w)) - 1n })));
    fc.assert(
      fc.property(fc.array(arbField, { maxLength: 12 }), (fields) => {
        const list = new FieldList(1);
        let expected = 0n;
        let bits = 0;
        for (const [w, v] of fields) {
          if (w <= 32) list.add(Number(v), w);
          else list.addBig(v, w);
          expected = (expected << BigInt(w)) | v;
          bits += w;
        }
        assert.equal(list.bitLength, bits);
        if (bits > 0) assert.equal(readBitsBig(list.buf, 0, bits), expected);
      }),
      { numRuns: 300 },
    );
  });

  test('one list hashed by four Hash objects gives what each gets from its own list', () => {
    const hashes: Hash[] = [0x1edc6f41, 0x04c11db7, 0x814141ab, 0xa833982b].map((coeff) => {
      const r = createHash({
        width: 15,
        algorithm: 'CUSTOM',
        polynomial: { width: 32, coeff, reversed: true, msb: true, extended: false, init: 0, xor: 0xffffffff },
      });
      assert.ok(r.ok);
      return r.value;
    });
    const list = new FieldList().add(0x0a000002, 32).add(7000, 16).add(0x1234, 32);
    for (const h of hashes) {
      assert.equal(h.getOf(list), h.add(0x0a000002, 32).add(7000, 16).add(0x1234, 32).get());
      assert.equal(h.getBigOf(list), BigInt(h.getOf(list)));
    }
    assert.equal(list.bitLength, 80, 'getOf leaves the list as is');
  });

  test('Checksum.updateOf takes a list packed elsewhere', () => {
    const list = new FieldList().add(0x4500, 16).add(0x0073, 16);
    assert.equal(new Checksum().updateOf(list), new Checksum().field(0x4500, 16).field(0x0073, 16).update());
  });
});
