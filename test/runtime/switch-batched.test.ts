// A running switch with 'batched' ports (in process, loopback UDP): every frame of a datagram
// is forwarded, in order; a one-frame datagram is forwarded on its own, and batches of several
// read in one poll phase share outgoing datagrams (wire/udp-port.ts 'adaptive' flush). A program of our
// own (test/packet-test/stf/cases/tables.p4) forwards frames from port 0 to port 2.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { ControlClient } from '../../runtime/control/client.js';
import { type RunningSwitch, startSwitch } from '../../runtime/switch.js';
import { decodeDatagram, encodeDatagrams } from '../../wire/framing.js';
import { cleanup, compile, ROOT } from '../compiler/codegen/helpers.js';
import { type Host, openHost, waitFor } from './control/udp-hosts.js';

const opened: { sw?: RunningSwitch; client?: ControlClient; hosts: Host[] } = { hosts: [] };

after(async () => {
  await opened.client?.close();
  await opened.sw?.close();
  for (const h of opened.hosts) h.socket.close();
  cleanup();
});

/** Ethernet (type 0x88b5), then f1 0x01010101 (the table's key), f2 = `tag`, h1, b1, b2. */
function frame(tag: number): Uint8Array {
  const f = Buffer.from('00000000000100000000000288b5010101010000000003035566', 'hex');
  f.writeUInt32BE(tag, 18);
  return new Uint8Array(f);
}

/** The tags (f2) of every frame in the datagrams a host received, in arrival order. */
function tagsOf(h: Host): number[] {
  const tags: number[] = [];
  for (const d of h.frames) decodeDatagram('batched', d, (f) => tags.push(Buffer.from(f).readUInt32BE(18)));
  return tags;
}

describe("a switch's batched ports", () => {
  test('forward every frame in order; lone frames at once, batches of one poll phase together', async () => {
    const c = compile(`${ROOT}/test/packet-test/stf/cases/tables.p4`);
    assert.ok(c.result?.pipeline !== undefined, c.messages);
    const h0 = await openHost();
    const h2 = await openHost();
    opened.hosts.push(h0, h2);
    const sw = await startSwitch({
      pipeline: c.outDir,
      ports: {
        0: { peer: { address: '127.0.0.1', port: h0.port }, framing: 'batched' },
        2: { peer: { address: '127.0.0.1', port: h2.port }, framing: 'batched' },
      },
    });
    if (!sw.ok) throw new Error(sw.message);
    opened.sw = sw.value;
    const cc = await ControlClient.connect({ port: sw.value.control?.port ?? 0 });
    if (!cc.ok) throw new Error(cc.message);
    opened.client = cc.value;
    const added = await cc.value.call('table.add', {
      table: 'exact_t',
      match: { 'hdr.data.f1': '0x01010101' },
      action: 'setb1',
      params: { val: 0x7f, port: 2 },
    });
    assert.ok(added.ok, added.ok ? '' : added.message);
    const to = sw.value.ports.get(0);
    assert.ok(to !== undefined);
    const send = (frames: Uint8Array[]) => {
      for (const d of encodeDatagrams('batched', frames)) h0.socket.send(d, to.port, to.address);
    };

    // One datagram of 40 frames: all forwarded, in order.
    send(Array.from({ length: 40 }, (_, i) => frame(i)));
    await waitFor('40 frames on port 2', () => tagsOf(h2).length === 40);
    assert.deepEqual(
      tagsOf(h2),
      Array.from({ length: 40 }, (_, i) => i),
    );

    // 20 one-frame datagrams, then 10 of 2 frames, each group queued before the switch's next
    // poll phase (libuv reads up to 32 a wake-up): a lone frame leaves after its own callback
    // (20 datagrams); frames of the 2-frame batches merge at the end of the turn.
    const sent = h2.frames.length;
    for (let i = 0; i < 20; i++) send([frame(100 + i)]);
    await waitFor('20 more frames', () => tagsOf(h2).length === 60);
    assert.equal(h2.frames.length - sent, 20);
    const merged = h2.frames.length;
    for (let i = 0; i < 10; i++) send([frame(200 + 2 * i), frame(201 + 2 * i)]);
    await waitFor('20 more frames', () => tagsOf(h2).length === 80);
    assert.deepEqual(tagsOf(h2).slice(40), [
      ...Array.from({ length: 20 }, (_, i) => 100 + i),
      ...Array.from({ length: 20 }, (_, i) => 200 + i),
    ]);
    const burst = h2.frames.length - merged;
    assert.ok(burst <= 2, `${burst} datagrams carried 20 frames of batches read in one poll phase`);
    const stats = sw.value.stats();
    assert.equal(stats.ports[2]?.framesOut, 80);
    assert.equal(stats.pipelineErrors, 0);
  });
});
