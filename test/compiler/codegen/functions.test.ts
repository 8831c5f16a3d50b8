// Top-level functions in generated code (test/compiler/codegen/p4/functions.p4): a function
// returning a value from `in` parameters, called from an action and twice in one expression,
// and one updating an `inout` struct.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { bytesOf, cleanup, ROOT, rig } from './helpers.js';

const PROGRAM = `${ROOT}/test/compiler/codegen/p4/functions.p4`;

after(cleanup);

describe('top-level functions compiled', () => {
  test('values come back from in parameters and inout structs are updated', async () => {
    const r = await rig(PROGRAM);
    const dst = 0x0000_1111_2222n;
    const src = 0x0000_0a0b_0c0dn;
    r.engine.receive(1, Uint8Array.from([...bytesOf(dst, 6), ...bytesOf(src, 6), 0x88, 0xb5]));
    const f = r.out.at(-1)?.frame as Uint8Array;
    const v = new DataView(f.buffer, f.byteOffset);
    assert.equal(v.getUint16(14), 0x0a0b ^ 0x0c0d, 'fold(src[31:0]) from an action');
    assert.deepEqual([f[16], f[17]], [2, 1], 'swap(inout) exchanged the fields');
    assert.equal(v.getUint16(18), ((0x0001 ^ 0x0002) + (0x1111 ^ 0x2222)) & 0xffff);
    assert.deepEqual([f[20], v.getUint16(21)], [42, 0x1234], 'inout and out scalars copied back, early return kept');
  });

  test('a table action’s bound out/inout arguments are copied back too', async () => {
    const r = await rig(PROGRAM);
    r.engine.receive(1, Uint8Array.from([...bytesOf(1n, 6), ...bytesOf(2n, 6), 0x22, 0x22]));
    const f = r.out.at(-1)?.frame as Uint8Array;
    assert.deepEqual([f[20], new DataView(f.buffer, f.byteOffset).getUint16(21)], [43, 0x9999]);
  });
});
