// The port table in a running switch (in process, loopback UDP ports and control plane): a
// program of our own (test/packet-test/stf/cases/tables.p4) forwards a frame from port 0 to
// port 2; the MAC counters read over the control plane count it, a disabled port stops
// traffic (and the drop shows in ports.stats), and refused requests change nothing.

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

// Ethernet (type 0x88b5) then data: f1 0x01010101, f2, h1, b1, b2 (26 bytes).
const FRAME = Buffer.from('00000000000100000000000288b5010101010000020203035566', 'hex');

describe('the port table in a running switch', () => {
  test('MAC counters, a disabled port, refused requests', async () => {
    const c = compile(`${ROOT}/test/packet-test/stf/cases/tables.p4`);
    assert.ok(c.result?.pipeline !== undefined, c.messages);
    const h0 = await openHost();
    const h2 = await openHost();
    opened.hosts.push(h0, h2);
    const sw = await startSwitch({
      pipeline: c.outDir,
      ports: {
        0: { peer: { address: '127.0.0.1', port: h0.port } },
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
    const send = () => {
      const to = sw.value.ports.get(0);
      assert.ok(to !== undefined);
      h0.socket.send(FRAME, to.port, to.address);
    };

    await call('table.add', {
      table: 'exact_t',
      match: { 'hdr.data.f1': '0x01010101' },
      action: 'setb1',
      params: { val: 0x7f, port: 2 },
    });
    send();
    await waitFor('the frame on port 2', () => h2.frames.length === 1);
    assert.equal((await call('port.stats', { port: 0 })).FramesReceivedOK, 1);
    const out = await call('port.stats', { port: 2 });
    assert.deepEqual([out.FramesTransmittedOK, out.OctetsTransmittedTotal], [1, 64]);
    assert.deepEqual(
      ((await call('ports.list', {})).ports as { port: number; up: boolean }[]).map((p) => [p.port, p.up]),
      [
        [0, true],
        [2, true],
      ],
    );

    const before = await call('port.get', { port: 2 });
    for (const [params, code] of [
      [{ port: 2, speed: 'BF_SPEED_7G' }, 'BAD_PORT_CONFIG'],
      [{ port: 2, txMtu: 10 }, 'BAD_PORT_CONFIG'],
      [{ port: 3, enabled: false }, 'NO_SUCH_PORT'],
      [{ port: 600 }, 'INVALID_PORT'],
    ] as const) {
      const r = await client.call('port.modify', params);
      assert.equal(r.ok ? 'ok' : r.code, code, JSON.stringify(params));
    }
    assert.deepEqual(await call('port.get', { port: 2 }), before);

    // Port 2 disabled: the next frame is dropped at the egress port, not sent, not counted.
    await call('port.modify', { port: 2, enabled: false });
    send();
    await waitFor('the drop', () => (sw.value.stats().engine.drops.port_down ?? 0) === 1);
    assert.equal((await call('port.stats', { port: 2 })).FramesTransmittedAll, 1);
    assert.equal(h2.frames.length, 1);
    await call('port.modify', { port: 2, enabled: true });
    send();
    await waitFor('the third frame on port 2', () => h2.frames.length === 2);
    await call('port.clearStats', {});
    assert.equal((await call('port.stats', { port: 0 })).FramesReceivedAll, 0);
  });
});
