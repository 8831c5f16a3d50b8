// The packet generator in a running switch (in process, loopback UDP ports and control plane):
// a program of our own (test/packet-test/stf/cases/pktgen.p4) compiled to a build directory;
// the buffer, port and app configured over the control plane; generated packets arrive at the
// host sockets; bad requests are refused and change nothing.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { ControlClient } from '../../../runtime/control/client.js';
import { type RunningSwitch, startSwitch } from '../../../runtime/switch.js';
import { cleanup, compile, ROOT } from '../../compiler/codegen/helpers.js';
import { type Host, openHost, waitFor } from './udp-hosts.js';

const opened: { sw?: RunningSwitch; client?: ControlClient; hosts: Host[] } = { hosts: [] };

after(async () => {
  await opened.client?.close();
  await opened.sw?.close();
  for (const h of opened.hosts) h.socket.close();
  cleanup();
});

const BUFFER = '0000000000aa0000000000bb0800';

describe('the packet generator in a running switch', () => {
  test('timer and port-down apps configured over the control plane send to the hosts', async () => {
    const c = compile(`${ROOT}/test/packet-test/stf/cases/pktgen.p4`);
    assert.ok(c.result?.pipeline !== undefined, c.messages);
    const h1 = await openHost();
    const h2 = await openHost();
    opened.hosts.push(h1, h2);
    const sw = await startSwitch({
      pipeline: c.outDir,
      ports: {
        1: { peer: { address: '127.0.0.1', port: h1.port } },
        2: { peer: { address: '127.0.0.1', port: h2.port } },
      },
    });
    if (!sw.ok) throw new Error(sw.message);
    opened.sw = sw.value;
    const cc = await ControlClient.connect({ port: sw.value.control?.port ?? 0 });
    if (!cc.ok) throw new Error(cc.message);
    const client = cc.value;
    opened.client = client;
    const call = async (method: string, params: Record<string, unknown>) => {
      const r = await client.call<Record<string, unknown>>(method, params);
      assert.ok(r.ok, r.ok ? '' : `${method}: ${r.message}`);
      return r.value;
    };

    assert.deepEqual(await call('pktgen.writeBuffer', { offset: 0, data: BUFFER }), { offset: 0, length: 14 });
    assert.deepEqual(await call('pktgen.readBuffer', { offset: 0, length: 14 }), { offset: 0, data: BUFFER });
    await call('pktgen.configurePort', { port: 68, generate: true });
    await call('pktgen.configureApp', {
      app: 1,
      pipe: 0,
      trigger: 'timer_one_shot',
      timerNs: 1000,
      packetLength: 14,
      packetsPerBatch: 3,
    });
    const before = await call('pktgen.app', { app: 1, pipe: 0 });

    // Refused requests change nothing.
    const refused: [string, Record<string, unknown>, string][] = [
      ['pktgen.configureApp', { app: 8 }, 'BAD_PKTGEN_CONFIG'],
      ['pktgen.configureApp', { app: 1, pipe: 0, bufferOffset: 3 }, 'BAD_PKTGEN_CONFIG'],
      ['pktgen.configureApp', { app: 1, pipe: 0, trigger: 'deparser' }, 'BAD_PKTGEN_CONFIG'],
      ['pktgen.configureApp', { app: 1, pipe: 0, enabled: 'yes' }, 'BAD_PKTGEN_CONFIG'],
      ['pktgen.configureApp', { app: 1, pipe: 4 }, 'BAD_PKTGEN_CONFIG'],
      ['pktgen.configureApp', { app: 1, counters: { drops: 1 } }, 'BAD_PKTGEN_CONFIG'],
      ['pktgen.configurePort', { port: 5, generate: true }, 'INVALID_PORT'],
      ['pktgen.writeBuffer', { offset: 16380, data: '0011223344' }, 'BAD_PKTGEN_CONFIG'],
      ['pktgen.writeBuffer', { offset: 0, data: 'xyz' }, 'BAD_PKTGEN_CONFIG'],
      ['pktgen.setPortMask', { select: 0, mask: 1 }, 'BAD_PKTGEN_CONFIG'],
      ['port.setLink', { port: 7, up: 'down' }, 'INVALID_PARAMS'],
    ];
    for (const [method, params, code] of refused) {
      const r = await client.call(method, params);
      assert.equal(r.ok, false, `${method} ${JSON.stringify(params)} was accepted`);
      if (!r.ok) assert.equal(r.code, code, `${method} ${JSON.stringify(params)}: ${r.message}`);
    }
    assert.deepEqual(await call('pktgen.app', { app: 1, pipe: 0 }), before);
    assert.deepEqual(await call('pktgen.readBuffer', { offset: 0, length: 14 }), { offset: 0, data: BUFFER });
    assert.equal((await call('pktgen.port', { port: 5 })).generate, false);

    // Enabled, the timer runs on the switch's clock: three packets reach host 1.
    await call('pktgen.enableApp', { app: 1, pipe: 0 });
    await waitFor('three timer packets', () => h1.frames.length === 3);
    assert.deepEqual(
      h1.frames.map((f) => f.toString('hex')),
      [0, 1, 2].map((k) => `01000000000${k}${BUFFER}`),
    );
    const app = await call('pktgen.app', { app: 1 });
    assert.deepEqual(app.counters, { triggers: 1, batches: 1, packets: 3 });
    assert.equal(app.enabled, true);

    // A port going down (once its state is cleared) triggers the port-down app: host 2.
    await call('pktgen.configureApp', { app: 3, trigger: 'port_down', packetLength: 14, enabled: true });
    await call('port.setLink', { port: 7, up: false });
    assert.deepEqual(await call('port.link', { port: 7 }), { port: 7, up: false });
    await call('port.setLink', { port: 7, up: true });
    await call('pktgen.configurePort', { port: 7, clearPortDown: true });
    await call('port.setLink', { port: 7, up: false });
    await waitFor('the port-down packet', () => h2.frames.length === 1);
    assert.equal(h2.frames[0]?.toString('hex'), `030000070000${BUFFER}`);
    assert.deepEqual((await call('pktgen.app', { app: 3 })).counters, { triggers: 1, batches: 1, packets: 1 });
    await call('pktgen.disableApp', { app: 1 });
    assert.equal((await call('pktgen.app', { app: 1, pipe: 2 })).enabled, false);
  });
});
