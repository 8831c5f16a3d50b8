import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Crc, crc64Redis } from '../../../runtime/externs/crc.js';
import { NAMED_CRCS } from '../../../runtime/externs/crc-catalogue.js';
import { type CRCPolynomial, createHash, Hash, namedPolynomial } from '../../../runtime/externs/hash.js';

// NetMigrate's filter list {shard IPv4 (32), shard port (16), group id (32)}, packed by hand.
const IPV4 = 0x0a000002;
const PORT = 7000;
const GROUP = 0x12345678;
function listBytes(ipv4: number, port: number, group: number): Uint8Array {
  const b = new Uint8Array(10);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, ipv4);
  dv.setUint16(4, port);
  dv.setUint32(6, group);
  return b;
}

function poly32(coeff: number, reversed: boolean, init: number, xor: number, msb = true): CRCPolynomial {
  return { width: 32, coeff, reversed, msb, extended: false, init, xor };
}

// docs/netmigrate.md §4, filters 1-4.
const FILTERS: [string, CRCPolynomial, string][] = [
  ['filter 1', poly32(0x1edc6f41, true, 0, 0xffffffff), 'crc_32c'],
  ['filter 2', poly32(0x04c11db7, true, 0, 0xffffffff), 'crc_32'],
  ['filter 3', poly32(0x04c11db7, false, 0, 0xffffffff), 'crc_32_bzip2'],
  ['filter 4', poly32(0x04c11db7, false, 0xffffffff, 0), 'crc_32_mpeg'],
];

function hashOf(width: number, poly: CRCPolynomial): Hash {
  const r = createHash({ width, algorithm: 'CUSTOM', polynomial: poly });
  assert.ok(r.ok);
  return r.value;
}

describe("NetMigrate's four filter hashes over {ipv4, port, group}", () => {
  for (const [name, poly, catalogueName] of FILTERS) {
    test(`${name}: the 32-bit hash is the catalogue-model CRC of the 10 big-endian bytes`, () => {
      const bytes = listBytes(IPV4, PORT, GROUP);
      const expected = new Crc({
        width: 32,
        poly: poly.coeff,
        refin: poly.reversed,
        refout: poly.reversed,
        init: poly.init,
        xorout: poly.xor,
      });
      const h = hashOf(32, poly);
      assert.equal(h.add(IPV4, 32).add(PORT, 16).add(GROUP, 32).get(), expected.computeNumber(bytes));
    });

    test(`${name}: differs from ${catalogueName} only by a constant for 10-byte lists (same polynomial, other init/xor)`, () => {
      const named = new Crc(NAMED_CRCS[catalogueName]!);
      const h = hashOf(32, poly);
      const zeros = new Uint8Array(10);
      const offset = (h.hashFields([
        [0, 32],
        [0, 16],
        [0, 32],
      ]) ^ named.compute(zeros)) as bigint;
      fc.assert(
        fc.property(fc.nat(0xffffffff), fc.nat(0xffff), fc.nat(0xffffffff), (ip, port, group) => {
          const mine = h.add(ip, 32).add(port, 16).add(group, 32).getBig();
          assert.equal(mine ^ named.compute(listBytes(ip, port, group)), offset);
        }),
        { numRuns: 100 },
      );
    });
  }

  test('filter 2 matches zlib crc32 seeded to register 0 (0x757DD9C9, computed with Python zlib)', () => {
    assert.equal(hashOf(32, FILTERS[1]![1]).add(IPV4, 32).add(PORT, 16).add(GROUP, 32).get(), 0x757dd9c9);
  });

  test('filter 4 is exactly CRC-32/MPEG-2', () => {
    const mpeg = new Crc(NAMED_CRCS.crc_32_mpeg!);
    assert.equal(
      hashOf(32, FILTERS[3]![1]).hashFields([
        [IPV4, 32],
        [PORT, 16],
        [GROUP, 32],
      ]),
      mpeg.compute(listBytes(IPV4, PORT, GROUP)),
    );
  });

  test('a 15-bit bloom-filter index with msb keeps the top 15 bits: crc >> 17', () => {
    for (const [, poly] of FILTERS) {
      const full = hashOf(32, poly).add(IPV4, 32).add(PORT, 16).add(GROUP, 32).get();
      const idx = hashOf(15, poly).add(IPV4, 32).add(PORT, 16).add(GROUP, 32).get();
      assert.equal(idx, full >>> 17);
    }
  });
});

describe('truncation and extension of the CRC to the Hash width', () => {
  const bytes = listBytes(IPV4, PORT, GROUP);
  const crc32 = new Crc(NAMED_CRCS.crc_32!).computeNumber(bytes);

  test('msb false keeps the W least significant bits', () => {
    const h = hashOf(12, { ...namedPolynomial('crc_32')!, msb: false });
    assert.equal(h.add(IPV4, 32).add(PORT, 16).add(GROUP, 32).get(), crc32 & 0xfff);
  });

  test('msb true keeps the W most significant bits', () => {
    const h = hashOf(12, namedPolynomial('crc_32', true)!);
    assert.equal(h.add(IPV4, 32).add(PORT, 16).add(GROUP, 32).get(), crc32 >>> 20);
  });

  test('a 64-bit CRC truncated to 32 bits with msb false is its [31:0] slice', () => {
    const redis: CRCPolynomial = {
      width: 64,
      coeff: 0xad93d23594c935a9n,
      reversed: true,
      msb: false,
      extended: false,
      init: 0n,
      xor: 0n,
    };
    const key = new Uint8Array([1, 2, 3, 4]);
    assert.equal(hashOf(32, redis).add(0x01020304, 32).get(), Number(crc64Redis(key) & 0xffffffffn));
    assert.equal(hashOf(64, redis).add(0x01020304, 32).getBig(), crc64Redis(key));
    assert.equal(
      hashOf(16, { ...redis, msb: true })
        .add(0x01020304, 32)
        .get(),
      Number(crc64Redis(key) >> 48n),
    );
  });

  test('extended false zero-extends to a wider W', () => {
    const h = hashOf(48, namedPolynomial('crc_32')!);
    assert.equal(h.add(IPV4, 32).add(PORT, 16).add(GROUP, 32).getBig(), BigInt(crc32));
  });

  test('extended true repeats the CRC to fill W bits', () => {
    const h = hashOf(48, namedPolynomial('crc_32', false, true)!);
    const c = BigInt(crc32);
    assert.equal(h.add(IPV4, 32).add(PORT, 16).add(GROUP, 32).getBig(), ((c << 32n) | c) & 0xffffffffffffn);
    const crc16 = hashOf(40, namedPolynomial('crc_16', false, true)!);
    const c16 = new Crc(NAMED_CRCS.crc_16!).compute(bytes);
    assert.equal(
      crc16.add(IPV4, 32).add(PORT, 16).add(GROUP, 32).getBig(),
      ((c16 << 32n) | (c16 << 16n) | c16) & 0xffffffffffn,
    );
  });
});

describe('HashAlgorithm_t presets', () => {
  const check = new TextEncoder().encode('123456789');
  const checkFields = [...check].map((b) => [b, 8] as const);

  test('CRC8/16/32/64 presets give their catalogue check values', () => {
    const expected = { CRC8: 0xf4n, CRC16: 0xbb3dn, CRC32: 0xcbf43926n, CRC64: 0x6c40df5f0b497347n } as const;
    for (const [algorithm, value] of Object.entries(expected)) {
      const width = { CRC8: 8, CRC16: 16, CRC32: 32, CRC64: 64 }[algorithm]!;
      const r = createHash({ width, algorithm: algorithm as 'CRC8' });
      assert.ok(r.ok);
      assert.equal(r.value.hashFields(checkFields), value, algorithm);
    }
  });

  test('a preset narrower than its CRC keeps the low bits', () => {
    const h = new Hash({ width: 16, algorithm: 'CRC32' });
    assert.equal(h.hashFields(checkFields), 0x3926n);
  });

  test('a preset wider than its CRC repeats it, as Tofino does (docs/tna-semantics.md, "Hash")', () => {
    assert.equal(new Hash({ width: 32, algorithm: 'CRC16' }).hashFields(checkFields), 0xbb3dbb3dn);
    assert.equal(new Hash({ width: 20, algorithm: 'CRC16' }).hashFields(checkFields), 0xdbb3dn);
    assert.equal(new Hash({ width: 24, algorithm: 'CRC8' }).hashFields(checkFields), 0xf4f4f4n);
  });

  test('IDENTITY returns the data bits truncated or zero-extended to W', () => {
    assert.equal(new Hash({ width: 16, algorithm: 'IDENTITY' }).add(0xabcd1234, 32).get(), 0x1234);
    assert.equal(new Hash({ width: 64, algorithm: 'IDENTITY' }).add(0xab, 8).add(0x1, 4).getBig(), 0xab1n);
    assert.equal(
      new Hash({ width: 32, algorithm: 'IDENTITY' }).add(0xab, 8).addBig(0x1122334455n, 40).get(),
      0x22334455,
    );
  });

  test('XOR16 folds the list into 16-bit chunks from its start, the last one zero-padded at its low end', () => {
    const h = new Hash({ width: 16, algorithm: 'XOR16' });
    assert.equal(h.add(0x1234, 16).add(0xabcd, 16).add(0x0f, 8).get(), 0x1234 ^ 0xabcd ^ 0x0f00);
    assert.equal(new Hash({ width: 8, algorithm: 'XOR8' }).add(0x0102, 16).add(0x04, 8).get(), 0x07);
    // bf-p4c's hash_extern_xor: {8w0xaa, 16w0x1234, 16w0xaa77, 32w0xdeadbeef}.
    const list = (alg: 'XOR16' | 'XOR32') =>
      new Hash({ width: alg === 'XOR16' ? 16 : 32, algorithm: alg })
        .add(0xaa, 8)
        .add(0x1234, 16)
        .add(0xaa77, 16)
        .add(0xdeadbeef, 32);
    assert.equal(list('XOR16').get(), 0xaa12 ^ 0x34aa ^ 0x77de ^ 0xadbe ^ 0xef00);
    assert.equal(list('XOR32').get(), (0xaa1234aa ^ 0x77deadbe ^ 0xef000000) >>> 0);
    assert.equal(new Hash({ width: 32, algorithm: 'XOR32' }).add(IPV4, 32).add(GROUP, 32).get(), (IPV4 ^ GROUP) >>> 0);
  });

  test('RANDOM is a fixed GF(2)-linear function of the data: equal lists hash equal, XOR maps to XOR', () => {
    const h = new Hash({ width: 12, algorithm: 'RANDOM' });
    const wide = new Hash({ width: 64, algorithm: 'RANDOM' });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (a, b) => {
        const ha = h.add(a, 32).get();
        assert.equal(h.add(a, 32).get(), ha);
        assert.equal(h.add((a ^ b) >>> 0, 32).get(), ha ^ h.add(b, 32).get());
        assert.ok(ha < 4096);
        // The 12-bit result is the low bits of the wider one (one matrix, its first columns).
        assert.equal(Number(wide.add(a, 32).getBig() & 0xfffn), ha);
      }),
    );
    assert.equal(h.add(0, 32).get(), 0);
    // Another seed is another matrix.
    const other = new Hash({ width: 32, algorithm: 'RANDOM', randomSeed: 7 });
    const mine = new Hash({ width: 32, algorithm: 'RANDOM' });
    assert.notEqual(other.add(0x1234, 16).get(), mine.add(0x1234, 16).get());
  });

  test('bad configurations are coded errors', () => {
    for (const cfg of [
      { width: 0, algorithm: 'CRC32' as const },
      { width: 65, algorithm: 'CRC32' as const },
      { width: 16, algorithm: 'CUSTOM' as const },
      { width: 16, algorithm: 'CUSTOM' as const, polynomial: { ...poly32(0x107, false, 0, 0), width: 8 } },
    ]) {
      const r = createHash(cfg);
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.code, 'BAD_HASH_CONFIG');
    }
    assert.equal(namedPolynomial('no_such_crc'), undefined);
  });
});

describe('field lists', () => {
  test('get empties the list, so the next computation starts fresh', () => {
    const h = new Hash({ width: 32, algorithm: 'CRC32' });
    const first = h.add(IPV4, 32).get();
    assert.equal(h.add(IPV4, 32).get(), first);
  });

  test('a list whose width is not a multiple of 8 uses the bit-serial CRC over exactly those bits', () => {
    const poly = namedPolynomial('crc_32_bzip2')!;
    const crc = new Crc({
      width: 32,
      poly: poly.coeff,
      refin: false,
      refout: false,
      init: poly.init,
      xorout: poly.xor,
    });
    // 13 + 7 = 20 bits: 0x1abc (13 bits) then 0x55 (7 bits) → bits 1101010111100 1010101 → 0xd5e55 in 20 bits.
    const h = hashOf(32, poly);
    assert.equal(h.add(0x1abc, 13).add(0x55, 7).getBig(), crc.computeBits(new Uint8Array([0xd5, 0xe5, 0x50]), 20));
    // Padding the same bits with zeros to whole bytes gives a different CRC: the choice is pinned.
    assert.notEqual(
      hashOf(32, poly).add(0x1abc, 13).add(0x55, 7).add(0, 4).getBig(),
      h.add(0x1abc, 13).add(0x55, 7).getBig(),
    );
  });

  test('a long list grows the scratch buffer and still hashes every bit', () => {
    const h = new Hash({ width: 32, algorithm: 'CRC32' });
    const bytes = new Uint8Array(64).map((_, i) => i);
    for (const b of bytes) h.add(b, 8);
    assert.equal(h.get(), new Crc(NAMED_CRCS.crc_32!).computeNumber(bytes));
  });
});
