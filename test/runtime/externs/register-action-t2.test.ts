// Tofino 2's register-action addressing and units (docs/tna-externs.md, "Tofino 2 stateful
// ALU"): enqueue/dequeue behave as a bounded queue and push/pop as a bounded stack over the
// register's cells (checked against an array model), overflow/underflow run at the ends,
// outputs rv2..rv4 land in `out`, the 128-bit view of narrow cells, and saluMinMax.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createRegister } from '../../../runtime/externs/register.js';
import {
  RegisterAction,
  type RegisterApply,
  type RegisterPassState,
} from '../../../runtime/externs/register-action.js';
import { saluMinMax } from '../../../runtime/externs/salu-minmax.js';
import { newIdentity } from '../../../runtime/packet.js';

const FULL = 0xeeee;
const EMPTY = 0xdddd;

/** A writer (cell = next value) and a reader (rv = cell) of one register, sharing its pointers. */
function pair(size: number) {
  const reg = createRegister({ name: 'q', size, width: 16 });
  assert.ok(reg.ok);
  const current = newIdentity();
  const shared: RegisterPassState = { lastPass: -1, violations: 0 };
  let next = 0;
  const write: RegisterApply = (v) => {
    v.lo = next;
    return 0;
  };
  const read: RegisterApply = (v) => v.lo;
  const writer = new RegisterAction('w', reg.value, write, current, undefined, shared, { overflow: () => FULL });
  const reader = new RegisterAction('r', reg.value, read, current, undefined, shared, { underflow: () => EMPTY });
  return {
    put(v: number, fifo: boolean): number {
      next = v;
      current.pass++;
      return fifo ? writer.enqueue() : writer.push();
    },
    take(fifo: boolean): number {
      current.pass++;
      return fifo ? reader.dequeue() : reader.pop();
    },
  };
}

const ops = fc.array(fc.option(fc.integer({ min: 1, max: 0xfff }), { nil: undefined }), { maxLength: 40 });

describe('Tofino 2 register actions', () => {
  test('enqueue/dequeue is a bounded FIFO over the cells, overflow/underflow at the ends', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), ops, (size, steps) => {
        const q = pair(size);
        const model: number[] = [];
        for (const v of steps) {
          if (v === undefined) assert.equal(q.take(true), model.length === 0 ? EMPTY : model.shift());
          else if (model.length === size) assert.equal(q.put(v, true), FULL);
          else {
            assert.equal(q.put(v, true), 0);
            model.push(v);
          }
        }
      }),
    );
  });

  test('push/pop is a bounded stack over the cells, overflow/underflow at the ends', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), ops, (size, steps) => {
        const s = pair(size);
        const model: number[] = [];
        for (const v of steps) {
          if (v === undefined) assert.equal(s.take(false), model.length === 0 ? EMPTY : model.pop());
          else if (model.length === size) assert.equal(s.put(v, false), FULL);
          else {
            assert.equal(s.put(v, false), 0);
            model.push(v);
          }
        }
      }),
    );
  });

  test('without overflow/underflow bodies a full or empty register returns 0 and is unchanged', () => {
    const reg = createRegister({ name: 'q', size: 1, width: 8 });
    assert.ok(reg.ok);
    const setSeven: RegisterApply = (v) => {
      v.lo = 7;
      return 9;
    };
    const ra = new RegisterAction('q', reg.value, setSeven, newIdentity(), undefined);
    assert.equal(ra.dequeue(), 0);
    assert.equal(ra.enqueue(), 9);
    assert.equal(ra.enqueue(), 0);
    assert.equal(reg.value.read(0), 7);
  });

  test('outputs rv2..rv4 are in `out` after the run, and reset by the next one', () => {
    const reg = createRegister({ name: 'o', size: 4, width: 32 });
    assert.ok(reg.ok);
    let write = true;
    const body: RegisterApply = (_v, index, out) => {
      if (write) {
        out[1] = index + 10;
        out[3] = 30;
      }
      return index;
    };
    const ra = new RegisterAction('o', reg.value, body, newIdentity(), undefined);
    assert.equal(ra.execute(2), 2);
    assert.deepEqual(ra.out, [2, 12, 0, 30]);
    assert.equal(ra.lastAddress, 2);
    write = false;
    ra.execute(1);
    assert.deepEqual(ra.out, [1, 0, 0, 0]);
  });

  test('the 128-bit view: eight 16-bit cells, the first lowest, written back when changed', () => {
    const reg = createRegister({ name: 'l', size: 16, width: 16 });
    assert.ok(reg.ok);
    for (let i = 0; i < 16; i++) reg.value.write(i, 0x100 + i);
    let seen = 0n;
    const body = (v: { lo: bigint }) => {
      seen = v.lo;
      v.lo += 1n << 112n;
      return 0;
    };
    const ra = new RegisterAction('l', reg.value, body as never, newIdentity(), undefined, undefined, { lanes: 8 });
    ra.execute(1);
    assert.equal(seen & 0xffffn, 0x108n);
    assert.equal(seen >> 112n, 0x10fn);
    assert.equal(reg.value.read(15), 0x110);
    assert.equal(reg.value.read(7), 0x107);
    assert.throws(
      () => new RegisterAction('x', reg.value, () => 0, newIdentity(), undefined, undefined, { lanes: 3 }),
      RangeError,
    );
  });

  test('saluMinMax picks the extreme enabled lane (lowest index on ties) and applies postmod', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 0xff }), { minLength: 16, maxLength: 16 }),
        fc.integer({ min: 1, max: 0xffff }),
        fc.boolean(),
        fc.integer({ min: -128, max: 127 }),
        (bytes, mask, max, postmod) => {
          const value = bytes.reduce((acc, b, i) => acc | (BigInt(b) << BigInt(8 * i)), 0n);
          const r = saluMinMax(value, 8, mask, max, postmod);
          const enabled = bytes.map((b, i) => ({ b, i })).filter(({ i }) => ((mask >> i) & 1) === 1);
          const best = enabled.reduce((a, c) => ((max ? c.b > a.b : c.b < a.b) ? c : a));
          assert.equal(r.result, best.b);
          assert.equal(r.index, best.i);
          const after = bytes.slice();
          after[best.i] = (best.b + postmod) & 0xff;
          assert.equal(
            r.value,
            after.reduce((acc, b, i) => acc | (BigInt(b) << BigInt(8 * i)), 0n),
          );
        },
      ),
    );
  });

  test('Register.fill writes every cell, both halves of a pair', () => {
    const reg = createRegister({ name: 'f', size: 3, width: 16, paired: true });
    assert.ok(reg.ok);
    reg.value.fill(5, 6);
    assert.deepEqual(reg.value.cpRead(2), { ok: true, value: [5, 6] });
  });
});
