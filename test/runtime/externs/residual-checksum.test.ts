// residualAfter: a ones' complement sum minus the 16-bit words of a byte range (the header
// bytes a TNA parser extracts after `subtract_all_and_deposit`).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { internetChecksum } from '../../../runtime/externs/checksum.js';
import { residualAfter } from '../../../runtime/externs/residual-checksum.js';

describe('residualAfter', () => {
  it('subtracts the words between the two bit offsets', () => {
    const buf = Uint8Array.from([0xff, 0xff, 0x44, 0x44, 0x55, 0x55, 0x66, 0x66, 0x11, 0x11, 0xee]);
    // 0xcccc - (0x4444 + 0x5555 + 0x6666 + 0x1111 = 0x1111 folded) = 0xbbbb
    assert.equal(residualAfter(0xcccc, buf, 16, 80), 0xbbbb);
    assert.equal(residualAfter(0xcccc, buf, 80, 80), 0xcccc);
  });

  it('an odd last byte counts as its word with a zero low byte', () => {
    assert.equal(residualAfter(0x1234, Uint8Array.from([0x01]), 0, 8), 0x1134);
  });

  it('adding the subtracted bytes back gives a sum that checks out against the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 40 }), fc.integer({ min: 0, max: 0xffff }), (bytes, sum) => {
        const even = bytes.length & ~1;
        const r = residualAfter(sum, bytes, 0, even * 8);
        // r + sum(bytes) ≡ sum (ones' complement): so ~(r + words) equals ~sum's checksum form.
        const words = ~internetChecksum(bytes, 0, even) & 0xffff;
        let s = r + words;
        while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
        const norm = (x: number) => (x === 0xffff ? 0 : x);
        assert.equal(norm(s), norm(sum));
      }),
    );
  });
});
