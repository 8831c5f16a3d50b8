// Tofino's MathUnit as the runtime models it (runtime/externs/math-unit.ts): a 4-bit mantissa
// m and exponent E read from x, the table entry data[m] shifted by scale ± E·2^shift. The
// figures come from bf-p4c's math_unit STF tests (SQR and RSQRT) and from the rule itself.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MathUnit } from '../../../runtime/externs/math-unit.js';

/** data[m] = m² for m = 8..15 (bf-p4c's SQR table for factor 1), scale -6. */
const SQUARES = Array.from({ length: 16 }, (_, m) => (m >= 8 ? m * m : 0));

describe('MathUnit', () => {
  test('SQR: x² exactly while x has at most four significant bits, truncated past them', () => {
    const sqr = new MathUnit({ invert: false, shift: 1, scale: -6, data: SQUARES }, 16);
    for (let x = 1; x <= 15; x++) assert.equal(sqr.execute(x), x * x, `x = ${x}`);
    // 17 = 0b10001 keeps 0b1000: 16² = 256.
    assert.equal(sqr.execute(17), 256);
    assert.equal(sqr.execute(18), 324);
    assert.equal(sqr.execute(0), 0);
  });

  test('shift −1 keeps an even exponent: three mantissa bits when the leading one is odd', () => {
    // bf-p4c's RSQRT table for factor 2^24 (scale 17): data[4] = 181, data[8] = 128.
    const data = [0, 0, 0, 0, 181, 162, 148, 137, 128, 121, 114, 109, 105, 100, 97, 93];
    const rsqrt = new MathUnit({ invert: true, shift: -1, scale: 17, data }, 32);
    assert.equal(rsqrt.execute(0x10000), 0x10000);
    assert.equal(rsqrt.execute(0x20000), 0xb500);
    assert.equal(rsqrt.execute(0x80000), 0x5a80);
    assert.equal(rsqrt.execute(0xe0000), 0x4480);
  });

  test('outputs are cut to the unit width; inputs beyond it are ignored', () => {
    const ident = Array.from({ length: 16 }, (_, m) => m);
    const mul = new MathUnit({ invert: false, shift: 0, scale: 0, data: ident }, 16);
    assert.equal(mul.execute(0x0fff), 0x7800);
    assert.equal(mul.execute(0x4000), 0); // 8 · 2^14 = 2^17 does not fit 16 bits
    assert.equal(mul.execute(0x10005), mul.execute(5));
  });

  test('property: with MUL and data[m] = 16m, scale -7, powers of two and 4-bit values pass unchanged', () => {
    const data = Array.from({ length: 16 }, (_, m) => 16 * m);
    const unit = new MathUnit({ invert: false, shift: 0, scale: -7, data }, 32);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 15 }), fc.integer({ min: 0, max: 27 }), (v, k) => {
        const x = v * 2 ** k;
        return unit.execute(x) === x;
      }),
    );
  });

  test('a table of the wrong size or with entries beyond 8 bits is refused', () => {
    assert.throws(() => new MathUnit({ invert: false, shift: 0, scale: 0, data: [1, 2] }, 16), RangeError);
    assert.throws(
      () => new MathUnit({ invert: false, shift: 0, scale: 0, data: Array.from({ length: 16 }, () => 256) }, 16),
      RangeError,
    );
  });
});
