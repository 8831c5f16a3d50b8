// The switch runs a PSA build directory as it runs TNA and v1model ones: our PSA program
// (test/packet-test/stf/cases/psabasic.p4) compiled to a build directory, started with
// startSwitch on loopback UDP ports, configured over the control plane (table entries, a clone
// session, a multicast group, a counter read), and fed frames from host sockets.

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

const ETH = [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0x88, 0xb5];
const hex = (bytes: number[]) => Buffer.from(bytes).toString('hex');

/** ethernet, then data_t: op, ig_path, eg_path, ig_carried, eg_carried, passes, port_seen (32 bits). */
function frame(op: number, rest: number[] = [0, 0, 0, 0, 0, 0, 0, 0, 0]): number[] {
  return [...ETH, op, ...rest.slice(0, 9)];
}

describe('p4ts switch with a PSA program', () => {
  test('entries, a clone session and a multicast group over the control plane; frames through UDP ports', async () => {
    const c = compile(`${ROOT}/test/packet-test/stf/cases/psabasic.p4`);
    assert.ok(c.result?.pipeline !== undefined, c.messages);
    const ports = [1, 2, 3, 4, 5];
    const hosts = new Map<number, Host>();
    for (const p of ports) hosts.set(p, await openHost());
    opened.hosts.push(...hosts.values());
    const peers = Object.fromEntries(
      ports.map((p) => [p, { peer: { address: '127.0.0.1', port: hosts.get(p)?.port ?? 0 } }]),
    );
    const started = await startSwitch({ pipeline: c.outDir, ports: peers });
    if (!started.ok) throw new Error(started.message);
    const sw = started.value;
    opened.sw = sw;
    const connected = await ControlClient.connect({ port: sw.control?.port ?? 0 });
    if (!connected.ok) throw new Error(connected.message);
    const client = connected.value;
    opened.client = client;
    const send = (port: number, bytes: number[]) => {
      const to = sw.ports.get(port);
      assert.ok(to !== undefined);
      hosts.get(port)?.socket.send(Buffer.from(bytes), to.port, to.address);
    };
    const frames = (port: number) => hosts.get(port)?.frames ?? [];

    const info = await client.call<{ arch: string }>('switch.info', {});
    assert.equal(info.ok && info.value.arch, 'psa');
    for (const [op, action, params] of [
      [0x10, 'Ig.copy_to', [5, 2]],
      [0x03, 'Ig.to_group', [7]],
    ] as const) {
      const r = await client.call('table.add', { table: 'Ig.route', match: [op], action, params });
      assert.ok(r.ok, r.ok ? '' : r.message);
    }
    assert.ok((await client.call('mirror.add', { session: 5, egressPort: 4 })).ok);
    assert.ok((await client.call('multicast.create', { group: 7, nodes: [{ rid: 1, ports: [3, 5] }] })).ok);

    // Clone I2E: the original to port 2 (unicast path 2, normal metadata 0x4e), the copy of the
    // received packet to port 4 (egress path 4, clone metadata 0xc1).
    send(1, frame(0x10));
    await waitFor('original and clone', () => frames(2).length === 1 && frames(4).length === 1);
    assert.equal(frames(2)[0]?.toString('hex'), hex(frame(0x10, [1, 2, 0, 0x4e, 1, 0, 0, 0, 1])));
    assert.equal(frames(4)[0]?.toString('hex'), hex(frame(0x10, [0, 4, 0, 0xc1, 0, 0, 0, 0, 0])));

    // Multicast to ports 3 and 5 (path 3).
    send(1, frame(0x03));
    await waitFor('two replicas', () => frames(3).length === 1 && frames(5).length === 1);
    assert.equal(frames(3)[0]?.toString('hex'), hex(frame(0x03, [1, 3, 0, 0x4e, 1, 0, 0, 0, 1])));

    // A miss runs the default action (ingress_drop); the per-op counter saw each packet.
    send(1, frame(0x55));
    const counted = async (op: number) => {
      const r = await client.call('counter.read', { counter: 'Ig.ops', index: op });
      assert.ok(r.ok, r.ok ? '' : r.message);
      return JSON.stringify(r.value);
    };
    const deadline = Date.now() + 10_000;
    while (!/"packets":1/.test(await counted(0x55))) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the dropped frame to be counted');
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((p) => frames(p).length),
      [0, 1, 1, 1, 1],
    );
    assert.match(await counted(0x10), /"packets":1/);
  });
});
