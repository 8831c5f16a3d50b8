// The emulator's decisions of docs/netmigrate.md §9 that the agents implement, one rule per test,
// each checked message by message on an agent over a recording context (no sockets).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AUTO_KEYS_MAX_GROUP_RUN } from '../../../kvserver/migration/common/group-plan.js';
import { SIDE_CHANNEL_BASE } from '../../../kvserver/migration/common/peer.js';
import { RateControl } from '../../../kvserver/migration/common/rate.js';
import { retiredShard } from '../../../kvserver/migration/common/retired.js';
import { createFulvaDestination } from '../../../kvserver/migration/fulva.js';
import { createNetMigrateDestination, createNetMigrateSource } from '../../../kvserver/migration/netmigrate.js';
import { groupOfKey } from '../../../wire/key-hash.js';
import type { MgMessage, MultiReadRequest } from '../../../wire/message.js';
import { Op, Ver } from '../../../wire/ops.js';
import { fakeContext, initFor, PEER_FRAME, request, tick, value, waitFor } from './fixtures/fake-context.js';

const SRC_PORT = 6380;
const DST_PORT = 7380;

const initMessage = (seq = 1n): MgMessage => initFor(SRC_PORT, DST_PORT, seq);

describe('NetMigrate destination agent', () => {
  /** A destination after INIT, with the groups of `keys` started (16 groups of one bucket: group = key mod 16). */
  function started(...keys: number[]) {
    const { ctx, rec, shard } = fakeContext(DST_PORT);
    const agent = createNetMigrateDestination({ pull: { batchTimeoutMs: 1 } });
    agent.start(ctx);
    agent.onControl(initMessage() as never, PEER_FRAME, ctx);
    for (const k of keys) {
      const groupId = groupOfKey(k, 4, 0);
      agent.onControl(
        { op: Op.GROUP_START, seq: 1000n + BigInt(k), dbPort: DST_PORT, groupId, threadId: 0 } as never,
        PEER_FRAME,
        ctx,
      );
    }
    return { ctx, rec, shard, agent };
  }

  it('a double read of a key it lacks is answered 0x08|0x02 (|0x04) and starts a pull from the source', async () => {
    const { ctx, rec, agent } = started(42);
    agent.onRequest(request({ op: Op.READ, seq: 5n, dbPort: DST_PORT, bitmap: 1, ver: Ver.DOUBLE_READ, key: 42 }), ctx);
    const r = rec.replies.at(-1)?.reply;
    assert.equal(r?.op, Op.READ_REPLY);
    assert.equal(r && 'ver' in r ? r.ver : -1, Ver.RETRY_LATER | Ver.FROM_DESTINATION | Ver.DOUBLE_READ);
    await waitFor(() => rec.sent.some((s) => s.msg.op === Op.MULTI_READ));
    const pull = rec.sent.find((s) => s.msg.op === Op.MULTI_READ);
    assert.ok(pull !== undefined);
    assert.equal(pull.to.dstPort, SIDE_CHANNEL_BASE, 'pulls bypass the switch logic');
    assert.deepEqual((pull.msg as MultiReadRequest).keys, [42]);
  });

  it('a client write at the destination survives the older migrated value', () => {
    const { ctx, agent, shard } = started(3);
    agent.onRequest(request({ op: Op.WRITE, seq: 6n, dbPort: DST_PORT, bitmap: 1, key: 3, value: value(9) }), ctx);
    agent.onControl(
      { op: Op.MIGRATE, seq: 2n, dbPort: DST_PORT, pairs: [{ key: 3, value: value(1) }] },
      PEER_FRAME,
      ctx,
    );
    assert.deepEqual(shard.store.get(3), value(9));
  });

  it('a MIGRATE duplicate arriving after TERMINATE is acknowledged and not applied over a client write', async () => {
    const { ctx, agent, shard, rec } = started(3);
    const migrate = { op: Op.MIGRATE, seq: 2n, dbPort: DST_PORT, pairs: [{ key: 3, value: value(1) }] } as never;
    agent.onControl(migrate, PEER_FRAME, ctx);
    agent.onRequest(request({ op: Op.WRITE, seq: 6n, dbPort: DST_PORT, bitmap: 1, key: 3, value: value(9) }), ctx);
    agent.onControl({ ...initMessage(9n), op: Op.TERMINATE } as never, PEER_FRAME, ctx);
    await waitFor(() => rec.sent.some((s) => s.msg.op === Op.TERMINATE_REPLY));
    const acks = rec.sent.filter((s) => s.msg.op === Op.MIGRATE_REPLY).length;
    // The source resent the MIGRATE before it saw the first ack; the copy lands after TERMINATE.
    agent.onControl(migrate, PEER_FRAME, ctx);
    assert.deepEqual(shard.store.get(3), value(9), 'the client write stands');
    assert.equal(rec.sent.filter((s) => s.msg.op === Op.MIGRATE_REPLY).length, acks + 1, 'acknowledged');
    assert.equal(agent.counters.lateDuplicates, 1);
  });

  it('a run of groups completes each of its groups once, repeats and overlaps included', () => {
    const { ctx, rec, agent } = started();
    const completed: number[] = [];
    agent.events.on('group-completed', (e) => completed.push(e.group));
    const run = (seq: bigint, groupId: number, groupCount: number): MgMessage => ({
      op: Op.GROUP_COMPLETE,
      seq,
      dbPort: DST_PORT,
      groupId,
      threadId: 0,
      groupCount,
    });
    agent.onControl(run(5n, 4, 3) as never, PEER_FRAME, ctx);
    agent.onControl(run(5n, 4, 3) as never, PEER_FRAME, ctx);
    // A run past the last group (16 here) completes what exists and is still answered.
    agent.onControl(run(6n, 14, 5) as never, PEER_FRAME, ctx);
    assert.deepEqual(completed, [4, 5, 6, 14, 15]);
    assert.equal(agent.counters.groupsCompleted, 5);
    assert.equal(rec.sent.filter((s) => s.msg.op === Op.GROUP_COMPLETE_REPLY).length, 3);
  });

  it('duplicate group control is acknowledged every time and applied once', () => {
    const { ctx, rec, agent } = started();
    const complete: MgMessage = { op: Op.GROUP_COMPLETE, seq: 3n, dbPort: DST_PORT, groupId: 2, threadId: 0 };
    agent.onControl(complete as never, PEER_FRAME, ctx);
    agent.onControl(complete as never, PEER_FRAME, ctx);
    assert.equal(rec.sent.filter((s) => s.msg.op === Op.GROUP_COMPLETE_REPLY && s.msg.seq === 3n).length, 2);
    assert.equal(agent.counters.groupsCompleted, 1);
    const reply = rec.sent.at(-1);
    assert.equal(reply?.msg.dbPort, SRC_PORT, 'replies name the source shard');
  });

  it('TERMINATE is acknowledged only after every started pull is applied', async () => {
    const { ctx, rec, agent } = started(77);
    agent.onRequest(request({ op: Op.READ, seq: 5n, dbPort: DST_PORT, bitmap: 1, ver: Ver.DOUBLE_READ, key: 77 }), ctx);
    await waitFor(() => rec.sent.some((s) => s.msg.op === Op.MULTI_READ));
    agent.onControl({ ...initMessage(9n), op: Op.TERMINATE } as never, PEER_FRAME, ctx);
    await tick(10);
    assert.equal(
      rec.sent.some((s) => s.msg.op === Op.TERMINATE_REPLY),
      false,
    );
    const pull = rec.sent.find((s) => s.msg.op === Op.MULTI_READ)?.msg as MultiReadRequest;
    agent.onControl(
      { op: Op.MIGRATE, seq: 50n, dbPort: DST_PORT, pairs: [{ key: 77, value: value(4) }] },
      PEER_FRAME,
      ctx,
    );
    agent.onReply({
      op: Op.MULTI_READ_REPLY,
      seq: pull.seq,
      dbPort: DST_PORT,
      bitmap: 1,
      vers: [Ver.FOUND, 0, 0, 0],
      values: [],
    });
    await waitFor(() => rec.sent.some((s) => s.msg.op === Op.TERMINATE_REPLY));
    assert.ok(agent.terminated);
  });
});

describe('NetMigrate source agent', () => {
  it("'auto' runs fill with keys while the clients are idle, and keep the group-bits rule while they are busy", async () => {
    for (const busy of [false, true]) {
      const { ctx, rec, shard } = fakeContext(SRC_PORT);
      // 1,000 keys in a table of 1,024 buckets, 2^10 groups of about one key each.
      for (let k = 1; k <= 1000; k++) shard.store.set(k, value(k));
      const agent = createNetMigrateSource({
        destination: { mac: 0x020000000020, ip: 0x0a000020, dbPort: DST_PORT },
        threads: 1,
        maxGroupBits: 10,
        clientsBusy: () => busy,
        channel: { timeoutMs: 1000 },
      });
      agent.start(ctx);
      await waitFor(() => rec.sent.some((m) => m.msg.op === Op.INIT));
      assert.equal(agent.plan?.groupBits, 10);
      // Idle: enough one-key groups for 8 frames of 16-byte values, capped at 16; busy: 2^(10 − 12) → 1.
      assert.equal(agent.plan?.run, busy ? 1 : AUTO_KEYS_MAX_GROUP_RUN, busy ? 'busy' : 'idle');
      agent.abort('test over', ctx);
    }
  });

  it('a client write that reaches the source while TERMINATE is in flight is dropped, never forwarded or acknowledged', async () => {
    const { ctx, rec, shard } = fakeContext(SRC_PORT);
    shard.store.set(1, value(1));
    const agent = createNetMigrateSource({
      destination: { mac: 0x020000000020, ip: 0x0a000020, dbPort: DST_PORT },
      threads: 1,
      maxGroupBits: 0,
      channel: { timeoutMs: 1000 },
    });
    agent.start(ctx);
    const ackAll = (op: number) => {
      for (const m of rec.sent.filter((s) => s.msg.op === op))
        agent.onControl({ op: op + 1, seq: m.msg.seq, dbPort: SRC_PORT } as never);
    };
    const sent = (op: number) => rec.sent.some((s) => s.msg.op === op);
    for (const op of [Op.INIT, Op.GROUP_START, Op.MIGRATE, Op.GROUP_COMPLETE]) {
      await waitFor(() => sent(op));
      ackAll(op);
    }
    await waitFor(() => sent(Op.TERMINATE));
    assert.equal(agent.state, 'terminating');
    const before = rec.sent.length;
    const write = request({ op: Op.WRITE, seq: 77n, dbPort: SRC_PORT, bitmap: 1, key: 2, value: value(2) });
    assert.equal(agent.onRequest(write, ctx), 'handled');
    await tick(5);
    assert.equal(rec.sent.length, before, 'nothing forwarded to the destination');
    assert.equal(rec.replies.length, 0, 'no acknowledgement: the client resends to the destination');
    assert.equal(shard.store.has(2), false);
    // A read is still answered.
    const read = request({ op: Op.READ, seq: 78n, dbPort: SRC_PORT, bitmap: 1, ver: 0, key: 1 });
    assert.equal(agent.onRequest(read, ctx), 'serve');
    ackAll(Op.TERMINATE);
    await waitFor(() => agent.state === 'retired');
  });

  it('a pull is answered with the values as versioned MIGRATE data first, and the source keeps the keys', async () => {
    const { ctx, rec, shard } = fakeContext(SRC_PORT);
    for (let k = 1; k <= 20; k++) shard.store.set(k, value(k));
    const agent = createNetMigrateSource({
      destination: { mac: 0x020000000020, ip: 0x0a000020, dbPort: DST_PORT },
      threads: 1,
      rate: { pairsPerSec: 1 },
    });
    agent.start(ctx);
    const pull = request(
      { op: Op.MULTI_READ, seq: 900n, dbPort: SRC_PORT, bitmap: 0b11, vers: [0, 0, 0, 0], keys: [5, 999, 0, 0] },
      SIDE_CHANNEL_BASE,
    );
    agent.onRequest(pull, ctx);
    agent.onRequest(pull, ctx); // a retransmission while the first is answered
    const data = rec.sent.filter((s) => s.msg.op === Op.MIGRATE);
    assert.equal(data.length, 1);
    assert.deepEqual(
      (data[0] as { msg: { pairs: { key: number }[] } }).msg.pairs.map((p) => p.key),
      [5],
    );
    assert.equal(rec.replies.length, 0, 'the reply waits for the data to be acknowledged');
    agent.onControl({ op: Op.MIGRATE_REPLY, seq: data[0]?.msg.seq ?? 0n, dbPort: SRC_PORT });
    await tick();
    const reply = rec.replies[0]?.reply as { vers: number[]; dbPort: number };
    assert.deepEqual(reply.vers.slice(0, 2), [Ver.FOUND, 0]);
    assert.equal(reply.dbPort, DST_PORT);
    assert.ok(shard.store.has(5), 'pulled keys stay at the source until TERMINATE');
    agent.abort('test over', ctx);
  });

  it('scanning a group begins only after its GROUP_START is acknowledged, and COMPLETE waits for its data', async () => {
    const { ctx, rec, shard } = fakeContext(SRC_PORT);
    // 200 pairs of 16-byte values: three MIGRATE packets of at most 73 pairs.
    for (let k = 1; k <= 200; k++) shard.store.set(k, value(k));
    const agent = createNetMigrateSource({
      destination: { mac: 0x020000000020, ip: 0x0a000020, dbPort: DST_PORT },
      threads: 1,
      maxGroupBits: 0,
      channel: { timeoutMs: 1000 },
    });
    agent.start(ctx);
    const ack = (op: number) => {
      const m = rec.sent.find((s) => s.msg.op === op && !(s as { acked?: boolean }).acked);
      assert.ok(m !== undefined, `a 0x${op.toString(16)} was sent`);
      (m as { acked?: boolean }).acked = true;
      agent.onControl({ op: op + 1, seq: m.msg.seq, dbPort: SRC_PORT } as never);
    };
    const sent = (op: number) => rec.sent.some((s) => s.msg.op === op);
    await waitFor(() => sent(Op.INIT));
    ack(Op.INIT);
    await waitFor(() => sent(Op.GROUP_START));
    await tick(5);
    assert.equal(sent(Op.MIGRATE), false, 'no data before the START is acknowledged');
    ack(Op.GROUP_START);
    await waitFor(() => rec.sent.filter((s) => s.msg.op === Op.MIGRATE).length >= 3);
    const data = rec.sent.filter((s) => s.msg.op === Op.MIGRATE);
    assert.equal(data.length, 3);
    assert.equal(
      rec.sent.some((s) => s.msg.op === Op.GROUP_COMPLETE),
      false,
      'no COMPLETE while data is unacknowledged',
    );
    for (let i = 0; i < data.length - 1; i++) ack(Op.MIGRATE);
    await tick(5);
    assert.equal(
      rec.sent.some((s) => s.msg.op === Op.GROUP_COMPLETE),
      false,
    );
    ack(Op.MIGRATE);
    await waitFor(() => sent(Op.GROUP_COMPLETE));
    agent.abort('test over', ctx);
  });

  it('a write to a group whose scan began is forwarded and acknowledged to the client only after the destination has it', async () => {
    const { ctx, rec, shard } = fakeContext(SRC_PORT);
    for (let k = 1; k <= 10; k++) shard.store.set(k, value(k));
    const agent = createNetMigrateSource({
      destination: { mac: 0x020000000020, ip: 0x0a000020, dbPort: DST_PORT },
      threads: 1,
      maxGroupBits: 0,
      channel: { timeoutMs: 1000 },
    });
    agent.start(ctx);
    const find = (op: number) => rec.sent.find((s) => s.msg.op === op);
    await waitFor(() => find(Op.INIT) !== undefined);
    agent.onControl({ op: Op.INIT_REPLY, seq: find(Op.INIT)?.msg.seq ?? 0n, dbPort: SRC_PORT });
    await waitFor(() => find(Op.GROUP_START) !== undefined);
    agent.onControl({ op: Op.GROUP_START_REPLY, seq: find(Op.GROUP_START)?.msg.seq ?? 0n, dbPort: SRC_PORT });
    await waitFor(() => agent.groupStarted(3));
    const before = rec.sent.length;
    agent.onRequest(request({ op: Op.WRITE, seq: 77n, dbPort: SRC_PORT, bitmap: 1, key: 3, value: value(0xaa) }), ctx);
    const fwd = rec.sent.slice(before).find((s) => s.msg.op === Op.MIGRATE);
    assert.ok(fwd !== undefined, 'the late write is forwarded');
    assert.deepEqual((fwd.msg as { pairs: { value: Uint8Array }[] }).pairs[0]?.value, value(0xaa));
    assert.equal(rec.replies.length, 0);
    agent.onControl({ op: Op.MIGRATE_REPLY, seq: fwd.msg.seq, dbPort: SRC_PORT });
    await waitFor(() => rec.replies.length > 0);
    assert.equal(rec.replies[0]?.reply.op, Op.WRITE_REPLY);
    assert.equal(agent.counters.lateWrites, 1);
    assert.ok(agent.counters.lateWriteBytes > 0);
    agent.abort('test over', ctx);
  });
});

describe('writes while TERMINATE is in flight', () => {
  it('are dropped unanswered, never forwarded: the destination would take the forward for a late duplicate', async () => {
    const { ctx, rec, shard } = fakeContext(SRC_PORT);
    for (let k = 1; k <= 10; k++) shard.store.set(k, value(k));
    const agent = createNetMigrateSource({
      destination: { mac: 0x020000000020, ip: 0x0a000020, dbPort: DST_PORT },
      threads: 1,
      maxGroupBits: 0,
      channel: { timeoutMs: 1000 },
    });
    agent.start(ctx);
    const acked = new Set<bigint>();
    // Acknowledges every message of `op` sent so far.
    const ackAll = (op: number) => {
      for (const s of rec.sent)
        if (s.msg.op === op && !acked.has(s.msg.seq)) {
          acked.add(s.msg.seq);
          agent.onControl({ op: op + 1, seq: s.msg.seq, dbPort: SRC_PORT } as never);
        }
    };
    const sent = (op: number) => rec.sent.some((s) => s.msg.op === op);
    for (const op of [Op.INIT, Op.GROUP_START, Op.MIGRATE, Op.GROUP_COMPLETE]) {
      await waitFor(() => sent(op));
      if (op === Op.MIGRATE) await tick(5);
      ackAll(op);
    }
    await waitFor(() => sent(Op.TERMINATE));
    assert.equal(agent.state, 'terminating');
    const before = rec.sent.length;
    agent.onRequest(request({ op: Op.WRITE, seq: 78n, dbPort: SRC_PORT, bitmap: 1, key: 3, value: value(0xbb) }), ctx);
    await tick(5);
    assert.equal(
      rec.sent.slice(before).some((s) => s.msg.op === Op.MIGRATE),
      false,
      'no forward behind TERMINATE',
    );
    assert.equal(rec.replies.length, 0, 'the client is not told the write happened');
    assert.equal(agent.counters.pausedRequests, 1);
    assert.equal(agent.counters.lateWrites, 0);
    ackAll(Op.TERMINATE);
    await waitFor(() => agent.state === 'retired');
  });
});

describe('forwarded deletes and the retired source', () => {
  it('a late delete at the source travels on the side channel and removes the key at the destination', async () => {
    const { ctx, rec, shard } = fakeContext(SRC_PORT);
    for (let k = 1; k <= 10; k++) shard.store.set(k, value(k));
    const agent = createNetMigrateSource({
      destination: { mac: 0x020000000020, ip: 0x0a000020, dbPort: DST_PORT },
      threads: 1,
      maxGroupBits: 0,
      channel: { timeoutMs: 1000 },
    });
    agent.start(ctx);
    const find = (op: number) => rec.sent.find((s) => s.msg.op === op);
    await waitFor(() => find(Op.INIT) !== undefined);
    agent.onControl({ op: Op.INIT_REPLY, seq: find(Op.INIT)?.msg.seq ?? 0n, dbPort: SRC_PORT });
    await waitFor(() => find(Op.GROUP_START) !== undefined);
    agent.onControl({ op: Op.GROUP_START_REPLY, seq: find(Op.GROUP_START)?.msg.seq ?? 0n, dbPort: SRC_PORT });
    await waitFor(() => agent.groupStarted(4));
    agent.onRequest(request({ op: Op.DELETE, seq: 31n, dbPort: SRC_PORT, bitmap: 1, key: 4 }), ctx);
    const fwd = find(Op.DELETE);
    assert.ok(fwd !== undefined);
    assert.equal(fwd.to.dstPort, SIDE_CHANNEL_BASE);
    // The destination applies it as a versioned source deletion.
    const d = fakeContext(DST_PORT);
    const dst = createNetMigrateDestination();
    dst.start(d.ctx);
    dst.onControl(initMessage() as never, PEER_FRAME, d.ctx);
    dst.onControl(
      { op: Op.MIGRATE, seq: 2n, dbPort: DST_PORT, pairs: [{ key: 4, value: value(4) }] },
      PEER_FRAME,
      d.ctx,
    );
    dst.onRequest(request(fwd.msg as never, SIDE_CHANNEL_BASE), d.ctx);
    assert.equal(d.shard.store.has(4), false);
    assert.equal(d.rec.replies.at(-1)?.reply.dbPort, SRC_PORT, 'the acknowledgement goes back to the source agent');
    agent.onReply({ op: Op.DELETE_REPLY, seq: fwd.msg.seq, dbPort: SRC_PORT, bitmap: 1, ver: Ver.FOUND });
    await waitFor(() => rec.replies.length > 0);
    assert.equal(rec.replies[0]?.reply.op, Op.DELETE_REPLY);
    agent.abort('test over', ctx);
  });

  it('a retired NetMigrate source drops requests; a retired Rocksteady source bounces them with 0x80', () => {
    const { ctx, rec } = fakeContext(SRC_PORT);
    const counters = { retiredRequests: 0 };
    const nm = retiredShard('netmigrate', undefined, counters);
    const rs = retiredShard('rocksteady', Ver.BASELINE_RETRY, counters);
    const req = request({ op: Op.READ, seq: 1n, dbPort: SRC_PORT, bitmap: 1, ver: 0, key: 1 });
    assert.equal(nm.onRequest(req, ctx), 'handled');
    assert.equal(rec.replies.length, 0);
    rs.onRequest(req, ctx);
    const r = rec.replies[0]?.reply;
    assert.equal(r && 'ver' in r ? r.ver : 0, Ver.BASELINE_RETRY);
    assert.equal(counters.retiredRequests, 2);
  });
});

describe('migration rate control', () => {
  it('a pairs/s cap spreads MIGRATE packets over time', async () => {
    const rate = new RateControl({ pairsPerSec: 2000, burstMs: 1 });
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) await rate.admit(21, 1500);
    const ms = performance.now() - t0;
    assert.ok(ms >= 90, `210 pairs at 2000/s took ${ms.toFixed(1)} ms`);
  });
});

describe('Fulva destination', () => {
  it('pulls a sample of the double reads it defers to the source and announces the pulled keys', async () => {
    const { ctx, rec } = fakeContext(DST_PORT);
    const agent = createFulvaDestination({ sampleEvery: 2, metadataIntervalMs: 0, pull: { batchTimeoutMs: 1 } });
    agent.start(ctx);
    agent.onControl(initMessage() as never, PEER_FRAME, ctx);
    for (const key of [11, 12, 13, 14]) {
      agent.onRequest(
        request({ op: Op.READ, seq: BigInt(key), dbPort: DST_PORT, bitmap: 1, ver: Ver.DOUBLE_READ, key }),
        ctx,
      );
    }
    const deferred = rec.replies.map((r) => ('ver' in r.reply ? r.reply.ver : 0));
    assert.ok(
      deferred.every((v) => (v & Ver.RETRY_LATER) !== 0),
      'each double read is left to the source',
    );
    await waitFor(() => rec.sent.some((s) => s.msg.op === Op.MULTI_READ));
    const pull = rec.sent.find((s) => s.msg.op === Op.MULTI_READ)?.msg as MultiReadRequest;
    assert.deepEqual(pull.keys.slice(0, 2), [12, 14], 'one in two sampled');
    agent.onReply({
      op: Op.MULTI_READ_REPLY,
      seq: pull.seq,
      dbPort: DST_PORT,
      bitmap: 3,
      vers: [0, 0, 0, 0],
      values: [],
    });
    await tick(5);
    agent.onRequest(request({ op: Op.WRITE, seq: 99n, dbPort: DST_PORT, bitmap: 1, key: 5, value: value(1) }), ctx);
    const last = rec.replies.at(-1);
    assert.ok(last?.trailer !== undefined);
    const t = last.trailer;
    assert.equal(t[t.length - 10], Ver.FULVA_SPH);
    assert.equal(t[t.length - 9], 2);
  });
});
