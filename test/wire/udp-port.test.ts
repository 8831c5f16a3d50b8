// The one UDP port (wire/udp-port.ts) that switch ports and host NICs share: framing, the
// configured peer as the only accepted sender, sendTo for relays, and close() that loses nothing.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { after, describe, test } from 'node:test';
import type { Framing } from '../../wire/framing.js';
import { type PeerAddress, UdpPort, type UdpPortOptions } from '../../wire/udp-port.js';

const opened: UdpPort[] = [];
after(async () => {
  await Promise.all(opened.map((p) => p.close()));
});

async function open(
  framing: Framing,
  onFrame: (f: Uint8Array, from: PeerAddress) => void,
  name: string,
  extra: Partial<UdpPortOptions> = {},
): Promise<UdpPort> {
  const r = await UdpPort.open({ framing, onFrame: (f, _p, from) => onFrame(f, from), name, ...extra });
  assert.ok(r.ok);
  opened.push(r.value);
  return r.value;
}

/** Two ports wired to each other; `received` collects what b gets. */
async function pair(framing: Framing) {
  const received: Uint8Array[] = [];
  let wake: (() => void) | undefined;
  let want = 0;
  const a = await open(framing, () => {}, 'a');
  const b = await open(
    framing,
    (f) => {
      received.push(new Uint8Array(f));
      if (received.length >= want) wake?.();
    },
    'b',
  );
  a.setPeer(b.address);
  b.setPeer(a.address);
  const until = (n: number) =>
    new Promise<void>((resolve, reject) => {
      want = n;
      if (received.length >= n) return resolve();
      const t = setTimeout(() => reject(new Error(`only ${received.length} of ${n} frames arrived`)), HANG_GUARD_MS);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  return { a, b, received, until };
}

const frame = (i: number, len = 60) => new Uint8Array(len).fill(i & 0xff);

/** Hang guard of one wait: generous, so a loaded machine only makes a test slower, never failing. */
const HANG_GUARD_MS = 30_000;

/**
 * Waits until `done()` holds, checking after each datagram-sized turn of the event loop: the
 * counters it reads change only when a datagram arrives, which has no event of its own here.
 */
async function settle(done: () => boolean): Promise<void> {
  const guard = performance.now() + HANG_GUARD_MS;
  while (!done() && performance.now() < guard) await new Promise((r) => setTimeout(r, 5));
  assert.ok(done(), `condition not reached within ${HANG_GUARD_MS} ms (hang guard)`);
}

describe('UDP ports', () => {
  test('a port binds 127.0.0.1 with a system-chosen port', async () => {
    const p = await open('single', () => {}, 'x');
    assert.equal(p.address.address, '127.0.0.1');
    assert.ok(p.address.port > 0);
  });

  test("'single' framing sends one datagram per frame, in order", async () => {
    const { a, b, received, until } = await pair('single');
    for (let i = 0; i < 10; i++) a.send(frame(i, 60 + i));
    await until(10);
    assert.deepEqual(
      received.map((f) => [f[0], f.length]),
      Array.from({ length: 10 }, (_, i) => [i, 60 + i]),
    );
    assert.equal(a.counters.datagramsOut, 10);
    assert.equal(a.counters.framesOut, 10);
    assert.equal(b.counters.framesIn, 10);
    assert.equal(b.counters.bytesIn, a.counters.bytesOut);
  });

  test("'batched' framing packs the frames sent in one tick into few datagrams", async () => {
    const { a, b, received, until } = await pair('batched');
    for (let i = 0; i < 200; i++) a.send(frame(i, 100));
    await until(200);
    assert.equal(received.length, 200);
    assert.ok(received.every((f, i) => f[0] === (i & 0xff) && f.length === 100));
    assert.equal(a.counters.datagramsOut, 1, '200 × 102 bytes fit one datagram');
    assert.equal(b.counters.datagramsIn, 1);
    assert.equal(b.counters.framesIn, 200);
  });

  test("when queued frames leave: 'single' after the current callback, 'batched' at the end of the turn", async () => {
    for (const framing of ['single', 'batched'] as const) {
      const { a, until } = await pair(framing);
      a.send(frame(1));
      a.send(frame(2));
      await Promise.resolve(); // the microtasks queued so far have run; the turn is not over
      assert.equal(a.counters.framesOut, framing === 'single' ? 2 : 0, framing);
      await new Promise((r) => setImmediate(r));
      assert.equal(a.counters.framesOut, 2, framing);
      assert.equal(a.counters.datagramsOut, framing === 'single' ? 2 : 1, framing);
      await until(2);
    }
  });

  test("an explicit flush policy overrides the framing's default", async () => {
    const b = await open('single', () => {}, 'sink');
    const a = await open('single', () => {}, 'late', { flush: 'immediate', peer: b.address });
    a.send(frame(1));
    await Promise.resolve();
    assert.equal(a.counters.framesOut, 0);
    await new Promise((r) => setImmediate(r));
    assert.equal(a.counters.framesOut, 1);
  });

  test('a peer named by host name is resolved (IPv4 literals skip the resolver)', async () => {
    const { a, b, received, until } = await pair('single');
    a.setPeer({ address: 'localhost', port: b.address.port });
    a.send(frame(7));
    await until(1);
    assert.deepEqual(received[0], frame(7));
  });

  test('frames sent in separate ticks go in separate datagrams', async () => {
    const { a, until } = await pair('batched');
    a.send(frame(1));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    a.send(frame(2));
    await until(2);
    assert.equal(a.counters.datagramsOut, 2);
  });

  test('a malformed batched datagram is counted, and the frames before the fault are delivered', async () => {
    const { b, received, until } = await pair('batched');
    const raw = createSocket('udp4');
    await new Promise<void>((resolve) => raw.bind(0, '127.0.0.1', () => resolve()));
    b.setPeer({ address: '127.0.0.1', port: raw.address().port });
    // One good 3-byte frame, then a length of 50 with only 2 bytes behind it.
    const bad = new Uint8Array([0, 3, 9, 9, 9, 0, 50, 1, 2]);
    await new Promise<void>((resolve) => raw.send(bad, b.address.port, '127.0.0.1', () => resolve()));
    await until(1);
    raw.close();
    assert.deepEqual([...(received[0] ?? [])], [9, 9, 9]);
    assert.equal(b.counters.malformedDatagrams, 1);
  });

  test('a port without a peer sends nothing and accepts nothing, and never adopts a sender', async () => {
    let got = 0;
    const dark = await open('single', () => got++, 'dark');
    dark.send(frame(1));
    dark.flush();
    assert.equal(dark.counters.dropsNoPeer, 1);
    const stranger = await open('single', () => {}, 'stranger');
    stranger.setPeer(dark.address);
    stranger.send(new Uint8Array(0)); // the "hijack" datagram: zero bytes, first to arrive
    stranger.send(frame(5));
    await stranger.close();
    await settle(() => dark.counters.datagramsIn === 2);
    assert.equal(got, 0);
    assert.equal(dark.counters.dropsNotFromPeer, 2);
    assert.equal(dark.peer, undefined);
  });

  test('a port with a peer takes frames from it alone; setPeer re-cables it', async () => {
    const got: number[] = [];
    const port = await open('single', (f) => got.push(f[0] as number), 'port');
    const host = await open('single', () => {}, 'host');
    const intruder = await open('single', () => {}, 'intruder');
    port.setPeer(host.address);
    host.setPeer(port.address);
    intruder.setPeer(port.address);
    intruder.send(frame(66));
    host.send(frame(1));
    await settle(() => got.length === 1 && port.counters.dropsNotFromPeer === 1);
    assert.deepEqual(got, [1]);
    assert.deepEqual(port.peer, host.address);
    port.setPeer(intruder.address);
    intruder.send(frame(2));
    host.send(frame(99));
    await settle(() => got.length === 2 && port.counters.dropsNotFromPeer === 2);
    assert.deepEqual(got, [1, 2]);
  });

  test("acceptFrom 'any' hands each frame its sender, and sendTo answers it", async () => {
    const relay = await open(
      'batched',
      (f, from) => {
        relay.sendTo(f.slice(), from);
      },
      'relay',
      { acceptFrom: 'any' },
    );
    const echoes: number[] = [];
    const host = await open('batched', (f) => echoes.push(f[0] as number), 'host');
    host.setPeer(relay.address);
    for (let i = 0; i < 50; i++) host.send(frame(i));
    await settle(() => echoes.length === 50);
    assert.deepEqual(
      echoes,
      Array.from({ length: 50 }, (_, i) => i),
    );
    assert.equal(relay.peer, undefined);
  });

  test("'batched': a full datagram leaves at once, the rest at the end of the turn, all in order", async () => {
    const { a, received, until } = await pair('batched');
    // 100 frames of 1,500 bytes: two full datagrams (43 frames of 1,502 bytes fit 65,000) and 14 left.
    for (let i = 0; i < 100; i++) a.send(frame(i, 1500));
    assert.equal(a.counters.datagramsOut, 2, 'the full datagrams went before the turn ended');
    assert.equal(a.counters.framesOut, 86);
    await until(100);
    assert.equal(a.counters.datagramsOut, 3);
    assert.ok(received.every((f, i) => f[0] === (i & 0xff) && f.length === 1500));
  });

  test('a frame too long for a 16-bit length is dropped and counted, never thrown', async () => {
    const p = await open('batched', () => {}, 'big');
    p.setPeer(p.address);
    p.send(new Uint8Array(70000));
    assert.equal(p.counters.dropsOversize, 1);
  });

  test('close flushes frames still queued', async () => {
    const { a, until } = await pair('batched');
    a.send(frame(7));
    await a.close();
    await until(1);
  });

  for (const framing of ['single', 'batched'] as const) {
    test(`a burst sent just before close() arrives whole ('${framing}')`, async () => {
      const { a, received, until } = await pair(framing);
      // All queued in one turn: two datagrams' worth in 'batched' (65000 bytes each), yet within
      // the receiver's default socket buffer (~208 KiB), so the kernel keeps every one.
      const n = framing === 'batched' ? 600 : 100;
      for (let i = 0; i < n; i++) a.send(frame(i, 200));
      await a.close();
      await until(n);
      assert.equal(received.length, n);
      assert.ok(received.every((f, i) => f[0] === (i & 0xff)));
      assert.equal(a.counters.framesOut, n);
      assert.ok(framing === 'single' || a.counters.datagramsOut > 1);
    });
  }
});
