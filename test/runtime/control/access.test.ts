// Who may program the switch (docs/control-plane.md, "Access"): loopback by default; anything
// beyond loopback only with a shared token, and then every connection authenticates first.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ControlClient } from '../../../runtime/control/client.js';
import { isLoopbackHost } from '../../../runtime/control/server.js';
import { type RunningSwitch, startSwitch } from '../../../runtime/switch.js';
import { ENGINE_FIXTURE } from '../fixtures/engine-fixture-pipeline.js';

describe('control plane access', () => {
  test('listening beyond loopback without a token is refused, and the ports opened are closed again', async () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.1']) {
      const r = await startSwitch({ pipeline: ENGINE_FIXTURE, ports: { 1: {} }, control: { host, port: 0 } });
      assert.equal(r.ok, false, host);
      assert.equal(r.ok ? '' : r.code, 'TOKEN_REQUIRED');
    }
    const short = await startSwitch({
      pipeline: ENGINE_FIXTURE,
      ports: { 1: {} },
      control: { host: '0.0.0.0', token: 'abc' },
    });
    assert.equal(short.ok ? '' : short.code, 'TOKEN_REQUIRED', 'a token shorter than 8 characters is refused');
  });

  test('loopback names', () => {
    for (const h of ['127.0.0.1', '127.5.6.7', 'localhost', '::1']) assert.equal(isLoopbackHost(h), true, h);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', '127.0.0.1.evil'])
      assert.equal(isLoopbackHost(h), false, h);
  });

  describe('with a token', () => {
    let sw: RunningSwitch;
    const token = 'correct horse battery';
    before(async () => {
      const r = await startSwitch({
        pipeline: ENGINE_FIXTURE,
        ports: { 1: {} },
        control: { host: '127.0.0.1', token },
      });
      if (!r.ok) throw new Error(r.message);
      sw = r.value;
    });
    after(async () => {
      await sw?.close();
    });

    test('a connection that has not authenticated is refused every method, and changes nothing', async () => {
      const c = await ControlClient.connect({ port: sw.control?.port ?? 0 });
      assert.ok(c.ok);
      const info = await c.value.call('switch.info');
      assert.equal(info.ok ? '' : info.code, 'UNAUTHORIZED');
      const reset = await c.value.call('register.reset', { register: 'Ingress_port_pkts' });
      assert.equal(reset.ok ? '' : reset.code, 'UNAUTHORIZED');
      const wrong = await c.value.call('session.auth', { token: 'correct horse battery!' });
      assert.equal(wrong.ok ? '' : wrong.code, 'UNAUTHORIZED');
      assert.equal((await c.value.call('switch.info')).ok, false, 'a wrong token does not authenticate');
      await c.value.close();
    });

    test('the client with the token is served; one with a wrong token is told at connect', async () => {
      const good = await ControlClient.connect({ port: sw.control?.port ?? 0, token });
      assert.ok(good.ok);
      assert.equal((await good.value.call('switch.info')).ok, true);
      await good.value.close();
      const bad = await ControlClient.connect({ port: sw.control?.port ?? 0, token: 'not the token' });
      assert.equal(bad.ok, false);
      assert.match(bad.ok ? '' : bad.message, /refused the token/);
    });
  });
});
