// The shared pieces of the migration agents (docs/netmigrate.md §9): group plans, the reliable
// control channel, the destination's guard against lost updates and priority pulls, each
// checked on its own (no sockets).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ReliableChannel } from '../../../kvserver/migration/common/channel.js';
import { GuardedStore } from '../../../kvserver/migration/common/destination-store.js';
import { planGroups } from '../../../kvserver/migration/common/group-plan.js';
import { SIDE_CHANNEL_BASE } from '../../../kvserver/migration/common/peer.js';
import { PriorityPuller } from '../../../kvserver/migration/common/puller.js';
import { KvDict } from '../../../kvserver/store/dict.js';
import type { MgMessage, MultiReadRequest } from '../../../wire/message.js';
import { Op, Ver } from '../../../wire/ops.js';
import { initFor, tick, value, waitFor } from './fixtures/fake-context.js';

const SRC_PORT = 6380;
const DST_PORT = 7380;

const _initMessage = (seq = 1n): MgMessage => initFor(SRC_PORT, DST_PORT, seq);

describe('group plan', () => {
  it('group_bits is min(size_exp, 17) and the threads split the groups evenly', () => {
    const p = planGroups(20, 4);
    assert.equal(p.groupBits, 17);
    assert.equal(p.remainExp, 3);
    assert.deepEqual(p.threads, [
      { first: 0, end: 32768 },
      { first: 32768, end: 65536 },
      { first: 65536, end: 98304 },
      { first: 98304, end: 131072 },
    ]);
    assert.equal(planGroups(9, 4).remainExp, 0);
  });
});

describe('reliable control channel', () => {
  it('a message is resent with back-off until the reply with its seq arrives, then never again', async () => {
    const sends: number[] = [];
    const ch = new ReliableChannel(() => sends.push(performance.now()) > 0, 16, {
      timeoutMs: 5,
      maxTimeoutMs: 40,
      maxAttempts: 10,
    });
    const msg: MgMessage = { op: Op.GROUP_START, seq: ch.nextSeq(), dbPort: 1, groupId: 3, threadId: 0 };
    const result = ch.request(msg, 0xbe80);
    await tick(40);
    // Waits of 5, 10, 20 ms: at most 4 sends in 40 ms (9 without back-off; a busy machine only sends fewer).
    assert.ok(sends.length <= 4, `${sends.length} sends in 40 ms`);
    await waitFor(() => sends.length >= 3);
    assert.ok((sends[2] as number) - (sends[0] as number) >= 14, 'the second wait is longer than the first');
    assert.equal(
      ch.onReply({ op: Op.GROUP_START_REPLY, seq: msg.seq + 1n, dbPort: 1 }),
      false,
      'another seq does not answer it',
    );
    assert.equal(ch.onReply({ op: Op.GROUP_START_REPLY, seq: msg.seq, dbPort: 1 }), true);
    const r = await result;
    assert.ok(r.ok);
    const n = sends.length;
    await tick(60);
    assert.equal(sends.length, n);
    assert.equal(
      ch.onReply({ op: Op.GROUP_START_REPLY, seq: msg.seq, dbPort: 1 }),
      false,
      'a duplicate reply is stray',
    );
  });

  it('a message nobody answers fails after the bound instead of hanging', async () => {
    const ch = new ReliableChannel(() => true, 16, { timeoutMs: 1, maxTimeoutMs: 2, maxAttempts: 4 });
    const r = await ch.request({ op: Op.TERMINATE_REPLY, seq: ch.nextSeq(), dbPort: 1 }, 1);
    assert.deepEqual({ ok: r.ok, attempts: r.attempts }, { ok: false, attempts: 4 });
    assert.equal(ch.counters.failures, 1);
  });
});

describe('destination guard (no lost updates)', () => {
  it('a migrated value never overwrites a client write made at the destination', () => {
    const dict = new KvDict();
    const g = new GuardedStore(dict);
    g.clientWrote(7);
    dict.set(7, value(2));
    assert.equal(g.applySource(7, value(1), 5n), false);
    assert.deepEqual(dict.get(7), value(2));
  });

  it('a deleted key stays deleted when its older migrated value arrives (tombstone)', () => {
    const dict = new KvDict();
    const g = new GuardedStore(dict);
    g.clientWrote(8);
    dict.delete(8);
    g.applySource(8, value(1), 5n);
    assert.equal(dict.has(8), false);
    assert.equal(g.knowledge(8, false), 'absent');
  });

  it('applySourceFrom (a packed MIGRATE record in place) decides and stores as applySource does', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('source', 'client'),
            fc.integer({ min: 0, max: 6 }),
            fc.integer({ min: 1, max: 30 }),
            fc.integer({ min: 0, max: 255 }),
          ),
          { maxLength: 60 },
        ),
        (events) => {
          const pairs = [new KvDict(), new KvDict()].map((d) => ({ dict: d, guard: new GuardedStore(d) }));
          const [byValue, byRecord] = pairs as [(typeof pairs)[0], (typeof pairs)[0]];
          for (const [kind, key, version, fill] of events) {
            if (kind === 'client') {
              for (const p of pairs) {
                p.guard.clientWrote(key);
                p.dict.set(key, value(fill));
              }
              continue;
            }
            const record = new Uint8Array(4 + 16 + 3).fill(0x5a);
            record.set(value(fill), 4);
            const a = byValue.guard.applySource(key, value(fill), BigInt(version));
            const b = byRecord.guard.applySourceFrom(key, record, 4, 16, BigInt(version));
            assert.equal(b, a);
          }
          for (let k = 0; k <= 6; k++) assert.deepEqual(byRecord.dict.get(k), byValue.dict.get(k));
          assert.equal(byRecord.guard.skippedOlder, byValue.guard.skippedOlder);
          assert.equal(byRecord.guard.skippedClientNewer, byValue.guard.skippedClientNewer);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('of two source values of a key the one read later wins, whatever the arrival order', () => {
    const dict = new KvDict();
    const g = new GuardedStore(dict);
    assert.ok(g.applySource(9, value(2), 10n));
    assert.equal(g.applySource(9, value(1), 4n), false);
    assert.deepEqual(dict.get(9), value(2));
  });
});

describe('priority pull', () => {
  function harness(options = {}) {
    const sent: MultiReadRequest[] = [];
    const ch = new ReliableChannel((m) => sent.push(m as MultiReadRequest) > 0, 16, { timeoutMs: 10_000 });
    const absent: number[] = [];
    const puller = new PriorityPuller(
      ch,
      SRC_PORT,
      SIDE_CHANNEL_BASE,
      (_keys, lacking) => absent.push(...lacking),
      options,
    );
    return { sent, ch, absent, puller };
  }

  it('a key asked twice is pulled once, and a partial batch leaves on the timer', async () => {
    const { sent, puller } = harness({ batchKeys: 16, batchTimeoutMs: 3 });
    puller.request(1);
    puller.request(1);
    puller.request(2);
    assert.equal(sent.length, 0, 'nothing waits for the batch synchronously');
    await waitFor(() => sent.length > 0);
    await tick(5);
    assert.equal(sent.length, 1);
    assert.deepEqual(sent[0]?.keys, [1, 2]);
    assert.equal(puller.keysRequested, 2);
  });

  it('a full batch leaves at once, four keys a packet, and idle() waits for every answer', async () => {
    const { sent, ch, absent, puller } = harness({ batchKeys: 8, batchTimeoutMs: 1000 });
    for (let k = 10; k < 18; k++) puller.request(k);
    assert.equal(sent.length, 2);
    let idle = false;
    const waiting = puller.idle().then(() => {
      idle = true;
    });
    for (const m of sent) {
      ch.onReply({
        op: Op.MULTI_READ_REPLY,
        seq: m.seq,
        dbPort: DST_PORT,
        bitmap: m.bitmap,
        vers: [Ver.FOUND, 0, Ver.FOUND, 0],
        values: [],
      });
      await tick();
    }
    await waiting;
    assert.ok(idle);
    assert.deepEqual(absent, [11, 13, 15, 17]);
  });
});
