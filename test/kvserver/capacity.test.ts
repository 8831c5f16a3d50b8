// The capped server's rules (kvserver/capacity.ts): FIFO at `rate`, work-conserving (a late
// timer loses no capacity), a queue bounded by waiting time, and idle capacity kept only up to
// a burst; the migration's work charged to the same budget at its share. A fake clock makes the
// rules exact; one test runs the real timer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_TRACKER_OPTIONS } from '../../client/tracker.js';
import {
  type CapacityClock,
  CLIENT_RETRY_BUDGET_MS,
  MIGRATED_PAIR_COST,
  MIGRATION_DATAGRAM_COST,
  migrationWork,
  ServiceCapacity,
} from '../../kvserver/capacity.js';

/** Time moves only by advance(); timers due by then fire then (late, as a busy event loop fires them). */
class FakeClock implements CapacityClock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;
  now(): number {
    return this.t;
  }
  setTimer(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimer(handle: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== handle);
  }
  advance(to: number): void {
    this.t = to;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= to);
      if (due.length === 0) return;
      this.timers = this.timers.filter((x) => x.at > to);
      for (const x of due) x.fn();
    }
  }
}

describe('service capacity', () => {
  it('an unlimited cap runs work at once', () => {
    const c = ServiceCapacity.unlimited();
    let ran = 0;
    for (let i = 0; i < 1000; i++) c.submit(() => ran++);
    assert.equal(ran, 1000);
  });

  it('the clients give up after CLIENT_RETRY_BUDGET_MS (kept in step with the tracker)', () => {
    const o = DEFAULT_TRACKER_OPTIONS;
    let budget = 0;
    for (let i = 0; i < o.maxAttempts; i++) budget += Math.min(o.timeoutMs * 2 ** i, o.maxTimeoutMs);
    assert.equal(CLIENT_RETRY_BUDGET_MS, budget);
    assert.equal(new ServiceCapacity(100).maxWaitMs, budget);
  });

  it('serves at rate in arrival order on the real timer', async () => {
    const c = new ServiceCapacity(2000, 10_000, 1);
    const order: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < 300; i++) c.submit(() => order.push(i));
    assert.ok(order.length <= 3, `${order.length} ran at once`);
    // Drained by the queue's own timer; the hang guard only stops a queue that never drains.
    const guard = performance.now() + 30_000;
    while (order.length < 300 && performance.now() < guard) await new Promise((r) => setTimeout(r, 5));
    assert.equal(order.length, 300, 'the queue drained (hang guard)');
    const ms = performance.now() - t0;
    c.close();
    assert.ok(ms >= 130, `300 requests at 2000/s took only ${ms.toFixed(1)} ms`);
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
  });

  it('a timer that fires late loses no capacity: every request whose turn has come runs', () => {
    const clock = new FakeClock();
    const c = new ServiceCapacity(1000, 10_000, 1, clock); // 1 ms per request
    let ran = 0;
    for (let i = 0; i < 100; i++) c.submit(() => ran++);
    assert.equal(ran, 1);
    clock.advance(50); // the event loop was busy for 50 ms: 50 more turns have come
    assert.equal(ran, 51);
    clock.advance(99);
    assert.equal(ran, 100);
    assert.equal(c.counters.admitted, 100);
    assert.equal(c.counters.dropped, 0);
  });

  it('refuses on arrival a request that would wait longer than maxWaitMs, spending nothing on it', () => {
    const clock = new FakeClock();
    const c = new ServiceCapacity(1000, 10, 1, clock);
    let ran = 0;
    const accepted = Array.from({ length: 30 }, () => c.submit(() => ran++)).filter(Boolean).length;
    assert.equal(accepted, 11, 'one at once and ten that wait 1-10 ms');
    assert.equal(c.counters.dropped, 19);
    assert.equal(c.counters.maxWaitMs, 10);
    clock.advance(10);
    assert.equal(ran, 11);
    // The refused requests took no capacity: the next one waits one request's time.
    assert.ok(c.submit(() => ran++));
    clock.advance(11);
    assert.equal(ran, 12);
  });

  it('keeps idle capacity only up to the burst', () => {
    const clock = new FakeClock();
    const c = new ServiceCapacity(1000, 10_000, 5, clock);
    clock.advance(100);
    let ran = 0;
    for (let i = 0; i < 10; i++) c.submit(() => ran++);
    assert.equal(ran, 5, 'a 5 ms burst at 1 ms per request');
    clock.advance(105);
    assert.equal(ran, 10);
  });

  it('take() succeeds only when the server is free and nobody waits', () => {
    const clock = new FakeClock();
    const c = new ServiceCapacity(1000, 10_000, 1, clock);
    assert.ok(c.take());
    assert.ok(!c.take(), 'the 1 ms burst is spent');
    c.submit(() => {});
    clock.advance(0.5);
    assert.ok(!c.take(), 'a request waits');
    clock.advance(3);
    assert.ok(c.take());
  });

  it('property: FIFO, never above rate × time + burst, no admitted request waits beyond maxWaitMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 5000 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 20, noNaN: true }), fc.integer({ min: 1, max: 20 })), {
          minLength: 1,
          maxLength: 40,
        }),
        (rate, maxWait, steps) => {
          const clock = new FakeClock();
          const burstMs = 2;
          const c = new ServiceCapacity(rate, maxWait, burstMs, clock);
          const ran: { id: number; at: number; submitted: number }[] = [];
          let id = 0;
          let t = 0;
          for (const [gap, count] of steps) {
            t += gap;
            clock.advance(t);
            for (let i = 0; i < count; i++) {
              const me = id++;
              const submitted = t;
              c.submit(() => ran.push({ id: me, at: clock.now(), submitted }));
            }
          }
          clock.advance(t + maxWait + 1);
          const ids = ran.map((r) => r.id);
          assert.deepEqual(
            ids,
            [...ids].sort((a, b) => a - b),
          );
          assert.equal(c.counters.admitted, ran.length);
          assert.equal(c.counters.admitted + c.counters.dropped, id);
          assert.ok(c.counters.maxWaitMs <= maxWait);
          for (const r of ran) {
            const served = ran.filter((x) => x.at <= r.at).length;
            assert.ok(served <= (r.at * rate) / 1000 + Math.max(burstMs, 1000 / rate) * (rate / 1000) + 1);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('service capacity: the migration shares the capped server', () => {
  /**
   * Runs the migration as a thread would: charge a piece, wait what it is told, do it, repeat
   * until `until`; returns when each piece was done (the last may be after `until`).
   */
  function migrate(c: ServiceCapacity, clock: FakeClock, pieces: number, work: number, until: number): number[] {
    const doneAt: number[] = [];
    let next = clock.now();
    for (let i = 0; i < pieces && next <= until; i++) {
      clock.advance(Math.max(clock.now(), next));
      next = clock.now() + c.chargeMigration(work);
      doneAt.push(next);
    }
    return doneAt.filter((t) => t <= until);
  }

  it('an uncapped server never makes the migration wait and counts nothing', () => {
    const c = ServiceCapacity.unlimited();
    for (let i = 0; i < 100; i++) assert.equal(c.chargeMigration(migrationWork(65)), 0);
    assert.equal(c.counters.migrationWork, 0);
  });

  it('a frame costs its datagram plus its pairs', () => {
    assert.equal(migrationWork(0), MIGRATION_DATAGRAM_COST);
    assert.equal(migrationWork(21), MIGRATION_DATAGRAM_COST + 21 * MIGRATED_PAIR_COST);
  });

  it("while clients wait the migration gets its share: one request's worth per 1/(rate × share) s", () => {
    const clock = new FakeClock();
    const c = new ServiceCapacity(1000, 100_000, 1, clock, 0.5); // 1 ms per request
    for (let i = 0; i < 10_000; i++) c.submit(() => {}); // a queue that lasts 10 s
    // 10 requests' worth a piece: 10 ms of server time, 20 ms of the migration's clock at half.
    const doneAt = migrate(c, clock, 1000, 10, 1000);
    assert.equal(doneAt.length, 51, 'one piece at once, then one per 20 ms for 1 s (the first burst: 1 ms early)');
  });

  it('with no client the migration may use the whole server', () => {
    const clock = new FakeClock();
    const c = new ServiceCapacity(1000, 100_000, 1, clock, 0.5);
    const doneAt = migrate(c, clock, 1000, 10, 1000);
    assert.equal(doneAt.length, 101, 'one piece per 10 ms for 1 s');
  });

  it('what the migration uses, waiting clients lose: each is served that much later', () => {
    const clock = new FakeClock();
    const c = new ServiceCapacity(1000, 100_000, 1, clock);
    const ranAt: number[] = [];
    for (let i = 0; i < 10; i++) c.submit(() => ranAt.push(clock.now()));
    assert.equal(ranAt.length, 1);
    assert.equal(c.chargeMigration(5), 0, 'the migration does not queue behind the clients');
    for (let t = 1; t <= 30; t++) clock.advance(t);
    // Without the charge the nine waiting requests run at 1..9 ms; with it at 6..14 ms.
    assert.deepEqual(ranAt, [0, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    // A request arriving now waits behind both.
    c.submit(() => ranAt.push(clock.now()));
    assert.equal(ranAt.length, 11, 'the server is idle again at 30 ms');
  });

  it('refuses a share outside (0, 1]', () => {
    assert.throws(() => new ServiceCapacity(1000, 10, 1, new FakeClock(), 0), RangeError);
    assert.throws(() => new ServiceCapacity(1000, 10, 1, new FakeClock(), 1.5), RangeError);
  });

  it('property: clients and migration together never exceed rate × time + bursts; the migration never more than its share while clients wait', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 5000 }),
        fc.double({ min: 0.1, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0.5, max: 30, noNaN: true }),
        (rate, share, clients, work) => {
          const clock = new FakeClock();
          const c = new ServiceCapacity(rate, 1e9, 2, clock, share);
          const cost = 1000 / rate;
          let served = 0;
          // Closed loop: each client sends its next request when its answer comes.
          const send = () =>
            c.submit(() => {
              served++;
              send();
            });
          for (let i = 0; i < clients; i++) send();
          const end = 2000;
          const doneAt = migrate(c, clock, 1e6, work, end);
          clock.advance(end);
          const migrated = doneAt.length * work;
          const budget = end / cost + (2 * Math.max(2, cost)) / cost + work + 1;
          assert.ok(served + migrated <= budget, `served ${served} + migrated ${migrated} > ${budget}`);
          // The clients always wait here, so the migration keeps to its share (plus one piece and a burst).
          assert.ok(migrated <= (end / cost) * share + 2 * work + Math.max(2, cost) / cost + 1, `migrated ${migrated}`);
        },
      ),
      { numRuns: 100 },
    );
  });
});
