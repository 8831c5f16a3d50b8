// The 'adaptive' flush of wire/udp-port.ts (the switch's batched ports): frames sent while a
// datagram of one frame is handled leave right after its callback; frames from datagrams of
// several frames read in one poll phase share outgoing datagrams; nothing is lost or
// reordered either way. Real sockets on loopback; no timing thresholds (hang guards only).
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { after, describe, test } from 'node:test';
import { encodeDatagrams } from '../../wire/framing.js';
import { type FlushPolicy, UdpPort } from '../../wire/udp-port.js';

const HANG_GUARD_MS = 30_000;
const closers: (() => unknown)[] = [];
after(async () => {
  for (const c of closers) await c();
});

const tagged = (i: number) => new Uint8Array(60).fill(i & 0xff);

async function until(what: string, done: () => boolean): Promise<void> {
  const guard = performance.now() + HANG_GUARD_MS;
  while (!done()) {
    if (performance.now() > guard) throw new Error(`${what}: not reached within ${HANG_GUARD_MS} ms (hang guard)`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * A forwarder like the switch's: `inbound` hands every frame to `outbound` (the policy under
 * test, batched), which sends to `sink`. `source` is a plain socket so that a test can put
 * several datagrams in the inbound socket's queue before its poll reads them.
 */
async function forwarder(policy: FlushPolicy) {
  const tags: number[] = [];
  /** outbound's datagram count seen by a microtask queued right after each forwarded frame. */
  const afterCallback: number[] = [];
  const sink = await UdpPort.openOrThrow({ framing: 'batched', onFrame: (f) => tags.push(f[0] as number) });
  const outbound = await UdpPort.openOrThrow({
    framing: 'batched',
    flush: policy,
    peer: sink.address,
    onFrame: () => {},
  });
  const inbound = await UdpPort.openOrThrow({
    framing: 'batched',
    onFrame: (f) => {
      outbound.send(f);
      queueMicrotask(() => afterCallback.push(outbound.counters.datagramsOut));
    },
  });
  sink.setPeer(outbound.address);
  const source: Socket = createSocket('udp4');
  await new Promise<void>((r) => source.bind(0, '127.0.0.1', () => r()));
  inbound.setPeer({ address: '127.0.0.1', port: source.address().port });
  closers.push(
    () => sink.close(),
    () => outbound.close(),
    () => inbound.close(),
    () => source.close(),
  );
  /** Sends each group of frames as one batched datagram, all before this turn's poll reads any. */
  const sendDatagrams = (groups: Uint8Array[][]) => {
    for (const g of groups) {
      const [d] = encodeDatagrams('batched', g);
      source.send(d as Uint8Array, inbound.address.port, '127.0.0.1');
    }
  };
  return { tags, afterCallback, outbound, sendDatagrams };
}

describe("UdpPort 'adaptive' flush", () => {
  test("a one-frame datagram's frame leaves as soon as its callback ends, not at the end of the turn", async () => {
    for (const policy of ['adaptive', 'immediate'] as const) {
      const f = await forwarder(policy);
      f.sendDatagrams([[tagged(7)]]);
      await until(`${policy}: the frame at the sink`, () => f.tags.length === 1);
      assert.deepEqual(f.tags, [7]);
      // The microtask queued after the send ran after the flush ('adaptive') or before it.
      assert.deepEqual(f.afterCallback, [policy === 'adaptive' ? 1 : 0], policy);
    }
  });

  test('batches of several frames read in one poll phase share outgoing datagrams, in order', async () => {
    // 10 datagrams of 3 frames queued in the inbound socket before its poll phase (libuv reads
    // up to 32 a wake-up): their 30 frames leave together at the end of the turn.
    const f = await forwarder('adaptive');
    const n = 30;
    const frames = Array.from({ length: n }, (_, i) => tagged(i));
    f.sendDatagrams(Array.from({ length: n / 3 }, (_, i) => frames.slice(3 * i, 3 * i + 3)));
    await until('every frame at the sink', () => f.tags.length === n);
    assert.deepEqual(
      f.tags,
      Array.from({ length: n }, (_, i) => i),
    );
    assert.equal(f.outbound.counters.framesOut, n);
    assert.equal(f.outbound.counters.datagramsOut, 1);
    assert.ok(
      f.afterCallback.every((d) => d === 0),
      'nothing left before the end of the turn',
    );
  });

  test('one-frame datagrams read in one poll phase each leave after their own callback, in order', async () => {
    const f = await forwarder('adaptive');
    f.sendDatagrams(Array.from({ length: 20 }, (_, i) => [tagged(i)]));
    await until('every frame at the sink', () => f.tags.length === 20);
    assert.deepEqual(
      f.tags,
      Array.from({ length: 20 }, (_, i) => i),
    );
    assert.deepEqual(
      f.afterCallback,
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  test('sends outside a datagram callback wait for the end of the turn (they may have company)', async () => {
    const f = await forwarder('adaptive');
    f.outbound.send(tagged(1));
    f.outbound.send(tagged(2));
    await Promise.resolve();
    assert.equal(f.outbound.counters.framesOut, 0);
    await until('both frames at the sink', () => f.tags.length === 2);
    assert.deepEqual(f.tags, [1, 2]);
    assert.equal(f.outbound.counters.datagramsOut, 1);
  });
});
