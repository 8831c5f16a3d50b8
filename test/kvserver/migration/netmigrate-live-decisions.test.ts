// docs/netmigrate.md §9 decisions checked on live migrations through the fixture switch: late
// writes at the source reach the destination, every group (empty ones too) gets both
// transitions, and on the wire, under loss and duplication, no group's data precedes its
// acknowledged START and no COMPLETE precedes the acknowledgement of its group's data.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HistoryOp } from '../../../client/history.js';
import { isMigrationAgentPort } from '../../../kvserver/migration/common/peer.js';
import { groupOfKey } from '../../../wire/key-hash.js';
import { Op } from '../../../wire/ops.js';
import type { Cluster } from './fixtures/cluster.js';
import { assertMigrationCorrect, load, runMigration, startCluster } from './fixtures/cluster.js';

describe('late writes at the source', () => {
  let cluster: Cluster;
  let loaded: HistoryOp[];
  before(async () => {
    // Writes of in-flight groups still reach the source, as when routed before GROUP_START passed the switch.
    cluster = await startCluster({ netmigrate: true, lateWrites: true });
    loaded = await load(cluster, 1500);
  });
  after(() => cluster.close());

  it('are forwarded to the destination before they are acknowledged, and counted as overhead', async () => {
    const run = await runMigration(cluster, 'netmigrate', {
      records: 1500,
      source: { maxGroupBits: 4, rate: { pairsPerSec: 3000 } },
    });
    assertMigrationCorrect(cluster, run, loaded);
    assert.ok(run.sourceAgent.counters.lateWrites > 0, 'some writes were late');
    assert.ok(run.sourceAgent.counters.lateWriteBytes >= run.sourceAgent.counters.lateWrites * 80);
  });
});

describe('group transitions', () => {
  let cluster: Cluster;
  before(async () => {
    cluster = await startCluster({ netmigrate: true });
    await load(cluster, 300);
  });
  after(() => cluster.close());

  it('every group id gets GROUP_START and GROUP_COMPLETE, empty groups included', async () => {
    const run = await runMigration(cluster, 'netmigrate', { records: 300, clients: 1, delayMs: 20, tailMs: 20 });
    const groups = run.sourceAgent.counters.groupCount;
    assert.equal(groups, 2 ** (run.sourceAgent.plan?.sizeExp ?? 0), 'one bucket per group');
    assert.ok(groups > 300, 'more groups than keys: many are empty');
    assert.equal(cluster.sw.counters.startsApplied, groups);
    assert.equal(cluster.sw.counters.completesApplied, groups);
  });
});

describe('per-group ordering on the wire under loss and duplication', () => {
  let cluster: Cluster;
  let loaded: HistoryOp[];
  before(async () => {
    cluster = await startCluster({
      netmigrate: true,
      dropEvery: 5,
      duplicateEvery: 4,
      faultable: (op, f) => op >= Op.INIT || isMigrationAgentPort(f.dstPort),
    });
    loaded = await load(cluster, 1200);
    cluster.sw.logging = true;
  });
  after(() => cluster.close());

  it('data follows its acknowledged START and COMPLETE follows the acknowledgement of all its data', async () => {
    const run = await runMigration(cluster, 'netmigrate', { records: 1200, source: { maxGroupBits: 5 } });
    assertMigrationCorrect(cluster, run, loaded);
    const plan = run.sourceAgent.plan;
    assert.ok(plan !== undefined);
    const log = cluster.sw.log;
    const firstAt = new Map<string, number>();
    log.forEach((e, i) => {
      const k = `${e.op}:${e.seq}`;
      if (!firstAt.has(k)) firstAt.set(k, i);
    });
    const startAck = new Map<number, number>();
    const firstComplete = new Map<number, number>();
    // A transition covers a run of groups: each group of it is started (completed) by it.
    for (const e of log) {
      if (e.group === undefined) continue;
      for (let g = e.group; g < e.group + (e.groupCount ?? 1); g++) {
        if (e.op === Op.GROUP_START && !startAck.has(g))
          startAck.set(g, firstAt.get(`${Op.GROUP_START_REPLY}:${e.seq}`) ?? Number.POSITIVE_INFINITY);
        if (e.op === Op.GROUP_COMPLETE && !firstComplete.has(g))
          firstComplete.set(g, firstAt.get(`${e.op}:${e.seq}`) as number);
      }
    }
    let checked = 0;
    for (const e of log) {
      // Pull answers travel on the side channel and may carry a group's keys before its START.
      if (e.op !== Op.MIGRATE || !isMigrationAgentPort(e.dstPort) || e.keys === undefined || e.keys.length === 0)
        continue;
      const at = firstAt.get(`${e.op}:${e.seq}`) as number;
      const g = groupOfKey(e.keys[0] as number, plan.sizeExp, plan.remainExp);
      const complete = firstComplete.get(g) as number;
      // Late-write forwards after the COMPLETE are allowed (the client waits for them instead).
      if (at > complete) continue;
      const acked = firstAt.get(`${Op.MIGRATE_REPLY}:${e.seq}`) ?? Number.POSITIVE_INFINITY;
      assert.ok(acked < complete, `MIGRATE seq ${e.seq} of group ${g} acknowledged after its COMPLETE`);
      if (at < (startAck.get(g) as number))
        assert.fail(`MIGRATE seq ${e.seq} of group ${g} before its START was acknowledged`);
      checked++;
    }
    assert.ok(checked > 30, `${checked} MIGRATE packets checked`);
    assert.ok(cluster.sw.counters.dropped > 10);
  });
});

describe('bloom-filter false positives', () => {
  let cluster: Cluster;
  let loaded: HistoryOp[];
  /** While on, a third of the groups look "in flight" and a sixth "migrated" before they start. */
  let filtersWrong = true;
  before(async () => {
    cluster = await startCluster({
      netmigrate: true,
      falsePositive: (g) =>
        !filtersWrong ? undefined : g % 3 === 0 ? 'in-flight' : g % 6 === 1 ? 'migrated' : undefined,
    });
    loaded = await load(cluster, 1500);
  });
  after(() => cluster.close());

  it('appear and clear without a lost write or a stale read, and are counted', async () => {
    filtersWrong = true;
    // The false positives clear while many groups are still waiting for their scan: reads of
    // those groups go back to the source, which must have every write the destination got.
    const clear = setTimeout(() => {
      filtersWrong = false;
    }, 700);
    const run = await runMigration(cluster, 'netmigrate', {
      records: 1500,
      delayMs: 300,
      source: { maxGroupBits: 5, threads: 1, rate: { pairsPerSec: 1000 } },
    });
    clearTimeout(clear);
    assertMigrationCorrect(cluster, run, loaded);
    const d = run.destinationAgent.counters;
    assert.ok(d.filterFpIdle > 0, 'requests for groups not started reached the destination');
    assert.ok(d.proxiedToSource > 0, 'and were answered by the source');
    assert.ok(run.sourceAgent.counters.filterTnIdle > 0, 'the source saw the requests the filters got right');
  });
});
