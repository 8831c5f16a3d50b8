import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  constEquals,
  fitsInWidth,
  foldBinary,
  foldCast,
  foldConcat,
  foldSlice,
  foldUnary,
  wrapInt,
} from '../../../compiler/check/const-fold.js';
import { bitType, boolType, infIntType, intType } from '../../../compiler/check/types.js';

const value = (r: ReturnType<typeof foldBinary>) => {
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.value;
};

describe('wrapping to a width', () => {
  it('bit<W> wraps modulo 2^W', () => {
    assert.equal(wrapInt(256n, bitType(8)), 0n);
    assert.equal(wrapInt(-1n, bitType(8)), 255n);
  });
  it("int<W> wraps to two's complement", () => {
    assert.equal(wrapInt(128n, intType(8)), -128n);
    assert.equal(wrapInt(255n, intType(8)), -1n);
  });
  it('int has infinite precision', () => {
    assert.equal(wrapInt(1n << 200n, infIntType), 1n << 200n);
  });
  it('an int constant fits bit<W> when it is in [0, 2^W)', () => {
    assert.equal(fitsInWidth(255n, bitType(8)), true);
    assert.equal(fitsInWidth(256n, bitType(8)), false);
    assert.equal(fitsInWidth(-1n, bitType(8)), false);
    assert.equal(fitsInWidth(-128n, intType(8)), true);
    assert.equal(fitsInWidth(128n, intType(8)), false);
  });
  it('bit<W> arithmetic agrees with BigInt modulo 2^W (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }),
        fc.bigInt({ min: 0n, max: (1n << 70n) - 1n }),
        fc.bigInt({ min: 0n, max: (1n << 70n) - 1n }),
        (w, a0, b0) => {
          const t = bitType(w);
          const a = wrapInt(a0, t);
          const b = wrapInt(b0, t);
          const m = 1n << BigInt(w);
          assert.equal(value(foldBinary('+', a, b, t)), (a + b) % m);
          assert.equal(value(foldBinary('-', a, b, t)), (((a - b) % m) + m) % m);
          assert.equal(value(foldBinary('*', a, b, t)), (a * b) % m);
          assert.equal(value(foldBinary('&', a, b, t)), a & b);
        },
      ),
    );
  });
  it('int<W> results stay within [-2^(W-1), 2^(W-1)) (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.bigInt(), fc.bigInt(), (w, a0, b0) => {
        const t = intType(w);
        const r = value(foldBinary('*', wrapInt(a0, t), wrapInt(b0, t), t)) as bigint;
        assert.ok(r >= -(1n << BigInt(w - 1)) && r < 1n << BigInt(w - 1));
      }),
    );
  });
});

describe('operators', () => {
  it('saturating addition clamps at the maximum of bit<W>', () => {
    assert.equal(value(foldBinary('|+|', 250n, 10n, bitType(8))), 255n);
    assert.equal(value(foldBinary('|-|', 5n, 10n, bitType(8))), 0n);
  });
  it('saturating arithmetic on int<W> clamps at both ends', () => {
    assert.equal(value(foldBinary('|+|', 100n, 100n, intType(8))), 127n);
    assert.equal(value(foldBinary('|-|', -100n, 100n, intType(8))), -128n);
  });
  it('saturating arithmetic needs a fixed width', () => {
    assert.equal(foldBinary('|+|', 1n, 2n, infIntType).ok, false);
  });
  it('division by zero is a failure, not a crash', () => {
    const r = foldBinary('/', 1n, 0n, bitType(8));
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.reason, /division by zero/);
  });
  it('a shift of bit<W> by W or more gives 0', () => {
    assert.equal(value(foldBinary('<<', 1n, 8n, bitType(8))), 0n);
    assert.equal(value(foldBinary('<<', 1n, 1000000000n, bitType(8))), 0n);
  });
  it('>> on int<W> is arithmetic', () => {
    assert.equal(value(foldBinary('>>', -8n, 1n, intType(8))), -4n);
  });
  it('>> on bit<W> is logical', () => {
    assert.equal(value(foldBinary('>>', 0x80n, 7n, bitType(8))), 1n);
  });
  it('~ complements within the width', () => {
    const r = foldUnary('~', 0x0fn, bitType(8));
    assert.ok(r.ok);
    assert.equal(r.value, 0xf0n);
  });
  it('~ is not defined on int', () => {
    assert.equal(foldUnary('~', 1n, infIntType).ok, false);
  });
  it('concatenation puts the left operand in the high bits', () => {
    assert.equal(value(foldConcat(0xabn, bitType(8), 0xcdn, bitType(8), bitType(16))), 0xabcdn);
  });
  it('a slice [h:l] takes bits h down to l', () => {
    assert.equal(foldSlice(0xabcdn, 11, 4), 0xbcn);
  });
  it('comparisons give bools', () => {
    assert.equal(value(foldBinary('<', 1n, 2n, infIntType)), true);
    assert.equal(value(foldBinary('==', true, false, boolType)), false);
  });
});

describe('casts', () => {
  it('bool casts to 0 and 1', () => {
    assert.equal(value(foldCast(true, boolType, bitType(1))), 1n);
  });
  it('bit<1> 1 casts to true', () => {
    assert.equal(value(foldCast(1n, bitType(1), boolType)), true);
  });
  it('a negative int<8> cast to bit<8> keeps its bits', () => {
    assert.equal(value(foldCast(-1n, intType(8), bitType(8))), 255n);
  });
  it('structured constants compare element by element', () => {
    assert.equal(constEquals({ kind: 'list', elements: [1n, true] }, { kind: 'list', elements: [1n, true] }), true);
    assert.equal(constEquals({ kind: 'list', elements: [1n] }, { kind: 'list', elements: [2n] }), false);
  });
});
