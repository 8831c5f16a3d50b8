// RegisterAction.execute_log (bf-p4c's <tofino/stateful_alu.p4>, docs/v1model.md): every
// execute_log of any action of a register runs on the register's log pointer, which starts at
// cell 0, advances by one per call and wraps at the register's size.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createRegister } from '../../../runtime/externs/register.js';
import { RegisterAction, type RegisterPassState } from '../../../runtime/externs/register-action.js';
import { newIdentity } from '../../../runtime/packet.js';

describe('RegisterAction.executeLog', () => {
  test('two actions of one register share the log pointer, which wraps at the size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.array(fc.boolean(), { maxLength: 30 }), (size, which) => {
        const reg = createRegister({ name: 'log', size, width: 16, signed: false, paired: false });
        assert.ok(reg.ok);
        const current = newIdentity();
        const shared: RegisterPassState = { lastPass: -1, violations: 0 };
        let stamp = 0;
        const write = (tag: number) => (v: { lo: number }, index: number) => {
          v.lo = tag * 100 + stamp;
          return index;
        };
        const a = new RegisterAction('a', reg.value, write(1), current, undefined, shared);
        const b = new RegisterAction('b', reg.value, write(2), current, undefined, shared);
        const expected = new Array<number>(size).fill(0);
        which.forEach((useA, k) => {
          stamp = k;
          current.pass++;
          const index = (useA ? a : b).executeLog();
          assert.equal(index, k % size);
          expected[k % size] = (useA ? 100 : 200) + k;
        });
        assert.deepEqual(
          expected.map((_, i) => reg.value.read(i)),
          expected,
        );
      }),
    );
  });
});
