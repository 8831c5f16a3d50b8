import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { KeyVersions } from '../../../kvserver/migration/common/key-versions.js';

describe('KeyVersions', () => {
  it('behaves like a Map of key → bigint version under any sequence of sets, huge versions included', () => {
    const version = fc.oneof(
      fc.bigInt({ min: 0n, max: 1000n }),
      fc.constantFrom(2n ** 53n, 2n ** 64n - 1n, BigInt(Number.MAX_SAFE_INTEGER)),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), version), { maxLength: 400 }), (ops) => {
        const v = new KeyVersions();
        const model = new Map<number, bigint>();
        for (const [k, ver] of ops) {
          // Keys crowd into few home slots (multiples of 2^28 share the multiplier's low bits).
          const key = (k * 0x10000000 + (k % 7)) >>> 0;
          v.set(key, ver);
          model.set(key, ver);
        }
        assert.equal(v.size, model.size);
        for (const [k, ver] of model) assert.equal(v.get(k), ver);
        assert.equal(v.get(0xfffffffe), model.get(0xfffffffe));
      }),
      { numRuns: 300 },
    );
  });

  it('advance applies a version only when newer than the one seen, like a compare-and-set on a Map', () => {
    const version = fc.oneof(
      fc.bigInt({ min: 0n, max: 1000n }),
      fc.constantFrom(2n ** 53n, 2n ** 64n - 1n, BigInt(Number.MAX_SAFE_INTEGER)),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), version, fc.boolean()), { maxLength: 400 }),
        fc.integer({ min: 0, max: 500 }),
        (ops, reserved) => {
          const v = new KeyVersions();
          v.reserve(reserved);
          const model = new Map<number, bigint>();
          for (const [k, ver, viaSet] of ops) {
            const key = (k * 0x10000000 + (k % 7)) >>> 0;
            if (viaSet) {
              v.set(key, ver);
              model.set(key, ver);
              continue;
            }
            const seen = model.get(key);
            const newer = seen === undefined || ver > seen;
            assert.equal(v.advance(key, ver), newer);
            if (newer) model.set(key, ver);
          }
          assert.equal(v.size, model.size);
          for (const [k, ver] of model) assert.equal(v.get(k), ver);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('holds a million keys', () => {
    const v = new KeyVersions();
    for (let k = 0; k < 1_000_000; k++) v.set(k * 4099, BigInt(k + 1));
    assert.equal(v.size, 1_000_000);
    for (let k = 0; k < 1_000_000; k += 997) assert.equal(v.get(k * 4099), BigInt(k + 1));
    assert.equal(v.has(3), false);
  });
});
