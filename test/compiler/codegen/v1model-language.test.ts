// Language features compiled and run on a v1model program of our own
// (test/compiler/codegen/p4/v1model-language.p4): hdr.h.op selects the feature; each test
// states the P4 rule and checks the bytes that leave.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cleanup, ROOT } from './helpers.js';
import { hex, type V1Rig, v1modelRig } from './v1model-rig.js';

after(cleanup);

describe('P4 language features in generated v1model code', () => {
  let r: V1Rig;
  const send = (...bytes: number[]) => r.send(5, bytes).map((o) => `${o.port}:${hex(o.frame)}`);
  before(async () => {
    r = await v1modelRig(`${ROOT}/test/compiler/codegen/p4/v1model-language.p4`);
  });

  test('|| evaluates its right operand (a function with an inout argument) only when needed', () => {
    assert.deepEqual(send(3, 0, 8, 0, 0xaa), ['1:03000801aa']);
    assert.deepEqual(send(3, 1, 8, 0, 0xaa), ['1:03010901aa']);
    assert.deepEqual(send(3, 1, 1, 0, 0xaa), ['1:03010200aa']);
  });

  test('an inout header argument is copied in and out: the copy-out overwrites a direct write', () => {
    assert.deepEqual(send(4, 1, 2, 3, 0xaa), ['1:04016603aa']);
  });

  test('for loops with continue and break', () => {
    assert.deepEqual(send(5, 4, 0, 0, 0xaa), ['1:05040004aa']);
    assert.deepEqual(send(5, 10, 0, 0, 0xaa), ['1:050a000daa']);
  });

  test('making one header-union member valid invalidates the other', () => {
    assert.deepEqual(send(6, 0, 0, 0, 0xaa), ['1:0600000012aa']);
  });

  test('a varbit is extracted with its run-time size and emitted at that size', () => {
    assert.deepEqual(send(1, 0, 0, 0, 2, 0xde, 0xad, 0xaa), ['1:0100000002deadaa']);
  });

  test('a varbit size beyond its maximum is HeaderTooShort: the varbit stays invalid', () => {
    assert.deepEqual(send(1, 0, 0, 0, 5, 0xde, 0xad, 0xaa), ['1:0100000005deadaa']);
  });

  test('push_front shifts the stack; setValid makes the new element with zeroed fields', () => {
    assert.deepEqual(send(2, 0, 0, 0, 1, 2, 0xaa), ['1:02000000ee0102aa']);
  });

  test('a slice of a slice assigns the bits it names; a stack index out of range changes nothing', () => {
    assert.deepEqual(send(7, 0, 1, 0, 0xaa), ['1:07300100aa']);
    assert.deepEqual(send(7, 0, 7, 0, 0xaa), ['1:07300700aa']);
  });

  test('exit in a top-level action ends the control', () => {
    assert.deepEqual(send(8, 0, 0, 0, 0xaa), ['1:08000000aa']);
  });
});
