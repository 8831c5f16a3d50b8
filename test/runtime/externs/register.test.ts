import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { toSigned } from '../../../runtime/bits.js';
import { cellsFor } from '../../../runtime/externs/extern.js';
import { createRegister, RegisterArray } from '../../../runtime/externs/register.js';

describe('RegisterArray', () => {
  test('a bit<1> bloom filter keeps only the low bit', () => {
    const bf = new RegisterArray({ name: 'bf', size: 1 << 15, width: 1 });
    bf.write(5, 1);
    bf.write(6, 2);
    assert.equal(bf.read(5), 1);
    assert.equal(bf.read(6), 0);
  });

  test('an int<8> counting bloom filter wraps and reads signed (-1 after 0 - 1, -128 after 127 + 1)', () => {
    const cbf = new RegisterArray({ name: 'cbf', size: 16, width: 8, signed: true });
    cbf.write(3, cbf.read(3) - 1);
    assert.equal(cbf.read(3), -1);
    cbf.write(4, 127);
    cbf.write(4, cbf.read(4) + 1);
    assert.equal(cbf.read(4), -128);
  });

  test('any width 1..32 stores the low bits, signed or not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 32 }), fc.boolean(), fc.integer(), (width, signed, v) => {
        const r = new RegisterArray({ name: 'r', size: 4, width, signed });
        r.write(1, v);
        const low = Number(BigInt.asUintN(width, BigInt(v)));
        assert.equal(r.read(1), signed ? toSigned(low, width) : low);
      }),
      { numRuns: 300 },
    );
  });

  test('an index wraps to the size rounded up to a power of two', () => {
    const r = new RegisterArray({ name: 'r', size: 100, width: 32 });
    assert.equal(r.cells, 128);
    r.write(128 + 7, 42);
    assert.equal(r.read(7), 42, '135 wraps to 7');
    r.write(110, 9);
    assert.equal(r.read(110), 9, 'an index in 100..127 reaches a real cell');
    assert.equal(cellsFor(1), 1);
    assert.equal(cellsFor(65536), 65536);
  });

  test('paired registers keep two halves per cell', () => {
    const r = new RegisterArray({ name: 'p', size: 8, width: 32, paired: true, initial: 1, initialHi: 2 });
    assert.deepEqual([r.read(0), r.readHi(0)], [1, 2]);
    r.write(3, 0xffffffff);
    r.writeHi(3, 7);
    const c = r.cpRead(3);
    assert.ok(c.ok);
    assert.deepEqual(c.value, [0xffffffff, 7]);
  });

  test('cells wider than 32 bits use bigints', () => {
    const r = new RegisterArray({ name: 'w', size: 4, width: 48 });
    r.writeBig(1, (1n << 48n) + 5n);
    assert.equal(r.readBig(1), 5n);
  });

  test('the control plane addresses 0..size-1 with values that fit, else a coded error', () => {
    const r = new RegisterArray({ name: 'c', size: 10, width: 8, signed: true });
    assert.equal(r.cpWrite(10, 1).ok, false);
    const big = r.cpWrite(0, 128);
    assert.equal(big.ok ? 'ok' : big.code, 'BAD_VALUE');
    const pair = r.cpWrite(0, 1, 2);
    assert.equal(pair.ok ? 'ok' : pair.code, 'BAD_VALUE');
    assert.ok(r.cpWrite(9, -128).ok);
    assert.deepEqual(r.snapshot().values[9], [-128]);
    const bad = createRegister({ name: 'x', size: 0, width: 8 });
    assert.equal(bad.ok ? 'ok' : bad.code, 'BAD_REGISTER_SPEC');
  });

  test('reset restores the initial value', () => {
    const r = new RegisterArray({ name: 'i', size: 4, width: 16, initial: 0x1234 });
    r.write(2, 0);
    r.reset();
    assert.equal(r.read(2), 0x1234);
  });
});
