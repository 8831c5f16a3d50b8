// The three baselines end to end through a plain IPv4 router (the fixture switch with its
// NetMigrate logic off): the route switch is the control plane's redirect, applied when the
// source asks for it. Each run is checked like NetMigrate's (linearizable history, final state
// at the destination, retired source), plus what makes each protocol what it is.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HistoryOp } from '../../../client/history.js';
import { FulvaClientProtocol } from '../../../client/protocols/fulva.js';
import { PlainClientProtocol } from '../../../client/protocols/plain.js';
import { extraTrafficPercent } from '../../../client/protocols/protocol.js';
import { RocksteadyClientProtocol } from '../../../client/protocols/rocksteady.js';
import type { Cluster } from './fixtures/cluster.js';
import { assertMigrationCorrect, DEST, load, runMigration, startCluster } from './fixtures/cluster.js';

const RECORDS = 2000;

describe('Source-based migration', () => {
  let cluster: Cluster;
  let loaded: HistoryOp[];
  before(async () => {
    cluster = await startCluster({ netmigrate: false });
    loaded = await load(cluster, RECORDS);
  });
  after(() => cluster.close());

  it('serves from the source, re-sends dirty keys, pauses briefly and switches the route at the end', async () => {
    let switchedAt = 0;
    const protocols: PlainClientProtocol[] = [];
    const run = await runMigration(cluster, 'source-based', {
      records: RECORDS,
      source: { maxGroupBits: 6, rate: { pairsPerSec: 4000 } },
      clientProtocol: () => {
        const p = new PlainClientProtocol('source-based');
        protocols.push(p);
        return p;
      },
      onRouteSwitch: () => {
        switchedAt = performance.now();
      },
    });
    assertMigrationCorrect(cluster, run, loaded);
    const c = run.sourceAgent.counters;
    assert.ok(switchedAt > 0, 'the route switched');
    assert.ok(c.dirtyResent > 0 && c.dirtyBytes > 0, 'writes to copied groups were re-sent');
    assert.equal(c.pulledKeys, 0);
    assert.equal(run.destinationAgent.counters.pulledKeys, 0, 'the destination had everything when clients arrived');
    assert.ok(c.pauseMs >= 0 && Number.isFinite(c.pauseMs), `pause of ${c.pauseMs} ms`);
    for (const p of protocols) {
      assert.equal(p.traffic.extraRequests + p.traffic.extraReplies, 0, 'no client-side overhead');
      assert.ok(p.traffic.baseBytes > 0);
    }
  });
});

describe('Rocksteady migration', () => {
  let cluster: Cluster;
  let loaded: HistoryOp[];
  before(async () => {
    cluster = await startCluster({ netmigrate: false });
    loaded = await load(cluster, RECORDS);
  });
  after(() => cluster.close());

  it('moves ownership at once; the destination pulls what clients need and clients retry on 0x80', async () => {
    const protocols: RocksteadyClientProtocol[] = [];
    const run = await runMigration(cluster, 'rocksteady', {
      records: RECORDS,
      workload: 'B',
      source: { maxGroupBits: 6, rate: { pairsPerSec: 4000 } },
      clientProtocol: () => {
        const p = new RocksteadyClientProtocol();
        protocols.push(p);
        return p;
      },
    });
    assertMigrationCorrect(cluster, run, loaded);
    const d = run.destinationAgent.counters;
    assert.ok(d.pulledKeys > 0, 'reads of unmigrated keys were pulled');
    const retries = run.results.reduce((a, r) => a + r.counters.retryLater, 0);
    assert.ok(retries > 0, 'clients retried');
    for (const p of protocols) assert.ok(extraTrafficPercent(p.traffic) > 0);
  });
});

describe('Fulva migration', () => {
  let cluster: Cluster;
  let loaded: HistoryOp[];
  before(async () => {
    cluster = await startCluster({ netmigrate: false });
    loaded = await load(cluster, RECORDS);
  });
  after(() => cluster.close());

  it('clients read from both and write to the destination, guided by piggybacked progress', async () => {
    const protocols: FulvaClientProtocol[] = [];
    const run = await runMigration(cluster, 'fulva', {
      records: RECORDS,
      source: { maxGroupBits: 6, rate: { pairsPerSec: 4000 } },
      clientProtocol: () => {
        const p = new FulvaClientProtocol();
        protocols.push(p);
        return p;
      },
    });
    assertMigrationCorrect(cluster, run, loaded);
    for (const p of protocols) {
      assert.equal(p.layout?.dbPort, DEST.dbPort, 'the source told the client where the destination is');
      assert.ok(p.traffic.extraRequests > 0, 'reads went to both servers');
      assert.ok(p.traffic.metadataBytes > 0);
      assert.ok(p.cursors.size > 0, 'progress cursors arrived');
      assert.equal(p.phase, 'after');
    }
    const doubleReads = run.results.reduce((a, r) => a + r.counters.doubleReads, 0);
    assert.ok(doubleReads > 0);
  });
});
