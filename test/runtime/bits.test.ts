import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  addWrap,
  fits,
  readBits,
  readBitsBig,
  satAddS,
  satAddSBig,
  satAddU,
  satAddUBig,
  satSubS,
  satSubSBig,
  satSubU,
  satSubUBig,
  slice,
  sliceBig,
  sliceBigToNumber,
  subWrap,
  toSigned,
  toSignedBig,
  toUnsigned,
  truncate,
  writeBits,
  writeBitsBig,
} from '../../runtime/bits.js';

// The oracle: the whole buffer as one big-endian bigint.
function bufToBig(buf: Uint8Array): bigint {
  let v = 0n;
  for (const b of buf) v = (v << 8n) | BigInt(b);
  return v;
}
function oracleRead(buf: Uint8Array, off: number, width: number): bigint {
  const total = BigInt(buf.length * 8);
  return BigInt.asUintN(width, bufToBig(buf) >> (total - BigInt(off + width)));
}
function oracleWrite(buf: Uint8Array, off: number, width: number, value: bigint): Uint8Array {
  const total = BigInt(buf.length * 8);
  const shift = total - BigInt(off + width);
  const mask = ((1n << BigInt(width)) - 1n) << shift;
  let v = (bufToBig(buf) & ~mask) | (BigInt.asUintN(width, value) << shift);
  const out = new Uint8Array(buf.length);
  for (let i = buf.length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

const arbField = (maxWidth: number) =>
  fc
    .record({ width: fc.integer({ min: 1, max: maxWidth }), lead: fc.integer({ min: 0, max: 40 }), extra: fc.nat(16) })
    .chain(({ width, lead, extra }) => {
      const len = Math.ceil((lead + width + extra) / 8);
      return fc.record({
        buf: fc.uint8Array({ minLength: len, maxLength: len }),
        off: fc.constant(lead),
        width: fc.constant(width),
      });
    });

describe('reading and writing fields at bit offsets (big-endian, MSB first)', () => {
  test('readBits equals the bigint oracle for 1..32-bit fields at any offset', () => {
    fc.assert(
      fc.property(arbField(32), ({ buf, off, width }) => {
        const v = readBits(buf, off, width);
        assert.ok(v >= 0, 'unsigned');
        assert.equal(BigInt(v), oracleRead(buf, off, width));
      }),
      { numRuns: 1000 },
    );
  });

  test('readBitsBig equals the bigint oracle for 1..130-bit fields', () => {
    fc.assert(
      fc.property(arbField(130), ({ buf, off, width }) => {
        assert.equal(readBitsBig(buf, off, width), oracleRead(buf, off, width));
      }),
      { numRuns: 500 },
    );
  });

  test('writeBits changes exactly the field and keeps the low width bits of the value', () => {
    fc.assert(
      fc.property(arbField(32), fc.double({ min: -1e10, max: 1e10, noNaN: true }), ({ buf, off, width }, raw) => {
        const value = Math.trunc(raw);
        const expected = oracleWrite(buf, off, width, BigInt.asUintN(32, BigInt(value)));
        const actual = buf.slice();
        writeBits(actual, off, width, value);
        assert.deepEqual(actual, expected);
      }),
      { numRuns: 1000 },
    );
  });

  test('writeBitsBig changes exactly the field for 1..130-bit fields', () => {
    fc.assert(
      fc.property(arbField(130), fc.bigInt({ min: -(1n << 140n), max: 1n << 140n }), ({ buf, off, width }, value) => {
        const actual = buf.slice();
        writeBitsBig(actual, off, width, value);
        assert.deepEqual(actual, oracleWrite(buf, off, width, value));
        assert.equal(readBitsBig(actual, off, width), BigInt.asUintN(width, value), 'round trip');
      }),
      { numRuns: 500 },
    );
  });

  test('an IPv4 header reads field by field', () => {
    const hdr = new Uint8Array([0x45, 0x00, 0x00, 0x54, 0x12, 0x34, 0x40, 0x00, 0x40, 0x01, 0xab, 0xcd, 10, 0, 0, 1]);
    assert.equal(readBits(hdr, 0, 4), 4, 'version');
    assert.equal(readBits(hdr, 4, 4), 5, 'ihl');
    assert.equal(readBits(hdr, 16, 16), 0x54, 'totalLen');
    assert.equal(readBits(hdr, 48, 3), 0b010, 'flags');
    assert.equal(readBits(hdr, 51, 13), 0, 'fragOffset');
    assert.equal(readBits(hdr, 96, 32), 0x0a000001, 'srcAddr');
    assert.equal(readBitsBig(hdr, 64, 64), 0x4001abcd0a000001n);
  });

  test('fits tells whether a field lies inside the buffer', () => {
    assert.equal(fits(2, 8, 8), true);
    assert.equal(fits(2, 9, 8), false);
    assert.equal(fits(0, 0, 0), true);
  });
});

describe('width-exact arithmetic', () => {
  const arbW = fc.integer({ min: 1, max: 32 });
  const arbU = (w: number) => fc.double({ min: 0, max: 2 ** w - 1, noNaN: true }).map(Math.floor);

  test('truncate, wrap and signed conversion agree with BigInt.asUintN/asIntN', () => {
    fc.assert(
      fc.property(arbW, fc.integer(), fc.integer(), (w, a, b) => {
        assert.equal(BigInt(truncate(a, w)), BigInt.asUintN(w, BigInt(a)));
        assert.equal(BigInt(addWrap(a, b, w)), BigInt.asUintN(w, BigInt(a) + BigInt(b)));
        assert.equal(BigInt(subWrap(a, b, w)), BigInt.asUintN(w, BigInt(a) - BigInt(b)));
        const u = truncate(a, w);
        assert.equal(BigInt(toSigned(u, w)), BigInt.asIntN(w, BigInt(u)));
        assert.equal(toUnsigned(toSigned(u, w), w), u);
      }),
      { numRuns: 1000 },
    );
  });

  test('unsigned saturating add clamps at 2^w - 1 and sub at 0', () => {
    fc.assert(
      fc.property(
        arbW.chain((w) => fc.tuple(fc.constant(w), arbU(w), arbU(w))),
        ([w, a, b]) => {
          const max = 2n ** BigInt(w) - 1n;
          const s = BigInt(a) + BigInt(b);
          const d = BigInt(a) - BigInt(b);
          assert.equal(BigInt(satAddU(a, b, w)), s > max ? max : s);
          assert.equal(BigInt(satSubU(a, b, w)), d < 0n ? 0n : d);
          assert.equal(satAddUBig(BigInt(a), BigInt(b), w), s > max ? max : s);
          assert.equal(satSubUBig(BigInt(a), BigInt(b), w), d < 0n ? 0n : d);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('signed saturating add and sub clamp to the int<w> range', () => {
    assert.equal(satAddS(127, 1, 8), 127);
    assert.equal(satSubS(-128, 1, 8), -128);
    assert.equal(satAddS(-100, -100, 8), -128);
    assert.equal(satAddS(5, -7, 8), -2);
    assert.equal(satAddS(2 ** 31 - 1, 1, 32), 2 ** 31 - 1);
    assert.equal(satAddSBig(1n << 62n, 1n << 62n, 64), (1n << 63n) - 1n);
    assert.equal(satSubSBig(-(1n << 63n), 1n, 64), -(1n << 63n));
    assert.equal(toSignedBig(0xffn, 8), -1n);
  });

  test('slices take bits hi..lo', () => {
    assert.equal(slice(0xabcd1234, 31, 16), 0xabcd);
    assert.equal(slice(0xabcd1234, 3, 0), 4);
    assert.equal(slice(0xffffffff, 31, 0), 0xffffffff);
    assert.equal(sliceBig(0x1122334455667788n, 63, 32), 0x11223344n);
    assert.equal(sliceBigToNumber(0x1122334455667788n, 31, 0), 0x55667788);
  });
});
