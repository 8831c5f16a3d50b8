import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Crc, type CrcParams, crc64Redis, createCrc } from '../../../runtime/externs/crc.js';
import { HASH_ALGORITHM_CRCS, NAMED_CRCS } from '../../../runtime/externs/crc-catalogue.js';

const CHECK_INPUT = new TextEncoder().encode('123456789');

function params(width: number, poly: bigint, reflected: boolean, init: bigint, xorout: bigint): CrcParams {
  return { width, poly, refin: reflected, refout: reflected, init, xorout };
}

describe('CRC check values of "123456789" (catalogue model)', () => {
  const cases: [string, CrcParams, bigint][] = [
    ['CRC-32', params(32, 0x04c11db7n, true, 0xffffffffn, 0xffffffffn), 0xcbf43926n],
    ['CRC-32C', params(32, 0x1edc6f41n, true, 0xffffffffn, 0xffffffffn), 0xe3069283n],
    ['CRC-32/BZIP2', params(32, 0x04c11db7n, false, 0xffffffffn, 0xffffffffn), 0xfc891918n],
    ['CRC-32/MPEG-2', params(32, 0x04c11db7n, false, 0xffffffffn, 0n), 0x0376e6e7n],
    ['CRC-64/ECMA-182', params(64, 0x42f0e1eba9ea3693n, false, 0n, 0n), 0x6c40df5f0b497347n],
    ['CRC-64/REDIS', params(64, 0xad93d23594c935a9n, true, 0n, 0n), 0xe9c6d914c4b8d9can],
    ['CRC-16/ARC', params(16, 0x8005n, true, 0n, 0n), 0xbb3dn],
    ['CRC-16/CCITT-FALSE', params(16, 0x1021n, false, 0xffffn, 0n), 0x29b1n],
    ['CRC-8', params(8, 0x07n, false, 0n, 0n), 0xf4n],
    ['CRC-5/USB (width below 8, reflected)', params(5, 0x05n, true, 0x1fn, 0x1fn), 0x19n],
    ['CRC-3/GSM (width below 8, normal)', params(3, 0x3n, false, 0n, 0x7n), 0x4n],
    ['CRC-40/GSM (width between 32 and 64)', params(40, 0x0004820009n, false, 0n, 0xffffffffffn), 0xd4164fc646n],
  ];
  for (const [name, p, check] of cases) {
    test(`${name} of "123456789" is 0x${check.toString(16)}`, () => {
      const crc = new Crc(p);
      assert.equal(crc.compute(CHECK_INPUT), check);
      assert.equal(crc.computeBits(CHECK_INPUT, 72), check, 'bit-serial agrees');
      assert.equal(crc.computeNumber(CHECK_INPUT), Number(check & 0xffffffffn), 'number path keeps the low 32 bits');
    });
  }

  test('crc64Redis of "123456789" is 0xE9C6D914C4B8D9CA', () => {
    assert.equal(crc64Redis(CHECK_INPUT), 0xe9c6d914c4b8d9can);
  });

  test('every named variant and HashAlgorithm_t preset matches its catalogue check value', () => {
    for (const [name, p] of Object.entries({ ...NAMED_CRCS, ...HASH_ALGORITHM_CRCS })) {
      assert.equal(new Crc(p).compute(CHECK_INPUT), p.check, name);
    }
  });
});

describe('CRC inputs and parameters', () => {
  test('a sub-range of the input is the CRC of those bytes alone', () => {
    const crc = new Crc(params(32, 0x04c11db7n, true, 0xffffffffn, 0xffffffffn));
    const padded = new Uint8Array([0xaa, ...CHECK_INPUT, 0x55]);
    assert.equal(crc.computeNumber(padded, 1, 10), 0xcbf43926);
  });

  test('the empty input gives init (reflected per refout) xor xorout', () => {
    assert.equal(new Crc(params(32, 0x04c11db7n, true, 0xffffffffn, 0xffffffffn)).compute(new Uint8Array()), 0n);
    assert.equal(new Crc(params(16, 0x1021n, false, 0x1234n, 0n)).compute(new Uint8Array()), 0x1234n);
  });

  test('mixed refin/refout reflects only the output', () => {
    // CRC-12/UMTS: refin false, refout true, check 0xDAF.
    const umts: CrcParams = { width: 12, poly: 0x80fn, refin: false, refout: true, init: 0n, xorout: 0n };
    assert.equal(new Crc(umts).compute(CHECK_INPUT), 0xdafn);
    assert.equal(new Crc(umts).computeBits(CHECK_INPUT, 72), 0xdafn);
  });

  test('bad parameters are a coded error, not an exception', () => {
    for (const bad of [
      params(0, 1n, false, 0n, 0n),
      params(65, 1n, false, 0n, 0n),
      params(8, 0x107n, false, 0n, 0n),
      params(8, 7n, false, -1n, 0n),
    ]) {
      const r = createCrc(bad);
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.code, 'BAD_CRC_PARAMS');
    }
    assert.equal(createCrc(params(8, 7n, false, 0n, 0n)).ok, true);
  });

  test('a bit length outside the input is rejected', () => {
    const crc = new Crc(params(8, 7n, false, 0n, 0n));
    assert.throws(() => crc.computeBits(new Uint8Array(1), 9), RangeError);
  });
});

describe('bit-serial and table-driven CRCs agree', () => {
  const arbParams = fc
    .record({
      width: fc.integer({ min: 1, max: 64 }),
      polySeed: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      initSeed: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      xorSeed: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      refin: fc.boolean(),
      refout: fc.boolean(),
    })
    .map(({ width, polySeed, initSeed, xorSeed, refin, refout }): CrcParams => {
      const mask = (1n << BigInt(width)) - 1n;
      // A CRC polynomial has its x^0 term set.
      return { width, poly: (polySeed & mask) | 1n, init: initSeed & mask, xorout: xorSeed & mask, refin, refout };
    });

  test('on random parameters and random whole bytes, the table equals the bit-serial loop', () => {
    fc.assert(
      fc.property(arbParams, fc.uint8Array({ maxLength: 40 }), (p, data) => {
        const crc = new Crc(p);
        const table = crc.compute(data);
        assert.equal(table, crc.computeBits(data, data.length * 8));
        assert.equal(crc.computeNumber(data), Number(table & 0xffffffffn));
      }),
      { numRuns: 400 },
    );
  });

  test('a CRC over n bits ignores the bits after n', () => {
    fc.assert(
      fc.property(arbParams, fc.uint8Array({ minLength: 1, maxLength: 12 }), fc.nat(), (p, data, r) => {
        const crc = new Crc(p);
        const bits = r % (data.length * 8 + 1);
        const noisy = data.slice();
        const last = bits >> 3;
        if (last < noisy.length) noisy[last] = ((noisy[last] as number) ^ (0xff >> (bits & 7))) & 0xff;
        for (let i = last + 1; i < noisy.length; i++) noisy[i] = ~(noisy[i] as number) & 0xff;
        assert.equal(crc.computeBits(data, bits), crc.computeBits(noisy, bits));
      }),
      { numRuns: 200 },
    );
  });
});
