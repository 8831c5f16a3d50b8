// Server and clients in process on 127.0.0.1, connected by the MAC relay that stands in for
// the switch; the histories of a bounded load and run must pass the linearizability check.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkHistory, formatViolation } from '../../client/check.js';
import type { ClientOptions, ClientResults } from '../../client/driver.js';
import { start as startClient } from '../../client/driver.js';
import { recordKey } from '../../client/workload/keys.js';
import type { MigrationStrategy } from '../../kvserver/migration/strategy.js';
import type { KvServer } from '../../kvserver/server.js';
import { start as startServer } from '../../kvserver/server.js';
import { FrameRelay } from '../../wire/frame-relay.js';
import { Op, Ver } from '../../wire/ops.js';

const SERVER = { mac: 0x020000000010, ip: 0x0a000010, dbPort: 6380 };

function clientOptions(relay: FrameRelay, clientId: number, extra: Partial<ClientOptions>): ClientOptions {
  return {
    clientId,
    mac: 0x020000000100 + clientId,
    ip: 0x0a000100 + clientId,
    server: SERVER,
    switchAddress: relay.address,
    workload: 'A',
    recordCount: 400,
    intervalMs: 100,
    ...extra,
  };
}

function assertLinearizable(results: ClientResults[]): void {
  const ops = results.flatMap((r) => r.history);
  const res = checkHistory(ops);
  assert.ok(res.ok, res.violations.slice(0, 5).map(formatViolation).join('\n'));
  assert.ok(res.reads > 0 && res.writes > 0);
}

for (const framing of ['single', 'batched'] as const) {
  describe(`client and server through a frame relay (${framing} framing)`, () => {
    let relay: FrameRelay;
    let server: KvServer;

    before(async () => {
      relay = await FrameRelay.start({ framing });
      server = await startServer({
        mac: SERVER.mac,
        ip: SERVER.ip,
        shards: [{ dbPort: SERVER.dbPort }],
        switchAddress: relay.address,
        framing,
      });
      relay.attach(SERVER.mac, server.address);
    });
    after(async () => {
      await server.close();
      await relay.close();
    });

    it('two clients load their halves, run workload A, and every read is linearizable', async () => {
      const clients = await Promise.all(
        [0, 1].map((id) =>
          startClient(
            clientOptions(relay, id, {
              framing,
              load: { start: id * 200, end: id * 200 + 200 },
              run: { operations: 1500, window: 8 },
              seed: 100 + id,
            }),
          ),
        ),
      );
      const results = await Promise.all(clients.map((c) => c.done));
      for (const r of results) {
        assert.equal(r.load?.ops, 200);
        assert.equal(r.run?.ops, 1500);
        assert.equal(r.run?.failures, 0);
        assert.ok((r.run?.latency.p50Us ?? 0) > 0);
        assert.ok((r.run?.intervals.length ?? 0) >= 1);
        assert.ok(r.counters.readsFound > 0);
      }
      assert.equal(server.shards.get(SERVER.dbPort)?.store.count, 400);
      assert.ok(server.shards.get(SERVER.dbPort)?.store.has(recordKey(399)));
      assertLinearizable(results);
    });
  });
}

describe('client and server through a lossy relay', () => {
  let relay: FrameRelay;
  let server: KvServer;

  before(async () => {
    relay = await FrameRelay.start({ dropEvery: 23 });
    server = await startServer({
      mac: SERVER.mac,
      ip: SERVER.ip,
      shards: [{ dbPort: SERVER.dbPort }],
      switchAddress: relay.address,
    });
    relay.attach(SERVER.mac, server.address);
  });
  after(async () => {
    await server.close();
    await relay.close();
  });

  it('lost requests and replies are retried and the history stays linearizable', async () => {
    const c = await startClient(
      clientOptions(relay, 3, {
        workload: 'F',
        recordCount: 100,
        run: { operations: 600, window: 8 },
        tracker: { timeoutMs: 10, maxAttempts: 10 },
      }),
    );
    const r = await c.done;
    assert.ok(relay.counters.dropped > 10);
    assert.ok(r.counters.resends > 0, 'some requests were resent');
    assert.equal(r.run?.failures, 0);
    assertLinearizable([r]);
  });

  it('stop() ends a timed run early and still resolves with results', async () => {
    const c = await startClient(clientOptions(relay, 4, { load: false, run: { durationMs: 10_000, window: 4 } }));
    setTimeout(() => c.stop(), 150);
    const t0 = performance.now();
    const r = await c.done;
    assert.ok(performance.now() - t0 < 3000);
    assert.ok((r.run?.ops ?? 0) > 0);
    assert.equal(r.load, undefined);
  });

  it('an open-loop run at a target rate issues about rate × duration operations', async () => {
    const c = await startClient(
      clientOptions(relay, 5, { load: false, run: { durationMs: 500, targetOpsPerSec: 400, window: 16 } }),
    );
    const r = await c.done;
    const ops = (r.run?.ops ?? 0) + (r.run?.failures ?? 0);
    const seconds = r.run?.seconds ?? 0;
    // Never ahead of the schedule; behind it only if the machine stalls the event loop.
    assert.ok(ops <= 400 * seconds + 2, `${ops} operations in ${seconds.toFixed(3)} s at 400/s`);
    assert.ok(ops >= 100, `${ops} operations in ${seconds.toFixed(3)} s at 400/s`);
  });
});

describe('the end-to-end check can fail', () => {
  let relay: FrameRelay;
  let server: KvServer;

  before(async () => {
    relay = await FrameRelay.start();
    server = await startServer({
      mac: SERVER.mac,
      ip: SERVER.ip,
      shards: [{ dbPort: SERVER.dbPort }],
      switchAddress: relay.address,
    });
    relay.attach(SERVER.mac, server.address);
  });
  after(async () => {
    await server.close();
    await relay.close();
  });

  it('a server that answers reads with the first value ever written is caught by the checker', async () => {
    const first = new Map<number, Uint8Array>();
    const staleReads: MigrationStrategy = {
      name: 'stale-reads',
      start() {},
      onRequest(req, ctx) {
        const m = req.msg;
        if (m.op === Op.WRITE && !first.has(m.key)) first.set(m.key, m.value.slice());
        if (m.op !== Op.READ) return 'serve';
        const v = first.get(m.key);
        if (v === undefined) return 'serve';
        ctx.reply(req, { op: Op.READ_REPLY, seq: m.seq, dbPort: m.dbPort, bitmap: m.bitmap, ver: Ver.FOUND, value: v });
        return 'handled';
      },
      onControl: () => false,
      finish: () => Promise.resolve(),
      abort() {},
    };
    await server.attachStrategy(SERVER.dbPort, staleReads);
    const c = await startClient(clientOptions(relay, 6, { recordCount: 50, run: { operations: 800, window: 4 } }));
    const r = await c.done;
    const res = checkHistory(r.history);
    assert.equal(res.ok, false);
    assert.ok(res.violations.every((v) => v.reason === 'overwritten-before-read'));
  });
});
