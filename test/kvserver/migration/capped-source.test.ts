// A capped source pays for its migration (kvserver/capacity.ts, "the migration shares the capped
// server"): every message its migration threads send is charged to the same budget as its
// clients, the migration still completes correctly under live clients, and an uncapped source
// is charged nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RocksteadyClientProtocol } from '../../../client/protocols/rocksteady.js';
import { MIGRATED_PAIR_COST, MIGRATION_DATAGRAM_COST } from '../../../kvserver/capacity.js';
import type { GroupPlan } from '../../../kvserver/migration/common/group-plan.js';
import { assertMigrationCorrect, load, runMigration, startCluster } from './fixtures/cluster.js';

const RECORDS = 500;

/** GROUP_STARTs the source sent (as many COMPLETEs): one per run of groups of each thread. */
function transitionsOf(plan: GroupPlan | undefined): number {
  if (plan === undefined) return 0;
  return plan.threads.reduce((n, t) => n + Math.ceil((t.end - t.first) / plan.run), 0);
}

describe('the capped source pays for its migration', () => {
  it('NetMigrate at 40 %: every group control message and every pair is charged, and the migration is correct', async () => {
    const cluster = await startCluster(
      { netmigrate: true },
      { sourceCapacity: { share: 0.4, baselineOpsPerSec: 5000 } },
    );
    try {
      const loaded = await load(cluster, RECORDS);
      const run = await runMigration(cluster, 'netmigrate', { records: RECORDS, workload: 'B' });
      assertMigrationCorrect(cluster, run, loaded);
      const c = run.sourceAgent.counters;
      const charged = cluster.source.capacity.counters.migrationWork;
      // INIT, TERMINATE, each run's START and COMPLETE (docs/migration-protocols.md "Runs of
      // groups"), each pair; on top, one datagram per MIGRATE frame (at least one pair each)
      // and per forwarded write.
      const transitions = transitionsOf(run.sourceAgent.plan);
      assert.ok(transitions > 0);
      const floor = (2 + 2 * transitions) * MIGRATION_DATAGRAM_COST + c.pairsMigrated * MIGRATED_PAIR_COST;
      const ceiling = floor + (c.pairsMigrated + c.lateWrites + c.dirtyResent) * (MIGRATION_DATAGRAM_COST + 0.02);
      assert.ok(c.groupCount > 0 && c.pairsMigrated >= RECORDS, `${c.groupCount} groups, ${c.pairsMigrated} pairs`);
      assert.ok(charged >= floor - 1e-6, `charged ${charged} < ${floor}`);
      assert.ok(charged <= ceiling, `charged ${charged} > ${ceiling}`);
    } finally {
      await cluster.close();
    }
  });

  it('Rocksteady at 40 %: the data message of every priority pull is charged too', async () => {
    const cluster = await startCluster(
      { netmigrate: false },
      { sourceCapacity: { share: 0.4, baselineOpsPerSec: 5000 } },
    );
    try {
      const loaded = await load(cluster, RECORDS);
      const run = await runMigration(cluster, 'rocksteady', {
        records: RECORDS,
        workload: 'B',
        // Slow enough that clients reach keys the source still holds.
        source: { maxGroupBits: 6, rate: { pairsPerSec: 2000 } },
        clientProtocol: () => new RocksteadyClientProtocol(),
      });
      assertMigrationCorrect(cluster, run, loaded);
      const c = run.sourceAgent.counters;
      assert.ok(c.pullDataMessages > 0, 'the destination pulled keys the source still held');
      const charged = cluster.source.capacity.counters.migrationWork;
      const floor =
        (2 + 2 * transitionsOf(run.sourceAgent.plan) + c.pullDataMessages) * MIGRATION_DATAGRAM_COST +
        (c.pairsMigrated + c.pullDataMessages) * MIGRATED_PAIR_COST;
      assert.ok(charged >= floor - 1e-6, `charged ${charged} < ${floor} (${c.pullDataMessages} pull data messages)`);
    } finally {
      await cluster.close();
    }
  });

  it('an uncapped source is charged nothing', async () => {
    const cluster = await startCluster({ netmigrate: true });
    try {
      const loaded = await load(cluster, RECORDS);
      const run = await runMigration(cluster, 'netmigrate', { records: RECORDS, workload: 'B' });
      assertMigrationCorrect(cluster, run, loaded);
      assert.equal(cluster.source.capacity.counters.migrationWork, 0);
      assert.equal(cluster.source.capacity.counters.migrationWaitMs, 0);
    } finally {
      await cluster.close();
    }
  });
});
