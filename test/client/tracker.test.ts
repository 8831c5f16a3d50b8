import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RequestOutcome } from '../../client/tracker.js';
import { RequestTracker } from '../../client/tracker.js';
import type { ClientReply, ClientRequest } from '../../wire/index.js';
import { Op, Ver } from '../../wire/index.js';

const read = (seq: bigint, key = 1): ClientRequest => ({ op: Op.READ, seq, dbPort: 6380, bitmap: 1, ver: 0, key });
const readReply = (seq: bigint, ver: number, fill: number): ClientReply => ({
  op: Op.READ_REPLY,
  seq,
  dbPort: 6380,
  bitmap: 1,
  ver,
  value: new Uint8Array(64).fill(fill),
});

function harness(options = {}) {
  const sent: ClientRequest[] = [];
  const outcomes: RequestOutcome[] = [];
  const tracker = new RequestTracker((m) => sent.push(m), {
    timeoutMs: 20,
    maxTimeoutMs: 80,
    retryLaterMs: 5,
    ...options,
  });
  const submit = (m: ClientRequest) => tracker.submit(m, (o) => outcomes.push(o));
  return { sent, outcomes, tracker, submit };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `cond` holds (timing-independent on a loaded machine). */
async function until(cond: () => boolean, limitMs = 3000): Promise<void> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > limitMs) throw new Error('condition not reached');
    await sleep(2);
  }
}

describe('request tracker', () => {
  it('replies are matched by seq, in any order', () => {
    const h = harness();
    h.submit(read(1n));
    h.submit(read(2n));
    h.tracker.onReply(readReply(2n, Ver.FOUND, 2));
    h.tracker.onReply(readReply(1n, Ver.FOUND, 1));
    assert.equal(h.outcomes.length, 2);
    const [a, b] = h.outcomes;
    assert.ok(a?.ok && b?.ok);
    assert.equal(a.slots[0]?.value?.[0], 2);
    assert.equal(b.slots[0]?.value?.[0], 1);
    h.tracker.close();
  });

  it('a reply for no outstanding request is counted as stale and ignored', () => {
    const h = harness();
    h.tracker.onReply(readReply(99n, Ver.FOUND, 1));
    assert.equal(h.tracker.counters.staleReplies, 1);
    assert.equal(h.outcomes.length, 0);
  });

  it('a double read waits for both replies and prefers the destination value', () => {
    const h = harness();
    h.submit(read(1n));
    h.tracker.onReply(readReply(1n, Ver.DOUBLE_READ | Ver.FOUND, 1));
    assert.equal(h.outcomes.length, 0, 'one reply of a double read is not enough');
    h.tracker.onReply(readReply(1n, Ver.DOUBLE_READ | Ver.FROM_DESTINATION | Ver.FOUND, 2));
    const o = h.outcomes[0];
    assert.ok(o?.ok);
    assert.equal(o.slots[0]?.value?.[0], 2);
    assert.ok(o.slots[0]?.doubleRead && o.slots[0]?.fromDestination);
    assert.equal(h.tracker.counters.doubleReads, 1);
    h.tracker.close();
  });

  it('a double read takes the source value when the destination says retry-later', () => {
    const h = harness();
    h.submit(read(1n));
    h.tracker.onReply(readReply(1n, Ver.DOUBLE_READ | Ver.FROM_DESTINATION | Ver.RETRY_LATER, 0xff));
    h.tracker.onReply(readReply(1n, Ver.DOUBLE_READ | Ver.FOUND, 1));
    const o = h.outcomes[0];
    assert.ok(o?.ok);
    assert.equal(o.slots[0]?.found, true);
    assert.equal(o.slots[0]?.value?.[0], 1);
    assert.equal(o.slots[0]?.fromDestination, false);
    h.tracker.close();
  });

  it('a double read where the destination authoritatively lacks the key reads absent (a newer delete wins)', () => {
    const h = harness();
    h.submit(read(1n));
    h.tracker.onReply(readReply(1n, Ver.DOUBLE_READ | Ver.FOUND, 1));
    h.tracker.onReply(readReply(1n, Ver.DOUBLE_READ | Ver.FROM_DESTINATION, 0xff));
    const o = h.outcomes[0];
    assert.ok(o?.ok);
    assert.equal(o.slots[0]?.found, false);
    h.tracker.close();
  });

  it('a retry-later reply re-asks after a delay, then completes', async () => {
    const h = harness({ timeoutMs: 2000 });
    h.submit(read(1n));
    h.tracker.onReply(readReply(1n, Ver.FROM_DESTINATION | Ver.RETRY_LATER, 0xff));
    assert.equal(h.outcomes.length, 0);
    assert.equal(h.sent.length, 1);
    const t0 = performance.now();
    await until(() => h.sent.length === 2);
    assert.ok(performance.now() - t0 >= 4, 're-asked only after the delay');
    h.tracker.onReply(readReply(1n, Ver.FROM_DESTINATION | Ver.FOUND, 4));
    assert.ok(h.outcomes[0]?.ok);
    assert.equal(h.tracker.counters.retryLater, 1);
    assert.equal(h.tracker.counters.resends, 0);
  });

  it('a lost request is resent with back-off, then fails after maxAttempts', async () => {
    const h = harness({ maxAttempts: 3 });
    h.submit(read(1n));
    const t0 = performance.now();
    while (h.outcomes.length === 0 && performance.now() - t0 < 2000) await sleep(5);
    const o = h.outcomes[0];
    assert.ok(o !== undefined && !o.ok);
    assert.equal(o.reason, 'timeout');
    assert.equal(h.sent.length, 3);
    assert.equal(h.tracker.counters.timeouts, 3);
    assert.equal(h.tracker.counters.resends, 2);
    assert.equal(h.tracker.counters.failures, 1);
    // 20 ms, then 40, then 80: backed off, not three quick resends.
    assert.ok(performance.now() - t0 >= 120);
  });

  it('a double read missing its second reply is resent whole', async () => {
    const h = harness();
    h.submit(read(1n));
    h.tracker.onReply(readReply(1n, Ver.DOUBLE_READ | Ver.FOUND, 1));
    await until(() => h.sent.length >= 2);
    h.tracker.onReply(readReply(1n, Ver.DOUBLE_READ | Ver.FROM_DESTINATION | Ver.FOUND, 2));
    assert.equal(h.outcomes.length, 0, 'the first attempt reply was discarded with its attempt');
    h.tracker.onReply(readReply(1n, Ver.DOUBLE_READ | Ver.FOUND, 1));
    const o = h.outcomes[0];
    assert.ok(o?.ok);
    assert.equal(o.slots[0]?.value?.[0], 2);
  });

  it('a multi-read completes when every slot of its bitmap is answered, across replies', () => {
    const h = harness();
    h.submit({ op: Op.MULTI_READ, seq: 5n, dbPort: 6380, bitmap: 0b011, vers: [0, 0, 0, 0], keys: [1, 2, 0, 0] });
    const values = [1, 2, 3, 4].map((n) => new Uint8Array(64).fill(n));
    h.tracker.onReply({
      op: Op.MULTI_READ_REPLY,
      seq: 5n,
      dbPort: 6380,
      bitmap: 0b001,
      vers: [Ver.FOUND, 0, 0, 0],
      values,
    });
    assert.equal(h.outcomes.length, 0);
    h.tracker.onReply({ op: Op.MULTI_READ_REPLY, seq: 5n, dbPort: 6380, bitmap: 0b010, vers: [0, 0, 0, 0], values });
    const o = h.outcomes[0];
    assert.ok(o?.ok);
    assert.deepEqual(
      o.slots.map((s) => s.found),
      [true, false],
    );
    h.tracker.close();
  });

  it('a reply of the wrong kind for its seq is refused', () => {
    const h = harness();
    h.submit(read(1n));
    h.tracker.onReply({ op: Op.WRITE_REPLY, seq: 1n, dbPort: 6380, bitmap: 1, ver: Ver.FOUND });
    assert.equal(h.outcomes.length, 0);
    assert.equal(h.tracker.counters.mismatchedReplies, 1);
    h.tracker.abandonAll();
  });
});

describe('request tracker, retransmission timeout', () => {
  it('learns a round trip longer than its first timeout: late replies stop causing resends', () => {
    let now = 0;
    const sent: ClientRequest[] = [];
    const outcomes: RequestOutcome[] = [];
    // Replies always take 60 ms, three times the first timeout (a loaded machine).
    const tracker = new RequestTracker(
      (m) => sent.push(m),
      { timeoutMs: 20, maxTimeoutMs: 1000 },
      () => now,
    );
    const resendsOf: number[] = [];
    for (let i = 1n; i <= 10n; i++) {
      const before = tracker.counters.resends;
      tracker.submit(read(i), (o) => outcomes.push(o));
      now += 60;
      tracker.checkDeadlines();
      tracker.onReply(readReply(i, Ver.FOUND, Number(i)));
      resendsOf.push(tracker.counters.resends - before);
    }
    tracker.close();
    assert.equal(outcomes.length, 10);
    assert.ok(outcomes.every((o) => o.ok));
    // The first requests time out while the estimate is too short (their late replies are no
    // RTT samples, so the timeout backs off); once one is answered in time, none is resent.
    assert.deepEqual(resendsOf.slice(3), [0, 0, 0, 0, 0, 0, 0]);
    assert.ok(tracker.retransmitTimeoutMs > 60);
  });

  it('a lost request is still resent after the floor timeout when round trips are short', () => {
    let now = 0;
    const sent: ClientRequest[] = [];
    const tracker = new RequestTracker(
      (m) => sent.push(m),
      { timeoutMs: 20, maxTimeoutMs: 1000 },
      () => now,
    );
    for (let i = 1n; i <= 5n; i++) {
      tracker.submit(read(i), () => {});
      now += 1;
      tracker.onReply(readReply(i, Ver.FOUND, 1));
    }
    tracker.submit(read(6n), () => {});
    now += 19;
    tracker.checkDeadlines();
    assert.equal(tracker.counters.resends, 0);
    now += 1;
    tracker.checkDeadlines();
    assert.equal(tracker.counters.resends, 1);
    assert.equal(sent.filter((m) => m.seq === 6n).length, 2);
    tracker.abandonAll();
  });
});
