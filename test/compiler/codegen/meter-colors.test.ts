// A Meter declared with its own colour values (test/compiler/codegen/p4/meter-colors.p4):
// execute returns the value given for green, yellow or red instead of Tofino's 0, 1, 3.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { type ControlTarget, callMethod } from '../../../runtime/control/methods.js';
import { bytesOf, cleanup, type Rig, ROOT, rig } from './helpers.js';

const PROGRAM = `${ROOT}/test/compiler/codegen/p4/meter-colors.p4`;

after(cleanup);

function send(r: Rig): number {
  r.engine.receive(1, Uint8Array.from([...bytesOf(2n, 6), ...bytesOf(1n, 6), 0x88, 0xb5]));
  const f = r.out.at(-1)?.frame as Uint8Array;
  return ((f[14] as number) << 8) | (f[15] as number);
}

describe('Meter colour values compiled', () => {
  test('green, then yellow, then red come back as the declared values', async () => {
    const r = await rig(PROGRAM);
    assert.equal(send(r), 10, 'an unconfigured meter marks green');
    const target = { state: r.state, tm: r.tm } as unknown as ControlTarget;
    // One packet within the committed burst, one more within the peak burst, then red.
    assert.ok(callMethod(target, 'meter.configure', { meter: 'm', index: 0, cir: 1e-9, cbs: 1, pir: 1e-9, pbs: 2 }).ok);
    assert.deepEqual([send(r), send(r), send(r)], [10, 20, 30]);
  });
});
