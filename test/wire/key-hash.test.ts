// The hosts' key hash (wire/key-hash.ts) is the switch's: its own CRC-64 on 32-bit halves
// equals the runtime's generic CRC engine (the one the compiled P4 Hash runs on) for any bytes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { crc64Redis } from '../../runtime/externs/crc.js';
import { crc64RedisHalves, keyHash } from '../../wire/key-hash.js';

const joined = ([hi, lo]: [number, number]) => (BigInt(hi) << 32n) | BigInt(lo);

describe('key hash', () => {
  it('gives the Redis CRC-64 check value of "123456789"', () => {
    assert.equal(joined(crc64RedisHalves(new TextEncoder().encode('123456789'))), 0xe9c6d914c4b8d9can);
  });

  it('equals the runtime CRC engine on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        assert.equal(joined(crc64RedisHalves(bytes)), crc64Redis(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('keyHash is the low 32 bits over the key bytes, big-endian', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (key) => {
        const bytes = Uint8Array.of(key >>> 24, (key >>> 16) & 0xff, (key >>> 8) & 0xff, key & 0xff);
        assert.equal(keyHash(key), Number(crc64Redis(bytes) & 0xffffffffn));
      }),
      { numRuns: 300 },
    );
  });
});
