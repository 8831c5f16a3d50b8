// Dynamic hashing (docs/tna-externs.md, "Dynamic hashing"): a Hash's run-time field
// configuration and algorithm. The layout's checks, and properties that tie a configured hash
// to a plain one: hashing through slices equals hashing the sliced bits as a plain list, in
// order; a rotated hash is the plain one rotated; restore() gives the program's hash back.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Hash } from '../../../runtime/externs/hash.js';
import { declaredSlices, type HashField, layoutOf } from '../../../runtime/externs/hash-layout.js';

const FIELDS: HashField[] = [
  { name: 'a', width: 32 },
  { name: 'b', width: 16 },
  { name: 'c', width: 8 },
];

function crc32(): Hash {
  const h = new Hash({ width: 32, algorithm: 'CRC32' });
  h.fields = FIELDS;
  return h;
}

const hashOf = (h: Hash, a: number, b: number, c: number) => h.add(a, 32).add(b, 16).add(c, 8).getBig();
const fedOf = (h: Hash, a: number, b: number, c: number) => h.feed(a, 32).feed(b, 16).feed(c, 8).getFed();

describe('hash layout', () => {
  test('fills in start and length, cuts a length at the field end, leaves order 0 out, sorts by order', () => {
    const r = layoutOf(FIELDS, [
      { field: 'c', order: 1 },
      { field: 'a', start: 28, length: 99, order: 2 },
      { field: 'b', order: 0 },
    ]);
    assert.ok(r.ok);
    assert.deepEqual(r.value.slices, [
      { field: 'c', start: 0, length: 8, order: 1 },
      { field: 'a', start: 28, length: 4, order: 2 },
    ]);
    // c sits at bits 48..55 of the packed list; a's top nibble at bits 0..3.
    assert.deepEqual(r.value.picks, [
      { from: 48, length: 8 },
      { from: 0, length: 4 },
    ]);
    assert.equal(r.value.declaredBits, 56);
  });

  test('refuses overlapping slices, a start past the field, unknown fields and bad orders', () => {
    for (const [req, why] of [
      [
        [
          { field: 'a', start: 3, length: 4, order: 1 },
          { field: 'a', start: 1, length: 9, order: 2 },
        ],
        /overlap/,
      ],
      [[{ field: 'a', start: 37, length: 53, order: 1 }], /start bit 37 is not in 0..31/],
      [[{ field: 'z', order: 1 }], /no field z \(a, b, c\)/],
      [[{ field: 'b', order: -1 }], /order -1/],
      [[{ field: 'b', length: 0, order: 1 }], /length 0/],
    ] as const) {
      const r = layoutOf(FIELDS, req);
      assert.equal(r.ok, false, JSON.stringify(req));
      assert.match(r.ok ? '' : r.message, why);
    }
  });

  test('the declared slices hash as the program does', () => {
    const plain = crc32();
    const h = crc32();
    const l = layoutOf(FIELDS, declaredSlices(FIELDS));
    assert.ok(l.ok);
    h.setLayout(l.value);
    assert.equal(hashOf(h, 0x12345678, 0xabcd, 0xef), hashOf(plain, 0x12345678, 0xabcd, 0xef));
  });

  test('property: a configured hash equals the plain hash of its slices, in order, fed or added', () => {
    const slice = (f: HashField) =>
      fc
        .record({ start: fc.nat(f.width - 1), length: fc.integer({ min: 1, max: f.width }), order: fc.nat(4) })
        .map((s) => ({ field: f.name, ...s, length: Math.min(s.length, f.width - s.start) }));
    fc.assert(
      fc.property(
        fc.tuple(slice(FIELDS[0] as HashField), slice(FIELDS[1] as HashField), slice(FIELDS[2] as HashField)),
        fc.nat(0xffffffff),
        fc.nat(0xffff),
        fc.nat(0xff),
        fc.constantFrom('CRC32', 'CRC16', 'IDENTITY', 'XOR16'),
        (slices, a, b, c, algorithm) => {
          const l = layoutOf(FIELDS, slices);
          assert.ok(l.ok);
          const h = new Hash({ width: 32, algorithm: algorithm as 'CRC32' });
          h.fields = FIELDS;
          h.setLayout(l.value);
          const plain = new Hash({ width: 32, algorithm: algorithm as 'CRC32' });
          const value = { a, b, c } as Record<string, number>;
          for (const s of l.value.slices) {
            const v = Math.floor((value[s.field] as number) / 2 ** s.start) % 2 ** s.length;
            plain.add(v, s.length);
          }
          const expected = plain.getBig();
          assert.equal(hashOf(h, a, b, c), expected);
          assert.equal(BigInt(fedOf(h, a, b, c)), expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('hash algorithm at run time', () => {
  test('a catalogue CRC set at run time equals the preset; rotation rotates the W-bit result', () => {
    fc.assert(
      fc.property(fc.nat(0xffffffff), fc.nat(0xffff), fc.nat(0xff), fc.integer({ min: 1, max: 31 }), (a, b, c, r) => {
        const h = crc32();
        const plain = hashOf(crc32(), a, b, c);
        const set = h.setAlgorithm(
          {
            width: 32,
            algorithm: 'CUSTOM',
            polynomial: {
              width: 32,
              coeff: 0x04c11db7,
              reversed: true,
              msb: false,
              extended: false,
              init: 0xffffffff,
              xor: 0xffffffff,
            },
          },
          r,
        );
        assert.equal(set, undefined);
        const rotated = ((plain << BigInt(r)) | (plain >> BigInt(32 - r))) & 0xffffffffn;
        assert.equal(hashOf(h, a, b, c), rotated);
        assert.equal(BigInt(fedOf(h, a, b, c)), rotated);
        h.restore();
        assert.equal(hashOf(h, a, b, c), plain);
        assert.equal(BigInt(fedOf(h, a, b, c)), plain);
      }),
      { numRuns: 200 },
    );
  });

  test('a refused setting changes nothing', () => {
    const h = crc32();
    const before = hashOf(h, 1, 2, 3);
    assert.match(h.setAlgorithm({ width: 32, algorithm: 'CRC32' }, 32) ?? '', /rotate 32/);
    assert.match(h.setAlgorithm({ width: 32, algorithm: 'CUSTOM' }) ?? '', /CUSTOM/);
    assert.equal(hashOf(h, 1, 2, 3), before);
    assert.equal(h.settings().rotate, 0);
  });
});
