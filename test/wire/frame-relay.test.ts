// The MAC relay (wire/frame-relay.ts) that stands in for a switch: frames reach the host
// owning their destination MAC, hosts that spoke first are learned, pinned hosts are not
// overwritten, and the deterministic loss drops exactly every n-th frame.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { writeMac } from '../../wire/addresses.js';
import { FrameRelay } from '../../wire/frame-relay.js';
import { UdpPort } from '../../wire/udp-port.js';

const open: { close(): Promise<void> }[] = [];
after(async () => {
  for (const o of open.reverse()) await o.close();
});

function frame(dst: number, src: number, tag: number): Uint8Array {
  const f = new Uint8Array(60);
  writeMac(f, 0, dst);
  writeMac(f, 6, src);
  f[59] = tag;
  return f;
}

async function host(relay: FrameRelay, got: number[]) {
  const p = await UdpPort.openOrThrow({
    framing: 'batched',
    peer: relay.address,
    onFrame: (f) => got.push(f[59] as number),
  });
  open.push(p);
  return p;
}

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(done());
}

describe('FrameRelay', () => {
  it('forwards by destination MAC to attached and learned hosts', async () => {
    const relay = await FrameRelay.start({ framing: 'batched' });
    open.push(relay);
    const atA: number[] = [];
    const atB: number[] = [];
    const a = await host(relay, atA);
    const b = await host(relay, atB);
    relay.attach(0xa, a.address);
    // B was never attached: it is learned from its first frame.
    b.send(frame(0xa, 0xb, 1));
    await until(() => atA.length === 1);
    a.send(frame(0xb, 0xa, 2));
    a.send(frame(0xc, 0xa, 3)); // unknown destination
    await until(() => atB.length === 1 && relay.counters.unknownDestination === 1);
    assert.deepEqual(atB, [2]);
    assert.equal(relay.counters.forwarded, 2);
  });

  it('drops every n-th frame when asked', async () => {
    const relay = await FrameRelay.start({ framing: 'batched', dropEvery: 3 });
    open.push(relay);
    const atA: number[] = [];
    const a = await host(relay, atA);
    relay.attach(0xa, a.address);
    for (let i = 1; i <= 9; i++) a.send(frame(0xa, 0xa, i));
    await until(() => atA.length === 6);
    assert.deepEqual(atA, [1, 2, 4, 5, 7, 8]);
    assert.equal(relay.counters.dropped, 3);
  });
});
