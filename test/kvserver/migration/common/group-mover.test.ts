// The source's migration threads and their shared MIGRATE frames (group-mover.ts), driven
// against a real dictionary and a real reliable channel whose peer answers on a later turn:
// §9's order per group, every pair sent once, frames packed across groups, the window held,
// every frame's seq taken before any of its values was read, and the 'auto' thread count.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ReliableChannel } from '../../../../kvserver/migration/common/channel.js';
import {
  AUTO_BUSY_MAX_THREADS,
  AUTO_MAX_THREADS,
  autoThreads,
  type GroupMoverHost,
  MAX_THREADS,
  MigratePacker,
  parseThreads,
  runMigrationThread,
} from '../../../../kvserver/migration/common/group-mover.js';
import {
  AUTO_KEYS_MAX_GROUP_RUN,
  AUTO_MAX_GROUP_RUN,
  AUTO_RUN_FRAMES,
  autoGroupRun,
  parseGroupRun,
  planGroups,
} from '../../../../kvserver/migration/common/group-plan.js';
import { MigrationEvents, newCounters } from '../../../../kvserver/migration/common/progress.js';
import { RateControl } from '../../../../kvserver/migration/common/rate.js';
import { KvDict } from '../../../../kvserver/store/dict.js';
import { migratePairs } from '../../../../wire/codec.js';
import { groupOfKey } from '../../../../wire/key-hash.js';
import type { MgMessage, MigrateMessage } from '../../../../wire/message.js';
import { Op } from '../../../../wire/ops.js';

const VALUE_BYTES = 16;
const MAX_PAIRS = 21;

interface Trace {
  /** Every message as first sent, in order. */
  sent: MgMessage[];
  /**
   * Per key: the highest seq handed out by the end of the synchronous section that read its
   * value (no write can be applied before then, so a frame's seq may be taken up to there).
   */
  seqAtRead: Map<number, bigint>;
  maxMigrateInFlight: number;
  groupsCompleted: number[];
  sizeExp: number;
  run: number;
}

/** Moves every group of a dictionary of `keys` keys with `threads` threads; resolves with what went out. */
async function move(
  keys: number,
  sizeExp: number,
  groupBits: number,
  threads: number,
  window: number,
  crowded = false,
  run = 1,
): Promise<Trace> {
  const store = new KvDict({ initialSizeExp: sizeExp, valueBytes: VALUE_BYTES });
  // Crowded: the table may not grow, so buckets hold more keys than a frame carries.
  if (crowded) store.freeze();
  for (let k = 0; k < keys; k++) store.set(k * 7919 + 1, new Uint8Array(VALUE_BYTES).fill(k & 0xff));
  const exp = store.freeze();
  const plan = planGroups(exp, threads, groupBits, run);
  const trace: Trace = {
    sent: [],
    seqAtRead: new Map(),
    maxMigrateInFlight: 0,
    groupsCompleted: [],
    sizeExp: exp,
    run: plan.run,
  };
  let lastSeq = 0n;
  let migrateInFlight = 0;
  // The peer: every message answered on a later turn (once; the channel only resends when late).
  const channel: ReliableChannel = new ReliableChannel(
    (msg) => {
      if (!trace.sent.some((m) => m.seq === msg.seq)) trace.sent.push(msg);
      if (msg.op === Op.MIGRATE) trace.maxMigrateInFlight = Math.max(trace.maxMigrateInFlight, ++migrateInFlight);
      setImmediate(() => {
        if (msg.op === Op.MIGRATE) migrateInFlight--;
        channel.onReply({ op: (msg.op + 1) as typeof Op.MIGRATE_REPLY, seq: msg.seq, dbPort: msg.dbPort });
      });
      return true;
    },
    VALUE_BYTES,
    { timeoutMs: 10_000, maxTimeoutMs: 10_000 },
  );
  const nextSeq = channel.nextSeq.bind(channel);
  channel.nextSeq = () => {
    lastSeq = nextSeq();
    return lastSeq;
  };
  const scan = store.scan.bind(store);
  store.scan = (cursor, end, max) => {
    const r = scan(cursor, end, max);
    queueMicrotask(() => {
      for (const p of r.pairs) trace.seqAtRead.set(p.key, lastSeq);
    });
    return r;
  };
  const scanInto = store.scanInto.bind(store);
  store.scanInto = (cursor, end, room, out, offset, valueBytes) => {
    const r = scanInto(cursor, end, room, out, offset, valueBytes);
    const read = migratePairs(
      { op: Op.MIGRATE, seq: 0n, dbPort: 0, pairs: [], packed: { count: r.count, bytes: out.subarray(offset) } },
      valueBytes,
    ).map((p) => p.key);
    queueMicrotask(() => {
      for (const key of read) trace.seqAtRead.set(key, lastSeq);
    });
    return r;
  };
  const events = new MigrationEvents();
  events.on('group-completed', (e) => trace.groupsCompleted.push(e.group));
  const host: GroupMoverHost = {
    plan,
    channel,
    rate: new RateControl(),
    counters: newCounters(),
    events,
    store,
    dbPort: 7380,
    valueBytes: VALUE_BYTES,
    maxPairs: MAX_PAIRS,
    window,
    portOf: (t) => 0xbe80 + t,
    must: async (msg, port) => {
      const r = await channel.request(msg, port);
      if (!r.ok) throw new Error(`unanswered ${msg.seq}`);
      return r.reply;
    },
    markStarted: () => {},
    pendingForwards: () => undefined,
  };
  const packer = new MigratePacker(host);
  await Promise.all(plan.threads.map((_, t) => runMigrationThread(host, packer, t)));
  return trace;
}

/** Every check of one move: order per group, each pair once, full frames, the seq rule. */
function assertMoved(trace: Trace, keys: number, groupCount: number, window: number, crowded = false): void {
  const startAt = new Map<number, number>();
  const completeAt = new Map<number, number>();
  const frameOfKey = new Map<number, number>();
  const keyGroup = (key: number) => groupOfKey(key, trace.sizeExp, trace.sizeExp - Math.log2(groupCount));
  trace.sent.forEach((m, i) => {
    // A transition covers its run: every group of it, each named once over the whole move.
    if (m.op === Op.GROUP_START || m.op === Op.GROUP_COMPLETE) {
      const at = m.op === Op.GROUP_START ? startAt : completeAt;
      assert.ok((m.groupCount ?? 1) <= trace.run, `a run of ${m.groupCount} > ${trace.run}`);
      for (let g = m.groupId; g < m.groupId + (m.groupCount ?? 1); g++) {
        assert.equal(at.has(g), false, `group ${g} named twice`);
        at.set(g, i);
      }
    }
    if (m.op === Op.MIGRATE) {
      const pairs = migratePairs(m, VALUE_BYTES);
      assert.ok(pairs.length >= 1 && pairs.length <= MAX_PAIRS);
      for (const p of pairs) {
        assert.equal(frameOfKey.has(p.key), false, `key ${p.key} sent twice`);
        frameOfKey.set(p.key, i);
        // §9: a key leaves only after its group's START was sent (and, below, answered first).
        const g = keyGroup(p.key);
        assert.ok((startAt.get(g) ?? Infinity) < i, `key ${p.key} of group ${g} sent before its START`);
        // The frame's seq was handed out before (or when) this value was read.
        assert.ok(m.seq <= (trace.seqAtRead.get(p.key) as bigint), `frame ${m.seq} opened after key ${p.key} was read`);
      }
    }
  });
  assert.equal(frameOfKey.size, keys);
  assert.equal(startAt.size, groupCount, 'every group started, empty ones too');
  assert.equal(completeAt.size, groupCount, 'every group completed, empty ones too');
  assert.equal(trace.groupsCompleted.length, groupCount);
  for (const [g, s] of startAt) assert.ok(s < (completeAt.get(g) as number));
  // §9: a group's COMPLETE leaves after every frame that carries one of its keys.
  for (const [key, at] of frameOfKey) assert.ok(at < (completeAt.get(keyGroup(key)) as number), `key ${key}`);
  // Frames are shared: far fewer than one per non-empty group when groups hold few keys.
  const frames = trace.sent.filter((m) => m.op === Op.MIGRATE).length;
  assert.ok(frames >= Math.ceil(keys / MAX_PAIRS));
  // A bucket longer than a frame is read whole into as many frames as it takes, beyond the
  // window if need be (a crowded table's exception; a grown one has about a key per bucket).
  const slack = crowded ? Math.ceil(keys / MAX_PAIRS) : 0;
  assert.ok(trace.maxMigrateInFlight <= window + 1 + slack, `window ${window}, ${trace.maxMigrateInFlight} in flight`);
}

describe('migration threads with shared MIGRATE frames', () => {
  it('moves 2^10 small groups with 255 threads in about one frame per 21 pairs', async () => {
    const trace = await move(3000, 10, 10, 255, 16);
    assertMoved(trace, 3000, 1024, 16);
    const frames = trace.sent.filter((m) => m.op === Op.MIGRATE).length;
    // One frame per non-empty group would be ~1000; packed, ~143 plus partly filled ones.
    assert.ok(frames < 400, `${frames} MIGRATE frames`);
  });

  it('spreads a bucket longer than a frame over several frames, and packs whole buckets otherwise', async () => {
    // 4 buckets of about 50 keys each: every bucket is longer than a 21-pair frame.
    const trace = await move(200, 2, 2, 2, 4, true);
    assertMoved(trace, 200, 4, 4, true);
  });

  it('keeps the order and the seq rule for any keys, groups, threads, window and run', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 1, max: 9 }),
        async (keys, groupBits, threads, window, sizeExp, run) => {
          // Small tables are crowded (frozen before the load): buckets of several keys, some
          // longer than a frame.
          const bits = Math.min(groupBits, sizeExp);
          const trace = await move(keys, sizeExp, bits, threads, window, sizeExp < 8, run);
          assertMoved(trace, keys, 2 ** bits, window, sizeExp < 8);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('moves 2^12 groups in runs of 16: one START and one COMPLETE per run', async () => {
    const trace = await move(5000, 12, 12, 8, 16, false, 16);
    assertMoved(trace, 5000, 4096, 16);
    const starts = trace.sent.filter((m) => m.op === Op.GROUP_START);
    assert.equal(starts.length, 4096 / 16);
    assert.ok(starts.every((m) => m.op === Op.GROUP_START && m.groupCount === 16 && m.groupId % 16 === 0));
    assert.equal(trace.sent.filter((m) => m.op === Op.GROUP_COMPLETE).length, 4096 / 16);
  });
});

describe("'auto' migration threads", () => {
  it('takes many threads for small groups and few for large ones, within 4..64 and the group count', () => {
    assert.equal(autoThreads(2 ** 17, 1_000_000, 21), AUTO_MAX_THREADS);
    assert.equal(autoThreads(4096, 20_000, 21), AUTO_MAX_THREADS);
    assert.equal(autoThreads(16_384, 1_000_000, 21), AUTO_MAX_THREADS);
    assert.equal(autoThreads(4096, 2_000_000, 21), 9);
    assert.equal(autoThreads(4096, 1_000_000, 21), 17);
    assert.equal(autoThreads(4096, 100_000_000, 21), 4);
    assert.equal(autoThreads(16, 1_000_000, 21), 4);
    assert.equal(autoThreads(2, 10, 21), 2);
    assert.equal(autoThreads(1, 0, 21), 1);
  });

  it('takes at most AUTO_BUSY_MAX_THREADS when the clients are busy, and no more than it would otherwise', () => {
    assert.equal(autoThreads(2 ** 17, 1_000_000, 21, 64, true), AUTO_BUSY_MAX_THREADS);
    assert.ok(AUTO_BUSY_MAX_THREADS < AUTO_MAX_THREADS);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 17 }), fc.integer({ min: 0, max: 10_000_000 }), (bits, keys) => {
        const busy = autoThreads(2 ** bits, keys, 21, 64, true);
        const idle = autoThreads(2 ** bits, keys, 21, 64, false);
        assert.ok(busy <= idle && busy <= AUTO_BUSY_MAX_THREADS && busy >= Math.min(4, 2 ** bits));
      }),
    );
  });

  it('parses auto and 1..255, nothing else', () => {
    assert.equal(parseThreads('auto'), 'auto');
    assert.equal(parseThreads('7'), 7);
    assert.equal(parseThreads(MAX_THREADS), 255);
    for (const bad of ['0', '256', '1.5', '', 'x', -1]) assert.equal(parseThreads(bad), undefined, String(bad));
  });
});

describe("'auto' group runs", () => {
  it("holds about a 2^12-group table's group: 2^(bits − 12), 1 to AUTO_MAX_GROUP_RUN", () => {
    assert.deepEqual(
      [0, 10, 12, 13, 14, 16, 17, 20].map((bits) => autoGroupRun(bits)),
      [1, 1, 1, 2, 4, 16, 32, 32],
    );
    assert.equal(AUTO_MAX_GROUP_RUN, 32);
  });

  it('holds at least AUTO_RUN_FRAMES frames of keys given the keys per group, at most AUTO_KEYS_MAX_GROUP_RUN', () => {
    // 200,000 keys in 2^12 groups, 21 pairs a frame: 49 keys a group, runs of 4 (196 keys).
    assert.equal(autoGroupRun(12, 200_000 / 4096, 21), 4);
    assert.equal(AUTO_RUN_FRAMES * 21 <= 4 * (200_000 / 4096), true);
    // Groups of a few keys: capped at the switch's default recirculation bound.
    assert.equal(autoGroupRun(12, 1, 21), AUTO_KEYS_MAX_GROUP_RUN);
    assert.equal(autoGroupRun(12, 0, 21), AUTO_KEYS_MAX_GROUP_RUN);
    // Never more groups than the table has, never fewer than the group-bits rule.
    assert.equal(autoGroupRun(2, 1, 21), 4);
    assert.equal(autoGroupRun(17, 1, 21), AUTO_MAX_GROUP_RUN);
    assert.equal(autoGroupRun(14, 10_000, 21), 4);
    // Groups that fill the frames already: runs of one.
    assert.equal(autoGroupRun(12, 1000, 21), 1);
  });

  it('parses auto and 1..255, nothing else', () => {
    assert.equal(parseGroupRun('auto'), 'auto');
    assert.equal(parseGroupRun('16'), 16);
    assert.equal(parseGroupRun(255), 255);
    for (const bad of ['0', '256', '2.5', '', 'x', -3]) assert.equal(parseGroupRun(bad), undefined, String(bad));
  });
});

describe('when a sealed MIGRATE leaves', () => {
  /** A packer over a store of 100 keys whose host records, synchronously, every message it is asked to send. */
  function packerWith(rate: RateControl) {
    const store = new KvDict({ initialSizeExp: 4, valueBytes: VALUE_BYTES });
    for (let k = 0; k < 100; k++) store.set(k, new Uint8Array(VALUE_BYTES).fill(k));
    store.freeze();
    const sent: MgMessage[] = [];
    const channel = new ReliableChannel(() => true, VALUE_BYTES);
    const host: GroupMoverHost = {
      plan: planGroups(store.sizeExp, 1, 0, 1),
      channel,
      rate,
      counters: newCounters(),
      events: new MigrationEvents(),
      store,
      dbPort: 7380,
      valueBytes: VALUE_BYTES,
      maxPairs: MAX_PAIRS,
      window: 8,
      portOf: (t) => 0xbe80 + t,
      must: (msg) => {
        sent.push(msg);
        return new Promise<MgMessage>(() => {});
      },
      markStarted: () => {},
      pendingForwards: () => undefined,
    };
    return { packer: new MigratePacker(host), sent, store };
  }

  it('uncapped: in the synchronous section that filled it (not after the turn’s other scans)', () => {
    const { packer, sent, store } = packerWith(new RateControl());
    const frames = new Set<Promise<void>>();
    let cursor = 0;
    while (sent.length === 0 && cursor < store.bucketCount)
      cursor = packer.scan(cursor, store.bucketCount, 0xbe80, frames);
    assert.equal(sent.length, 1);
    // Sealed full, or when the next bucket did not fit what was left of it.
    assert.ok(migratePairs(sent[0] as MigrateMessage, VALUE_BYTES).length > MAX_PAIRS / 2);
  });

  it('capped: only once the rate limiter admits it', async () => {
    const { packer, sent, store } = packerWith(new RateControl({ pairsPerSec: 1e6 }));
    const frames = new Set<Promise<void>>();
    let cursor = 0;
    for (let i = 0; i < 3 && cursor < store.bucketCount; i++)
      cursor = packer.scan(cursor, store.bucketCount, 0xbe80, frames);
    assert.equal(sent.length, 0);
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(sent.length >= 1);
  });
});
