// The switch's bloom filters can say "in flight" or "migrated" for a group that has not
// started (docs/netmigrate.md §9). These tests pin what the agents do with such a request: the
// destination keeps nothing of a group it has not seen start and lets the source answer, and
// the source applies a proxied write exactly once; and they pin the counters the
// false-positive figure of every run is computed from.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filterFigure } from '../../../cluster/results.js';
import { SIDE_CHANNEL_BASE } from '../../../kvserver/migration/common/peer.js';
import { createNetMigrateDestination, createNetMigrateSource } from '../../../kvserver/migration/netmigrate.js';
import { groupOfKey } from '../../../wire/key-hash.js';
import type { MgMessage, ReadReply, WriteReply } from '../../../wire/message.js';
import { Op, Ver } from '../../../wire/ops.js';
import { fakeContext, initFor, PEER_FRAME, request, tick, value, waitFor } from './fixtures/fake-context.js';

const SRC_PORT = 0x1001;
const DST_PORT = 0x2002;

/** INIT for a 16-group dictionary of one bucket per group (group = the key's hash mod 16). */
const initMessage = (): MgMessage => initFor(SRC_PORT, DST_PORT);

function destination() {
  const { ctx, rec, shard } = fakeContext(DST_PORT);
  const agent = createNetMigrateDestination({ pull: { batchTimeoutMs: 1 }, channel: { timeoutMs: 1000 } });
  agent.start(ctx);
  agent.onControl(initMessage() as never, PEER_FRAME, ctx);
  const startGroupOf = (key: number) => {
    const groupId = groupOfKey(key, 4, 0);
    agent.onControl(
      { op: Op.GROUP_START, seq: 500n + BigInt(groupId), dbPort: DST_PORT, groupId, threadId: 0 } as never,
      PEER_FRAME,
      ctx,
    );
  };
  const completeGroupOf = (key: number) => {
    const groupId = groupOfKey(key, 4, 0);
    agent.onControl(
      { op: Op.GROUP_COMPLETE, seq: 600n + BigInt(groupId), dbPort: DST_PORT, groupId, threadId: 0 } as never,
      PEER_FRAME,
      ctx,
    );
  };
  return { ctx, rec, shard, agent, startGroupOf, completeGroupOf };
}

describe('destination: requests for groups it has not seen start (filter false positives)', () => {
  it('a write is applied at the source, not here, and acknowledged once the source has it', async () => {
    const { ctx, rec, shard, agent } = destination();
    agent.onRequest(request({ op: Op.WRITE, seq: 7n, dbPort: DST_PORT, bitmap: 1, key: 3, value: value(9) }), ctx);
    const sent = rec.sent.find((s) => s.msg.op === Op.WRITE);
    assert.ok(sent !== undefined, 'the write went on to the source');
    assert.equal(sent.to.dstPort, SIDE_CHANNEL_BASE, 'over the side channel, which the switch does not steer');
    assert.equal(sent.msg.dbPort, SRC_PORT);
    assert.equal(shard.store.has(3), false, 'nothing of a group not started is kept here');
    assert.equal(rec.replies.length, 0, 'no acknowledgement before the source has the write');
    agent.onReply({ op: Op.WRITE_REPLY, seq: sent.msg.seq, dbPort: DST_PORT, bitmap: 1, ver: Ver.FOUND });
    await waitFor(() => rec.replies.length === 1);
    const r = rec.replies[0]?.reply as WriteReply;
    assert.equal(r.op, Op.WRITE_REPLY);
    assert.equal(r.seq, 7n);
    assert.equal(r.ver, Ver.FOUND | Ver.FROM_DESTINATION);
    assert.equal(r.dbPort, DST_PORT);
    assert.equal(agent.counters.filterFpIdle, 1);
    assert.equal(agent.counters.proxiedToSource, 1);
  });

  it('a plain read (a BF false positive) is answered with the source value, which is not kept here', async () => {
    const { ctx, rec, shard, agent } = destination();
    agent.onRequest(request({ op: Op.READ, seq: 8n, dbPort: DST_PORT, bitmap: 1, ver: 0, key: 5 }), ctx);
    const sent = rec.sent.find((s) => s.msg.op === Op.READ);
    assert.ok(sent !== undefined);
    assert.equal(
      rec.sent.some((s) => s.msg.op === Op.MULTI_READ),
      false,
      'no priority pull: a pulled copy would go stale',
    );
    agent.onReply({
      op: Op.READ_REPLY,
      seq: sent.msg.seq,
      dbPort: DST_PORT,
      bitmap: 1,
      ver: Ver.FOUND,
      value: value(4),
    });
    await waitFor(() => rec.replies.length === 1);
    const r = rec.replies[0]?.reply as ReadReply;
    assert.equal(r.ver, Ver.FOUND | Ver.FROM_DESTINATION);
    assert.deepEqual(r.value, value(4));
    assert.equal(shard.store.has(5), false);
  });

  it('a double-read copy is left to its twin at the source: retry flag, nothing pulled', async () => {
    const { ctx, rec, agent } = destination();
    agent.onRequest(request({ op: Op.READ, seq: 9n, dbPort: DST_PORT, bitmap: 1, ver: Ver.DOUBLE_READ, key: 6 }), ctx);
    await waitFor(() => rec.replies.length === 1);
    const r = rec.replies[0]?.reply as ReadReply;
    assert.equal(r.ver, Ver.DOUBLE_READ | Ver.FROM_DESTINATION | Ver.RETRY_LATER);
    await tick(5);
    assert.equal(rec.sent.length, 1, 'only the INIT acknowledgement was sent');
  });

  it('once the group started, writes are applied here as before', () => {
    const { ctx, rec, shard, agent, startGroupOf } = destination();
    startGroupOf(3);
    agent.onRequest(request({ op: Op.WRITE, seq: 10n, dbPort: DST_PORT, bitmap: 1, key: 3, value: value(1) }), ctx);
    assert.deepEqual(shard.store.get(3), value(1));
    assert.equal(rec.replies.length, 1);
    assert.equal(agent.counters.filterFpIdle, 0);
  });

  it('a multi-key write splits: keys of started groups here, the others at the source', async () => {
    const { ctx, rec, shard, agent, startGroupOf } = destination();
    startGroupOf(1);
    assert.notEqual(groupOfKey(1, 4, 0), groupOfKey(2, 4, 0), 'keys 1 and 2 hash to different groups');
    agent.onRequest(
      request({
        op: Op.MULTI_WRITE,
        seq: 11n,
        dbPort: DST_PORT,
        bitmap: 0b11,
        keys: [1, 2, 0, 0],
        values: [value(1), value(2), value(0), value(0)],
      }),
      ctx,
    );
    assert.deepEqual(shard.store.get(1), value(1));
    assert.equal(shard.store.has(2), false);
    const sent = rec.sent.filter((s) => s.msg.op === Op.WRITE);
    assert.equal(sent.length, 1);
    agent.onReply({ op: Op.WRITE_REPLY, seq: sent[0]?.msg.seq ?? 0n, dbPort: DST_PORT, bitmap: 1, ver: Ver.FOUND });
    await waitFor(() => rec.replies.length === 1);
    const r = rec.replies[0]?.reply as { op: number; vers: number[] };
    assert.equal(r.op, Op.MULTI_WRITE_REPLY);
    assert.deepEqual(r.vers, [Ver.FOUND | Ver.FROM_DESTINATION, Ver.FOUND | Ver.FROM_DESTINATION, 0, 0]);
  });

  it('reads of completed groups count as false positives only when double-read', () => {
    const { ctx, agent, completeGroupOf } = destination();
    completeGroupOf(4);
    completeGroupOf(20);
    agent.onRequest(request({ op: Op.READ, seq: 12n, dbPort: DST_PORT, bitmap: 1, ver: 0, key: 4 }), ctx);
    agent.onRequest(
      request({ op: Op.READ, seq: 13n, dbPort: DST_PORT, bitmap: 1, ver: Ver.DOUBLE_READ, key: 20 }),
      ctx,
    );
    assert.equal(agent.counters.filterTnCompleted, 1);
    assert.equal(agent.counters.filterFpCompleted, 1);
  });
});

describe('source: writes the destination proxied', () => {
  async function migrating(keys: number) {
    const { ctx, rec, shard } = fakeContext(SRC_PORT);
    for (let k = 1; k <= keys; k++) shard.store.set(k, value(k));
    const agent = createNetMigrateSource({
      destination: { mac: 0x020000000020, ip: 0x0a000020, dbPort: DST_PORT },
      threads: 1,
      maxGroupBits: 0,
      channel: { timeoutMs: 1000 },
    });
    agent.start(ctx);
    await waitFor(() => rec.sent.some((s) => s.msg.op === Op.INIT));
    const init = rec.sent.find((s) => s.msg.op === Op.INIT);
    agent.onControl({ op: Op.INIT_REPLY, seq: init?.msg.seq ?? 0n, dbPort: SRC_PORT });
    await waitFor(() => rec.sent.some((s) => s.msg.op === Op.GROUP_START));
    return { ctx, rec, shard, agent };
  }

  it('is applied once even when retransmitted, and the reply names the destination shard', async () => {
    const { ctx, rec, shard, agent } = await migrating(10);
    const proxied = request(
      { op: Op.WRITE, seq: 77n, dbPort: SRC_PORT, bitmap: 1, key: 4, value: value(40) },
      SIDE_CHANNEL_BASE,
    );
    agent.onRequest(proxied, ctx);
    assert.deepEqual(shard.store.get(4), value(40));
    // A newer write reaches the source directly; then the proxied one is retransmitted.
    agent.onRequest(request({ op: Op.WRITE, seq: 78n, dbPort: SRC_PORT, bitmap: 1, key: 4, value: value(41) }), ctx);
    shard.store.set(4, value(41)); // what serving the direct write does (the fake context only records it)
    agent.onRequest(proxied, ctx);
    assert.deepEqual(shard.store.get(4), value(41), 'the retransmission did not overwrite the newer write');
    const replies = rec.replies.filter((r) => r.reply.seq === 77n);
    assert.equal(replies.length, 2, 'both copies answered');
    assert.equal(replies[0]?.reply.dbPort, DST_PORT);
    agent.abort('test over', ctx);
  });

  it('a proxied write to a group whose scan began reaches the destination as a late write before the reply', async () => {
    const { ctx, rec, agent } = await migrating(10);
    const start = rec.sent.find((s) => s.msg.op === Op.GROUP_START);
    agent.onControl({ op: Op.GROUP_START_REPLY, seq: start?.msg.seq ?? 0n, dbPort: SRC_PORT });
    await waitFor(() => agent.groupStarted(4));
    agent.onRequest(
      request({ op: Op.WRITE, seq: 79n, dbPort: SRC_PORT, bitmap: 1, key: 4, value: value(44) }, SIDE_CHANNEL_BASE),
      ctx,
    );
    const late = rec.sent.filter(
      (s) => s.msg.op === Op.MIGRATE && s.msg.pairs.some((p) => p.key === 4 && p.value[0] === 44),
    );
    assert.equal(late.length, 1);
    assert.equal(rec.replies.filter((r) => r.reply.seq === 79n).length, 0);
    agent.onControl({ op: Op.MIGRATE_REPLY, seq: late[0]?.msg.seq ?? 0n, dbPort: SRC_PORT });
    await waitFor(() => rec.replies.some((r) => r.reply.seq === 79n));
    assert.equal(agent.counters.lateWrites, 1);
    agent.abort('test over', ctx);
  });

  it('requests for groups not started that arrive without the double-read flag count as the filters being right', async () => {
    const { ctx, agent } = await migrating(10);
    agent.onRequest(request({ op: Op.READ, seq: 80n, dbPort: SRC_PORT, bitmap: 1, ver: 0, key: 4 }), ctx);
    agent.onRequest(request({ op: Op.READ, seq: 81n, dbPort: SRC_PORT, bitmap: 1, ver: Ver.DOUBLE_READ, key: 4 }), ctx);
    assert.equal(agent.counters.filterTnIdle, 1);
    agent.abort('test over', ctx);
  });
});

describe('the false-positive figure', () => {
  it('is both kinds of false positive over all requests the filters could get wrong', () => {
    const f = filterFigure({
      filterFpIdle: 3,
      filterTnIdle: 97,
      filterFpCompleted: 1,
      filterTnCompleted: 99,
      proxiedToSource: 2,
    });
    assert.ok(f !== null);
    assert.equal(f.falsePositivePercent, 2);
    assert.equal(f.idleRequests, 100);
    assert.equal(filterFigure({}), null, 'no figure for runs the filters did not steer');
  });
});
