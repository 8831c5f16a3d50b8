// RegisterParam in generated code (test/compiler/codegen/p4/register-param.p4): a register
// action reads the parameter's current value; the control plane reads, writes and resets it.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { type ControlTarget, callMethod } from '../../../runtime/control/methods.js';
import { bytesOf, cleanup, type Rig, ROOT, rig } from './helpers.js';

const PROGRAM = `${ROOT}/test/compiler/codegen/p4/register-param.p4`;

after(cleanup);

function send(r: Rig): number {
  r.engine.receive(1, Uint8Array.from([...bytesOf(2n, 6), ...bytesOf(1n, 6), 0x88, 0xb5]));
  const f = r.out.at(-1)?.frame as Uint8Array;
  return ((f[14] as number) << 8) | (f[15] as number);
}

function call(r: Rig, method: string, params: Record<string, unknown>) {
  return callMethod({ state: r.state, tm: r.tm } as unknown as ControlTarget, method, params);
}

describe('RegisterParam compiled', () => {
  test('a register action adds the parameter’s current value; write and reset change it for later packets', async () => {
    const r = await rig(PROGRAM);
    assert.deepEqual(r.state.p4info.registerParams, [{ name: 'Ig.step', width: 16, initial: 5 }]);
    assert.deepEqual([send(r), send(r)], [5, 10]);
    assert.deepEqual(call(r, 'registerParam.write', { param: 'step', value: 100 }), {
      ok: true,
      value: { param: 'Ig.step', value: 100 },
    });
    assert.equal(send(r), 110);
    const bad = call(r, 'registerParam.write', { param: 'step', value: 0x10000 });
    assert.equal(bad.ok ? 'ok' : bad.code, 'BAD_VALUE');
    assert.deepEqual(call(r, 'registerParam.reset', { param: 'step' }), {
      ok: true,
      value: { param: 'Ig.step', value: 5 },
    });
    assert.equal(send(r), 115);
  });
});
