// Real clients against a real KV server through the frame relay (no migration): the results
// model must count exactly the operations the drivers completed and pass their histories.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ClientOptions } from '../../client/driver.js';
import { start as startClient } from '../../client/driver.js';
import { wallClockMs } from '../../client/history.js';
import { readRunFolder, writeRunResults } from '../../cluster/report/results-folder.js';
import { summarizeRun } from '../../cluster/results.js';
import { type ClientRecord, CounterSampler } from '../../cluster/run-record.js';
import type { KvServer } from '../../kvserver/server.js';
import { start as startServer } from '../../kvserver/server.js';
import { FrameRelay } from '../../wire/frame-relay.js';

const SERVER = { mac: 0x020000000010, ip: 0x0a000010, dbPort: 6380 };
const dir = mkdtempSync(join(tmpdir(), 'p4ts-live-'));

function options(relay: FrameRelay, clientId: number, extra: Partial<ClientOptions>): ClientOptions {
  return {
    clientId,
    mac: 0x020000000100 + clientId,
    ip: 0x0a000100 + clientId,
    server: SERVER,
    switchAddress: relay.address,
    workload: 'A',
    recordCount: 300,
    intervalMs: 100,
    ...extra,
  };
}

describe('results of a live run', () => {
  let relay: FrameRelay;
  let server: KvServer;

  before(async () => {
    relay = await FrameRelay.start({});
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
    rmSync(dir, { recursive: true, force: true });
  });

  it('the timeline counts exactly the run operations the drivers completed, and the verdict passes', async () => {
    const loader = await startClient(options(relay, 9, { run: false }));
    const loaded = await loader.done;
    assert.equal(loaded.load?.ops, 300);

    const startedAtMs = wallClockMs();
    const clients = await Promise.all(
      [0, 1].map((id) =>
        startClient(options(relay, id, { load: false, run: { operations: 800, window: 8 }, seed: 5 + id })),
      ),
    );
    const samplers = clients.map((c) => new CounterSampler(() => c.counters, 50));
    const results = await Promise.all(clients.map((c) => c.done));
    const endedAtMs = wallClockMs();
    for (const sampler of samplers) sampler.stop();
    const records: ClientRecord[] = results.map((r, i) => ({
      clientId: r.clientId,
      results: r,
      samples: samplers[i]?.samples ?? [],
    }));
    // The loader's writes precede the run: they count for correctness, not for throughput.
    records.push({ clientId: 9, results: loaded });

    const run = summarizeRun({
      protocol: 'none',
      parameters: { workload: 'A', records: 300 },
      startedAtMs,
      endedAtMs,
      intervalMs: 100,
      clients: records,
      migrationEvents: [],
      migrationCounters: [],
    });
    const s = run.summary;
    assert.equal(s.windows.whole.ops, 1600);
    assert.equal(
      run.timeline.intervals.reduce((a, r) => a + r.ops, 0),
      1600,
    );
    assert.equal(s.clients.completedOps, 1600);
    assert.ok(s.verdict.ok, s.verdict.violationSamples.join('\n'));
    assert.ok(s.verdict.writesChecked >= 300);
    assert.ok(s.traffic.queryBytes > 0);
    assert.ok((s.windows.whole.latency.p50Ms ?? 0) > 0);

    const w = await writeRunResults(join(dir, 'live'), run);
    assert.ok(w.ok, w.ok ? '' : w.message);
    const back = await readRunFolder(join(dir, 'live'));
    assert.ok(back.ok);
    assert.equal(back.value.summary.windows.whole.ops, 1600);
  });
});
