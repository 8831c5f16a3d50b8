import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { RttEstimator } from '../../client/rtt-estimator.js';

describe('RTT estimator (adaptive retransmission timeout)', () => {
  it('starts at its floor and stays there while round trips are short', () => {
    const e = new RttEstimator(50, 1000);
    assert.equal(e.timeoutMs, 50);
    for (let i = 0; i < 20; i++) e.sample(1);
    assert.equal(e.timeoutMs, 50);
    assert.ok((e.smoothedRttMs ?? 0) > 0.9 && (e.smoothedRttMs ?? 0) < 1.1);
  });

  it('grows past a round trip longer than the floor (first sample: RTT + 4 × RTT/2)', () => {
    const e = new RttEstimator(50, 1000);
    e.sample(80);
    assert.equal(e.timeoutMs, 80 + 4 * 40);
  });

  it('backs off by doubling up to the ceiling, and a sample brings it back', () => {
    const e = new RttEstimator(50, 300);
    e.backOff();
    assert.equal(e.timeoutMs, 100);
    e.backOff();
    e.backOff();
    assert.equal(e.timeoutMs, 300);
    e.sample(2);
    assert.equal(e.timeoutMs, 50);
  });

  it('ignores samples that are not round trips', () => {
    const e = new RttEstimator(50, 1000);
    e.sample(Number.NaN);
    e.sample(-1);
    e.sample(Number.POSITIVE_INFINITY);
    assert.equal(e.smoothedRttMs, undefined);
    assert.equal(e.timeoutMs, 50);
  });

  it('the timeout stays within [floor, ceiling] and, after steady round trips R, covers R', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 100, max: 5000 }),
        fc.array(fc.double({ min: 0, max: 10_000, noNaN: true }), { maxLength: 50 }),
        fc.double({ min: 0, max: 10_000, noNaN: true }),
        (floor, ceiling, noise, steady) => {
          const e = new RttEstimator(floor, ceiling);
          for (const r of noise) {
            e.sample(r);
            assert.ok(e.timeoutMs >= floor && e.timeoutMs <= ceiling);
          }
          for (let i = 0; i < 200; i++) e.sample(steady);
          assert.ok(e.timeoutMs >= Math.min(ceiling, steady));
          assert.ok(e.timeoutMs >= floor && e.timeoutMs <= ceiling);
        },
      ),
    );
  });
});
