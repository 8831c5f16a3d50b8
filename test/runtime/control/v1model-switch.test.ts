// The switch runs a v1model build directory as it runs a TNA one: a program of our own
// (test/compiler/codegen/p4/v1model-externs.p4 and v1model-copies.p4) compiled to a build
// directory, started with startSwitch on loopback UDP ports, configured over the control
// plane (table entries, registers, counters, mirror sessions, multicast groups), and fed
// frames from host sockets.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { ControlClient } from '../../../runtime/control/client.js';
import { type RunningSwitch, startSwitch } from '../../../runtime/switch.js';
import { cleanup, compile, ROOT } from '../../compiler/codegen/helpers.js';
import { type Host, openHost, waitFor } from './udp-hosts.js';

/** The switch refuses frames shorter than an Ethernet header: 8 bytes of payload after hdr.h. */
const PAYLOAD = [0xaa, 1, 2, 3, 4, 5, 6, 7];
const TAIL = Buffer.from(PAYLOAD).toString('hex');

const opened: { sw?: RunningSwitch; client?: ControlClient; hosts: Host[] } = { hosts: [] };

after(async () => {
  await opened.client?.close();
  await opened.sw?.close();
  for (const h of opened.hosts) h.socket.close();
  cleanup();
});

async function start(
  program: string,
  ports: number[],
): Promise<{ sw: RunningSwitch; client: ControlClient; hosts: Map<number, Host> }> {
  const c = compile(`${ROOT}/test/compiler/codegen/p4/${program}.p4`);
  assert.ok(c.result?.pipeline !== undefined, c.messages);
  const hosts = new Map<number, Host>();
  for (const p of ports) hosts.set(p, await openHost());
  opened.hosts.push(...hosts.values());
  const peers = Object.fromEntries(
    ports.map((p) => [p, { peer: { address: '127.0.0.1', port: hosts.get(p)?.port ?? 0 } }]),
  );
  const sw = await startSwitch({ pipeline: c.outDir, ports: peers });
  if (!sw.ok) throw new Error(sw.message);
  opened.sw = sw.value;
  const client = await ControlClient.connect({ port: sw.value.control?.port ?? 0 });
  if (!client.ok) throw new Error(client.message);
  opened.client = client.value;
  return { sw: sw.value, client: client.value, hosts };
}

function send(sw: RunningSwitch, from: Host, switchPort: number, frame: number[]): void {
  const to = sw.ports.get(switchPort);
  assert.ok(to !== undefined);
  from.socket.send(Buffer.from(frame), to.port, to.address);
}

describe('p4ts switch with a v1model program', () => {
  test('tables, registers and counters over the control plane; frames through UDP ports', async () => {
    const { sw, client, hosts } = await start('v1model-externs', [1, 5]);
    const info = await client.call<{ arch: string }>('switch.info', {});
    assert.equal(info.ok && info.value.arch, 'v1model');
    const add = await client.call('table.add', { table: 'IG.t', match: [3], action: 'IG.mark', params: [0x1234] });
    assert.ok(add.ok, add.ok ? '' : add.message);
    const h5 = hosts.get(5) as Host;
    const h1 = hosts.get(1) as Host;
    send(sw, h5, 5, [3, 0x21, 0, 0, 0, 0, 0, 0, ...PAYLOAD]);
    await waitFor('the routed frame', () => h1.frames.length === 1);
    assert.equal(h1.frames[0]?.toString('hex'), `0321123400000000${TAIL}`);
    send(sw, h5, 5, [1, 0x20, 0, 0, 0, 0, 0, 0, ...PAYLOAD]);
    await waitFor('the counted frame', () => h1.frames.length === 2);
    const reg = await client.call<{ values: unknown[] }>('register.read', { register: 'IG.seen', index: 1 });
    assert.ok(reg.ok, reg.ok ? '' : reg.message);
    assert.deepEqual(reg.value, { register: 'IG.seen', from: 1, values: [1] });
    const cnt = await client.call('counter.read', { counter: 'IG.per_b', index: 1 });
    assert.ok(cnt.ok, cnt.ok ? '' : cnt.message);
    assert.match(JSON.stringify(cnt.value), /"packets":1/);
    await client.close();
    await sw.close();
    opened.sw = undefined;
    opened.client = undefined;
  });

  test('mirror sessions and multicast groups set over the control plane make the copies', async () => {
    const { sw, client, hosts } = await start('v1model-copies', [1, 2, 3, 4, 5]);
    assert.ok((await client.call('mirror.add', { session: 5, egressPort: 4 })).ok);
    assert.ok((await client.call('multicast.create', { group: 7, nodes: [{ rid: 100, ports: [2, 3] }] })).ok);
    const h5 = hosts.get(5) as Host;
    send(sw, h5, 5, [0, 0x10, 0, 0, 0, 0, 0, 0, ...PAYLOAD]);
    await waitFor(
      'original and clone',
      () => (hosts.get(1)?.frames.length ?? 0) === 1 && (hosts.get(4)?.frames.length ?? 0) === 1,
    );
    assert.equal(hosts.get(4)?.frames[0]?.toString('hex'), `0010110000000001${TAIL}`);
    send(sw, h5, 5, [0, 0x14, 0, 0, 0, 0, 0, 0, ...PAYLOAD]);
    await waitFor(
      'two replicas',
      () => (hosts.get(2)?.frames.length ?? 0) === 1 && (hosts.get(3)?.frames.length ?? 0) === 1,
    );
    assert.equal(hosts.get(2)?.frames[0]?.toString('hex'), `0214006400000005${TAIL}`);
  });
});
