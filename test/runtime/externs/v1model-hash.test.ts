// v1model's hash and checksum algorithms over bmv2-packed field lists: the catalogue check
// values of the CRCs, RFC 1071's sum, xor16 and identity, and the packing rules (zero padding
// at the end, fields of invalid headers left out, the payload appended).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Random } from '../../../runtime/externs/random.js';
import { csum16, identity, V1HashList, xor16 } from '../../../runtime/externs/v1model-hash.js';

const ASCII_123456789 = [...'123456789'].map((c) => c.charCodeAt(0));

function list(payload: number[] = []): V1HashList {
  return new V1HashList(() => Uint8Array.from(payload), new Random(16, 1));
}

function bytes(l: V1HashList, values: readonly number[]): V1HashList {
  let x = l.begin();
  for (const v of values) x = x.add(v, 8);
  return x;
}

describe('v1model hash algorithms', () => {
  test('crc16 is CRC-16/ARC and crc32 the Ethernet CRC-32 (their check values)', () => {
    const l = list();
    assert.equal(bytes(l, ASCII_123456789).compute('crc16'), 0xbb3dn);
    assert.equal(bytes(l, ASCII_123456789).compute('crc32'), 0xcbf43926n);
  });

  test('the _custom CRCs use the same parameters until a control plane changes them', () => {
    const l = list();
    assert.equal(bytes(l, ASCII_123456789).compute('crc16_custom'), 0xbb3dn);
    assert.equal(bytes(l, ASCII_123456789).compute('crc32_custom'), 0xcbf43926n);
  });

  test('csum16 is the ones’ complement of the ones’ complement sum; an odd byte is padded', () => {
    assert.equal(csum16(Uint8Array.from([0x45, 0x00, 0x00, 0x1c])), ~(0x4500 + 0x001c) & 0xffff);
    assert.equal(csum16(Uint8Array.from([0x01])), ~0x0100 & 0xffff);
  });

  test('xor16 folds 16-bit words; identity is the first 8 bytes', () => {
    assert.equal(xor16(Uint8Array.from([0x12, 0x34, 0x0f, 0x0f, 0xff])), 0x1234 ^ 0x0f0f ^ 0xff00);
    assert.equal(identity(Uint8Array.from([1, 2, 3])), 0x010203n);
    assert.equal(identity(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9])), 0x0102030405060708n);
  });

  test('a list that is not whole bytes is padded with zero bits at its end', () => {
    // {4w0xa, 4w0xb, 4w0xc} packs as 0xab 0xc0.
    const v = list().begin().add(0xa, 4).add(0xb, 4).add(0xc, 4).compute('identity');
    assert.equal(v, 0xabc0n);
  });

  test('fields of an invalid header are left out of the list', () => {
    const v = list().begin().addIf(true, 0x11, 8).addIf(false, 0x22, 8).addBigIf(true, 0x33n, 8).compute('identity');
    assert.equal(v, 0x1133n);
  });

  test('the _with_payload forms append the payload after the fields', () => {
    const v = list([0xde, 0xad]).begin().add(0x01, 8).payload().compute('identity');
    assert.equal(v, 0x01deadn);
  });

  test('csum16 of a list with its own checksum folded in is 0 (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 20 }), (words) => {
        const l = list().begin();
        for (const w of words) l.add(w, 16);
        const ck = Number(l.compute('csum16'));
        const again = list().begin();
        for (const w of words) again.add(w, 16);
        again.add(ck, 16);
        assert.equal(again.compute('csum16'), 0n);
      }),
    );
  });
});
