// NetMigrate end to end on the fixture switch: live migrations of a few thousand keys with
// clients running, clean and under loss and duplication, each checked for linearizability,
// final state at the destination and a retired source.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HistoryOp } from '../../../client/history.js';
import { PlainClientProtocol } from '../../../client/protocols/plain.js';
import { isMigrationAgentPort } from '../../../kvserver/migration/common/peer.js';
import { Op } from '../../../wire/ops.js';
import type { Cluster } from './fixtures/cluster.js';
import { assertMigrationCorrect, DEST, load, runMigration, SOURCE, startCluster } from './fixtures/cluster.js';

const RECORDS = 3000;

describe('NetMigrate live migration through the fixture switch', () => {
  let cluster: Cluster;
  let loaded: HistoryOp[];

  before(async () => {
    cluster = await startCluster({ netmigrate: true });
    loaded = await load(cluster, RECORDS);
  });
  after(() => cluster.close());

  it('moves every key while clients run workload A, with no lost or wrong reads', async () => {
    const run = await runMigration(cluster, 'netmigrate', {
      records: RECORDS,
      source: { maxGroupBits: 8 },
      clientProtocol: () => new PlainClientProtocol('netmigrate'),
    });
    assertMigrationCorrect(cluster, run, loaded);
    const c = run.sourceAgent.counters;
    assert.equal(c.groupCount, 256);
    assert.equal(c.groupsCompleted, 256);
    assert.equal(c.pairsMigrated, RECORDS);
    assert.equal(cluster.destination.shards.get(DEST.dbPort)?.store.count, RECORDS);
    assert.ok(cluster.sw.counters.doubleReads > 0, 'some reads hit in-flight groups');
    assert.ok(cluster.sw.counters.redirected > 0, 'requests for migrated groups went to the destination');
    assert.equal(cluster.sw.hasPair(SOURCE.ip, SOURCE.dbPort), false, 'TERMINATE replaced the pair entry');
    const traffic = run.results[0]?.traffic;
    assert.ok(traffic !== undefined && traffic.baseBytes > 0);
  });
});

/** Every 7th migration packet dropped and every 5th duplicated, both ways (0xBE80.., the side channel, and their replies). */
function lossyMigrationCluster(): Promise<Cluster> {
  return startCluster({
    netmigrate: true,
    dropEvery: 7,
    duplicateEvery: 5,
    faultable: (op, f) => op >= Op.INIT || isMigrationAgentPort(f.dstPort) || f.dstPort >= 0xbf00,
  });
}

describe('NetMigrate under loss and duplication of migration packets', () => {
  let cluster: Cluster;
  let loaded: HistoryOp[];

  before(async () => {
    cluster = await lossyMigrationCluster();
    loaded = await load(cluster, 2000);
  });
  after(() => cluster.close());

  it('every group is applied once at the switch and the data still arrives whole', async () => {
    const run = await runMigration(cluster, 'netmigrate', { records: 2000, source: { maxGroupBits: 7 } });
    assertMigrationCorrect(cluster, run, loaded);
    const sw = cluster.sw.counters;
    assert.ok(sw.dropped > 20 && sw.duplicated > 20, `dropped ${sw.dropped}, duplicated ${sw.duplicated}`);
    assert.ok(run.sourceAgent.counters.retransmits > 0);
    // A repeated START would leave a group "in flight" forever; the per-thread transition order skips it.
    assert.equal(sw.startsApplied, 128);
    assert.equal(sw.completesApplied, 128);
    assert.ok(sw.repeatsSkipped > 0);
    assert.equal(cluster.destination.shards.get(DEST.dbPort)?.store.count, 2000);
  });
});

describe('NetMigrate with 255 threads under loss and duplication of migration packets', () => {
  let cluster: Cluster;
  let loaded: HistoryOp[];

  before(async () => {
    cluster = await lossyMigrationCluster();
    loaded = await load(cluster, 2000);
  });
  after(() => cluster.close());

  it("applies every group's START and COMPLETE exactly once at the switch, with shared MIGRATE frames", async () => {
    const run = await runMigration(cluster, 'netmigrate', {
      records: 2000,
      source: { maxGroupBits: 10, threads: 255, window: 16 },
    });
    assertMigrationCorrect(cluster, run, loaded);
    const sw = cluster.sw.counters;
    assert.ok(sw.dropped > 20 && sw.duplicated > 20, `dropped ${sw.dropped}, duplicated ${sw.duplicated}`);
    assert.ok(sw.repeatsSkipped > 0);
    // Each group's filter counter went up once and down once: none left "in flight", none negative.
    assert.equal(cluster.sw.appliedPerGroup.size, 1024);
    for (const [g, a] of cluster.sw.appliedPerGroup) assert.deepEqual(a, { starts: 1, completes: 1 }, `group ${g}`);
    const c = run.sourceAgent.counters;
    assert.equal(c.groupsCompleted, 1024);
    assert.equal(c.pairsMigrated, 2000);
    assert.equal(cluster.destination.shards.get(DEST.dbPort)?.store.count, 2000);
  });
});
