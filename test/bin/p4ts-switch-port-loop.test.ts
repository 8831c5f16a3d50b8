// `p4ts switch --int-port-loop` and the `ports.setInternalLoop` / `ports.internalLoop` methods
// (docs/multi-pipe.md, "Internal port loops"): a pipe mask set at start or at run time, bad
// masks and sockets in a looped pipe refused. What a looped port does to a packet is tested on
// the engine in test/compiler/codegen/multi-pipe.test.ts.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ControlClient } from '../../runtime/control/client.js';
import { fixtureBuild, Host, p4ts, startSwitch } from './helpers.js';

describe('p4ts switch --int-port-loop', () => {
  let build: string;
  let remove = () => {};
  before(() => {
    ({ dir: build, remove } = fixtureBuild('p4ts-port-loop-'));
  });
  after(() => remove());

  test('the mask given at start is read back; a run-time change is checked and applied', async () => {
    const hosts = await Promise.all([Host.open(), Host.open()]);
    const sw = await startSwitch(build, hosts, ['--int-port-loop', '0xa']);
    const c = await ControlClient.connect({ port: Number(sw.control.split(':')[1]) });
    assert.ok(c.ok, c.ok ? '' : c.message);
    try {
      assert.deepEqual(await c.value.call('ports.internalLoop'), { ok: true, value: { pipes: 10 } });
      for (const pipes of [16, -1, 1.5, '2']) {
        const r: Awaited<ReturnType<ControlClient['call']>> = await c.value.call('ports.setInternalLoop', { pipes });
        assert.equal(r.ok ? '' : r.code, 'INVALID_PORT', JSON.stringify(pipes));
      }
      assert.deepEqual(await c.value.call('ports.internalLoop'), { ok: true, value: { pipes: 10 } });
      assert.deepEqual(await c.value.call('ports.setInternalLoop', { pipes: 8 }), { ok: true, value: { pipes: 8 } });
      assert.deepEqual(await c.value.call('ports.internalLoop'), { ok: true, value: { pipes: 8 } });
    } finally {
      await c.value.close();
      await sw.stop();
      for (const h of hosts) h.close();
    }
  });

  test('a bad mask, or a --port in a looped pipe, is a usage error (exit 2) naming the problem', async () => {
    for (const [extra, why] of [
      [['--int-port-loop', '0x10'], /not a pipe mask/],
      [['--int-port-loop', 'two'], /not a pipe mask/],
      [['--int-port-loop', '1'], /port 1 is in pipe 0, whose ports loop back/],
    ] as const) {
      const r = await p4ts('switch', build, '--port', '1=127.0.0.1:0,peer=127.0.0.1:9', ...extra);
      assert.equal(r.code, 2, extra.join(' '));
      assert.match(r.stderr, why, extra.join(' '));
    }
  });
});
