// The capped server's rules (kvserver/capacity.ts): FIFO at `rate`, work-conserving (a late
// timer loses no capacity), a queue bounded by waiting time, and idle capacity kept only up to
// a burst. A fake clock makes the rules exact; one test runs the real timer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_TRACKER_OPTIONS } from '../../client/tracker.js';
import { type CapacityClock, CLIENT_RETRY_BUDGET_MS, ServiceCapacity } from '../../kvserver/capacity.js';

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
