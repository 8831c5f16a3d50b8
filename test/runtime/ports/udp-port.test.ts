import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { after, describe, test } from 'node:test';
import type { Framing } from '../../../runtime/ports/framing.js';
import { UdpPort } from '../../../runtime/ports/udp-port.js';

const opened: UdpPort[] = [];
after(async () => {
  await Promise.all(opened.map((p) => p.close()));
});

async function open(framing: Framing, onFrame: (f: Uint8Array) => void, name: string): Promise<UdpPort> {
  const r = await UdpPort.open({ framing, onFrame, name });
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
      const t = setTimeout(() => reject(new Error(`only ${received.length} of ${n} frames arrived`)), 2000);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  return { a, b, received, until };
}

const frame = (i: number, len = 60) => new Uint8Array(len).fill(i & 0xff);

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
    // One good 3-byte frame, then a length of 50 with only 2 bytes behind it.
    const bad = new Uint8Array([0, 3, 9, 9, 9, 0, 50, 1, 2]);
    await new Promise<void>((resolve) => raw.send(bad, b.address.port, '127.0.0.1', () => resolve()));
    await until(1);
    raw.close();
    assert.deepEqual([...(received[0] ?? [])], [9, 9, 9]);
    assert.equal(b.counters.malformedDatagrams, 1);
  });

  test('a port without a peer learns it from the first datagram, and drops sends before that', async () => {
    let got = 0;
    const learner = await open('single', () => got++, 'learner');
    learner.send(frame(1));
    learner.flush();
    assert.equal(learner.counters.dropsNoPeer, 1);
    const back: Uint8Array[] = [];
    const host = await open('single', (f) => back.push(f), 'host');
    host.setPeer(learner.address);
    host.send(frame(5));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(got, 1);
    assert.deepEqual(learner.peer, host.address);
    learner.send(frame(6));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(back[0]?.[0], 6);
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
});
