import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import { KvError } from '../../kvserver/errors.js';
import type { MigrationStrategy } from '../../kvserver/migration/strategy.js';
import type { KvServer } from '../../kvserver/server.js';
import { start } from '../../kvserver/server.js';
import type { DecodedFrame, MgMessage } from '../../wire/index.js';
import {
  decodeFrame,
  decodeMessage,
  encodeMessage,
  FRAME_HEADER_BYTES,
  Op,
  Ver,
  writeFrameHeaders,
} from '../../wire/index.js';

const SERVER_MAC = 0x020000000002;
const SERVER_IP = 0x0a000002;
const CLIENT_MAC = 0x020000000001;
const CLIENT_IP = 0x0a000001;

/** A bare socket standing in for the switch port: sends frames to the server, collects its replies. */
class FakePort {
  readonly socket = dgram.createSocket('udp4');
  readonly received: { frame: DecodedFrame; msg: MgMessage }[] = [];
  private waiters: (() => void)[] = [];

  async bind(): Promise<{ address: string; port: number }> {
    await new Promise<void>((r) => this.socket.bind(0, '127.0.0.1', r));
    this.socket.on('message', (buf) => {
      const f = decodeFrame(buf);
      if (!f.ok) return;
      const m = decodeMessage(buf, f.value.payloadOffset, f.value.payloadLength);
      if (!m.ok) return;
      this.received.push({ frame: f.value, msg: m.value });
      for (const w of this.waiters.splice(0)) w();
    });
    const a = this.socket.address();
    return { address: a.address, port: a.port };
  }

  send(server: KvServer, msg: MgMessage, dstMac = SERVER_MAC): void {
    const buf = new Uint8Array(2000);
    const n = encodeMessage(msg, buf, FRAME_HEADER_BYTES);
    assert.equal(typeof n, 'number');
    const len = writeFrameHeaders(
      buf,
      { srcMac: CLIENT_MAC, dstMac, srcIp: CLIENT_IP, dstIp: SERVER_IP, srcPort: 0xbe00, dstPort: 0xbe40 },
      n as number,
    );
    this.socket.send(buf.subarray(0, len), server.address.port, server.address.address);
  }

  sendRaw(server: KvServer, bytes: Uint8Array): void {
    this.socket.send(bytes, server.address.port, server.address.address);
  }

  async waitFor(count: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.received.length} of ${count} replies`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 20);
      });
    }
  }

  close(): Promise<void> {
    return new Promise((r) => this.socket.close(() => r()));
  }
}

/** A server with shard 6380 behind the fake switch at `addr`, capped at `rate` requests/s. */
function startCapped(addr: Parameters<typeof start>[0]['switchAddress'], rate: number, burstMs: number) {
  return start({
    mac: SERVER_MAC,
    ip: SERVER_IP,
    shards: [{ dbPort: 6380 }],
    switchAddress: addr,
    capacity: { share: 1, baselineOpsPerSec: rate, burstMs },
  });
}

describe('KV server: client resends', () => {
  it('a late copy of a write already answered is not applied again over a newer write (uncapped too)', async () => {
    // A client resends a write after its timeout; both copies reach the server, the first is
    // answered, another write to the key follows, then the stale copy arrives. Applying it
    // again would bring back the older value (seen as stale reads in a loaded Fulva run).
    const v = (n: number) => new Uint8Array(64).fill(n);
    const p = new FakePort();
    const server = await start({
      mac: SERVER_MAC,
      ip: SERVER_IP,
      shards: [{ dbPort: 6380 }],
      switchAddress: await p.bind(),
    });
    const before = 0;
    try {
      p.send(server, { op: Op.WRITE, seq: 101n, dbPort: 6380, bitmap: 1, key: 77, value: v(1) });
      await p.waitFor(before + 1);
      p.send(server, { op: Op.WRITE, seq: 102n, dbPort: 6380, bitmap: 1, key: 77, value: v(2) });
      await p.waitFor(before + 2);
      p.send(server, { op: Op.WRITE, seq: 101n, dbPort: 6380, bitmap: 1, key: 77, value: v(1) });
      await p.waitFor(before + 3);
      const replay = p.received[before + 2]?.msg;
      assert.equal(replay?.op, Op.WRITE_REPLY);
      assert.equal(replay?.seq, 101n, 'the late copy is answered again');
      p.send(server, { op: Op.READ, seq: 103n, dbPort: 6380, bitmap: 1, ver: 0, key: 77 });
      await p.waitFor(before + 4);
      const r = p.received[before + 3]?.msg;
      assert.ok(r?.op === Op.READ_REPLY);
      assert.deepEqual([...r.value], [...v(2)], 'the newer write stands');
    } finally {
      await server.close();
      await p.close();
    }
  });
});

describe('KV server over UDP', () => {
  const port = new FakePort();
  let server: KvServer;

  before(async () => {
    const addr = await port.bind();
    server = await start({
      mac: SERVER_MAC,
      ip: SERVER_IP,
      shards: [{ dbPort: 6380 }, { dbPort: 7380, role: 'destination' }],
      switchAddress: addr,
    });
  });
  after(async () => {
    await server.close();
    await port.close();
  });

  it('answers a write then a read with the value, replies addressed back with every layer swapped', async () => {
    const value = new Uint8Array(64).fill(0x5a);
    port.send(server, { op: Op.WRITE, seq: 1n, dbPort: 6380, bitmap: 1, key: 42, value });
    await port.waitFor(1);
    port.send(server, { op: Op.READ, seq: 2n, dbPort: 6380, bitmap: 1, ver: 0, key: 42 });
    await port.waitFor(2);
    const [w, r] = port.received.slice(-2) as [
      { frame: DecodedFrame; msg: MgMessage },
      { frame: DecodedFrame; msg: MgMessage },
    ];
    assert.equal(w.msg.op, Op.WRITE_REPLY);
    assert.ok(r.msg.op === Op.READ_REPLY);
    assert.equal(r.msg.seq, 2n);
    assert.equal(r.msg.ver, Ver.FOUND);
    assert.deepEqual(Array.from(r.msg.value), Array.from(value));
    assert.equal(r.frame.dstMac, CLIENT_MAC);
    assert.equal(r.frame.srcMac, SERVER_MAC);
    assert.equal(r.frame.dstIp, CLIENT_IP);
    assert.equal(r.frame.srcIp, SERVER_IP);
    assert.equal(r.frame.dstPort, 0xbe00);
    assert.equal(r.frame.srcPort, 0xbe40);
  });

  it('shards are chosen by dbPort, and a destination shard flags its replies 0x02', async () => {
    const n = port.received.length;
    port.send(server, { op: Op.READ, seq: 3n, dbPort: 7380, bitmap: 1, ver: 0, key: 42 });
    await port.waitFor(n + 1);
    const r = port.received[n]?.msg;
    assert.ok(r?.op === Op.READ_REPLY);
    assert.equal(r.ver, Ver.FROM_DESTINATION);
    assert.equal(r.dbPort, 7380);
  });

  it('a request for an unknown dbPort and garbage frames are counted, not answered', async () => {
    const before = port.received.length;
    const wrong = server.counters.wrongShard;
    const bad = server.counters.badFrames;
    port.send(server, { op: Op.READ, seq: 4n, dbPort: 9999, bitmap: 1, ver: 0, key: 1 });
    port.sendRaw(server, new Uint8Array([1, 2, 3]));
    // A good request behind them: once it is answered, the two before it have been handled.
    port.send(server, { op: Op.READ, seq: 41n, dbPort: 6380, bitmap: 1, ver: 0, key: 42 });
    await port.waitFor(before + 1);
    assert.equal(server.counters.wrongShard, wrong + 1);
    assert.equal(server.counters.badFrames, bad + 1);
    assert.equal(port.received.length, before + 1, 'only the good request was answered');
    assert.equal(port.received[before]?.msg.seq, 41n);
  });

  it('a strategy sees requests and control messages and may answer with extra flags', async () => {
    const seen: number[] = [];
    const strategy: MigrationStrategy = {
      name: 'test',
      start() {},
      onRequest(req, ctx) {
        seen.push(req.msg.op);
        if (req.msg.op !== Op.READ) return 'serve';
        ctx.serve(req, Ver.RETRY_LATER);
        return 'handled';
      },
      onControl(msg, from, ctx) {
        seen.push(msg.op);
        ctx.send(
          { dstMac: from.srcMac, dstIp: from.srcIp, srcPort: from.dstPort, dstPort: from.srcPort },
          { op: Op.GROUP_START_REPLY, seq: msg.seq, dbPort: 6380 },
        );
        return true;
      },
      finish: () => Promise.resolve(),
      abort() {},
    };
    await server.attachStrategy(7380, strategy);
    const n = port.received.length;
    port.send(server, { op: Op.READ, seq: 5n, dbPort: 7380, bitmap: 1, ver: 0, key: 77 });
    port.send(server, { op: Op.GROUP_START, seq: 6n, dbPort: 7380, groupId: 3, threadId: 1 });
    await port.waitFor(n + 2);
    const got = port.received.slice(n).map((x) => x.msg);
    const read = got.find((m) => m.op === Op.READ_REPLY);
    assert.ok(read?.op === Op.READ_REPLY);
    assert.equal(read.ver, Ver.RETRY_LATER | Ver.FROM_DESTINATION);
    assert.ok(got.some((m) => m.op === Op.GROUP_START_REPLY && m.seq === 6n));
    assert.deepEqual(seen, [Op.READ, Op.GROUP_START]);
    await server.finishMigration(7380);
    const m = port.received.length;
    port.send(server, { op: Op.GROUP_START, seq: 7n, dbPort: 7380, groupId: 3, threadId: 1 });
    port.send(server, { op: Op.READ, seq: 71n, dbPort: 7380, bitmap: 1, ver: 0, key: 1 });
    await port.waitFor(m + 1);
    assert.equal(port.received.length, m + 1, 'without a strategy, control messages are not answered');
    assert.equal(port.received[m]?.msg.seq, 71n, 'the one reply is the read behind it');
    assert.ok(server.counters.unhandledControl >= 1);
  });

  it('takes frames from its switch port only: another sender is dropped and counted, unanswered', async () => {
    const stranger = new FakePort();
    await stranger.bind();
    const dropped = server.nic.counters.dropsNotFromPeer;
    const writes = server.counters.requests[Op.WRITE] ?? 0;
    stranger.sendRaw(server, new Uint8Array(0));
    stranger.send(server, { op: Op.WRITE, seq: 99n, dbPort: 6380, bitmap: 1, key: 7, value: new Uint8Array(64) });
    for (let i = 0; i < 100 && server.nic.counters.dropsNotFromPeer < dropped + 2; i++)
      await new Promise((r) => setTimeout(r, 10));
    assert.equal(server.nic.counters.dropsNotFromPeer, dropped + 2);
    assert.equal(server.counters.requests[Op.WRITE] ?? 0, writes);
    assert.equal(stranger.received.length, 0);
    // The switch port is still the peer: the stranger's first datagram did not take it over.
    const n = port.received.length;
    port.send(server, { op: Op.READ, seq: 100n, dbPort: 6380, bitmap: 1, ver: 0, key: 7 });
    await port.waitFor(n + 1);
    await stranger.close();
  });

  it('attaching a strategy to a shard that does not exist is a KV_WRONG_SHARD error', async () => {
    await assert.rejects(
      server.attachStrategy(1, {
        name: 'x',
        start() {},
        onRequest: () => 'serve',
        onControl: () => false,
        finish: () => Promise.resolve(),
        abort() {},
      }),
      (e: unknown) => e instanceof KvError && e.code === 'KV_WRONG_SHARD',
    );
  });
});

describe('KV server options', () => {
  it('bad options are refused with KV_BAD_OPTIONS', async () => {
    await assert.rejects(
      start({ mac: 1, ip: 1, shards: [] }),
      (e: unknown) => e instanceof KvError && e.code === 'KV_BAD_OPTIONS',
    );
    await assert.rejects(
      start({ mac: 1, ip: 1, shards: [{ dbPort: 1 }], capacity: { share: 0 } }),
      (e: unknown) => e instanceof KvError,
    );
  });

  it('a request waiting in the capacity queue meets the strategy in place when it leaves the queue', async () => {
    const port2 = new FakePort();
    const addr = await port2.bind();
    // 20 requests/s and a burst of one: the second request waits about 50 ms in the queue.
    const server = await startCapped(addr, 20, 1);
    try {
      const seen: bigint[] = [];
      const retired: MigrationStrategy = {
        name: 'retired-for-test',
        start() {},
        onRequest(req) {
          seen.push(req.msg.seq);
          return 'handled';
        },
        onControl: () => false,
        finish: () => Promise.resolve(),
        abort() {},
      };
      port2.send(server, { op: Op.READ, seq: 1n, dbPort: 6380, bitmap: 1, ver: 0, key: 1 });
      port2.send(server, { op: Op.WRITE, seq: 2n, dbPort: 6380, bitmap: 1, key: 1, value: new Uint8Array(64).fill(7) });
      await port2.waitFor(1, 5000);
      assert.equal(server.capacity.waiting, 1, 'the write waits for a token');
      // The shard is handed over while the write waits: the new strategy must decide it.
      await server.attachStrategy(6380, retired);
      const deadline = Date.now() + 5000;
      while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(seen, [2n]);
      assert.equal(port2.received.length, 1, 'the queued write was not served by the old strategy');
    } finally {
      await server.close();
      await port2.close();
    }
  });

  it('a resend of a request still waiting for capacity is not queued again: one token, one answer', async () => {
    const port2 = new FakePort();
    const addr = await port2.bind();
    // 20 requests/s and a burst of one: everything after the first request waits.
    const server = await startCapped(addr, 20, 1);
    try {
      port2.send(server, { op: Op.READ, seq: 1n, dbPort: 6380, bitmap: 1, ver: 0, key: 1 });
      port2.send(server, { op: Op.READ, seq: 2n, dbPort: 6380, bitmap: 1, ver: 0, key: 2 });
      await port2.waitFor(1, 5000);
      assert.equal(server.capacity.waiting, 1, 'seq 2 waits for a token');
      // The client's timeout fires twice while seq 2 waits: both resends are coalesced into it.
      port2.send(server, { op: Op.READ, seq: 2n, dbPort: 6380, bitmap: 1, ver: 0, key: 2 });
      port2.send(server, { op: Op.READ, seq: 2n, dbPort: 6380, bitmap: 1, ver: 0, key: 2 });
      // A different request is queued as before.
      port2.send(server, { op: Op.READ, seq: 3n, dbPort: 6380, bitmap: 1, ver: 0, key: 3 });
      const deadline = Date.now() + 5000;
      while ((server.counters.requests[Op.READ] ?? 0) < 5 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 5));
      assert.equal(server.capacity.waiting, 2);
      assert.equal(server.capacity.counters.coalesced, 2);
      await port2.waitFor(3, 5000);
      assert.equal(server.capacity.counters.admitted, 3, 'one token per request, not per copy');
      // Once answered, a late resend is answered again (not lost) from the reply cache.
      port2.send(server, { op: Op.READ, seq: 2n, dbPort: 6380, bitmap: 1, ver: 0, key: 2 });
      await port2.waitFor(4, 5000);
      assert.equal(server.capacity.counters.coalesced, 2);
      assert.equal(server.capacity.counters.replayed, 1);
      assert.equal(server.capacity.counters.admitted, 3, 'the replay took no capacity');
    } finally {
      await server.close();
      await port2.close();
    }
  });

  it('a resend of a request already answered gets the same answer, even after the key changed', async () => {
    const port2 = new FakePort();
    const addr = await port2.bind();
    const server = await startCapped(addr, 1000, 5);
    try {
      const v = (n: number) => new Uint8Array(64).fill(n);
      port2.send(server, { op: Op.WRITE, seq: 1n, dbPort: 6380, bitmap: 1, key: 9, value: v(1) });
      await port2.waitFor(1, 5000);
      port2.send(server, { op: Op.READ, seq: 2n, dbPort: 6380, bitmap: 1, ver: 0, key: 9 });
      await port2.waitFor(2, 5000);
      port2.send(server, { op: Op.WRITE, seq: 3n, dbPort: 6380, bitmap: 1, key: 9, value: v(2) });
      await port2.waitFor(3, 5000);
      // The read's resend: the answer the read had (value 1), not a second execution (value 2).
      port2.send(server, { op: Op.READ, seq: 2n, dbPort: 6380, bitmap: 1, ver: 0, key: 9 });
      await port2.waitFor(4, 5000);
      const replay = port2.received[3]?.msg;
      assert.ok(replay?.op === Op.READ_REPLY);
      assert.equal(replay.seq, 2n);
      assert.deepEqual([...replay.value], [...v(1)]);
      assert.equal(server.capacity.counters.replayed, 1);
      assert.equal(server.capacity.counters.admitted, 3);
      // A new read of the key sees the second write.
      port2.send(server, { op: Op.READ, seq: 4n, dbPort: 6380, bitmap: 1, ver: 0, key: 9 });
      await port2.waitFor(5, 5000);
      const fresh = port2.received[4]?.msg;
      assert.ok(fresh?.op === Op.READ_REPLY);
      assert.deepEqual([...fresh.value], [...v(2)]);
    } finally {
      await server.close();
      await port2.close();
    }
  });

  it('a capped server serves at share × baseline requests/s', async () => {
    const port2 = new FakePort();
    const addr = await port2.bind();
    const server = await start({
      mac: SERVER_MAC,
      ip: SERVER_IP,
      shards: [{ dbPort: 6380 }],
      switchAddress: addr,
      capacity: { share: 0.4, baselineOpsPerSec: 2500, burstMs: 1 },
    });
    try {
      assert.equal(server.capacity.rate, 1000);
      const t0 = performance.now();
      for (let i = 0; i < 150; i++)
        port2.send(server, { op: Op.READ, seq: BigInt(i), dbPort: 6380, bitmap: 1, ver: 0, key: i });
      await port2.waitFor(150, 5000);
      const ms = performance.now() - t0;
      assert.ok(ms >= 120, `150 requests at 1000/s answered in ${ms.toFixed(1)} ms`);
    } finally {
      await server.close();
      await port2.close();
    }
  });
});

describe('server command-line options', () => {
  it('text options become server options', async () => {
    const { parseServerArgs } = await import('../../kvserver/cli-options.js');
    const r = parseServerArgs({
      mac: '02:00:00:00:00:02',
      ip: '10.0.0.2',
      shard: ['6380', '7380:destination'],
      switch: '127.0.0.1:9000',
      framing: 'batched',
      capacityShare: '0.4',
      capacityBaseline: '50000',
    });
    assert.ok(r.ok);
    assert.equal(r.value.mac, 0x020000000002);
    assert.equal(r.value.ip, 0x0a000002);
    assert.deepEqual(r.value.shards, [
      { dbPort: 6380, role: 'normal' },
      { dbPort: 7380, role: 'destination' },
    ]);
    assert.deepEqual(r.value.switchAddress, { address: '127.0.0.1', port: 9000 });
    assert.equal(r.value.framing, 'batched');
    assert.deepEqual(r.value.capacity, { share: 0.4, baselineOpsPerSec: 50000 });
  });

  it('every bad option is reported, none throws', async () => {
    const { parseServerArgs } = await import('../../kvserver/cli-options.js');
    const r = parseServerArgs({
      mac: 'zz',
      ip: '10.0.0',
      shard: '70000',
      switch: 'nohost',
      framing: 'jumbo',
      capacityShare: '2',
    });
    assert.ok(!r.ok);
    assert.equal(r.errors.length, 6);
  });
});
