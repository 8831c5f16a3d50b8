import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { percentOver, rankByMedian, rankingsPerRepetition, separation, spreadOf } from '../../cluster/grid-stats.js';

describe('grid statistics', () => {
  it('the median of an odd count is the middle value, of an even count the mean of the two middle ones', () => {
    assert.deepEqual(spreadOf([3, 1, 2]), { n: 3, median: 2, min: 1, max: 3 });
    assert.deepEqual(spreadOf([4, 1, 3, 2]), { n: 4, median: 2.5, min: 1, max: 4 });
  });

  it('missing and non-finite values do not count', () => {
    assert.deepEqual(spreadOf([null, undefined, Number.NaN, 5]), { n: 1, median: 5, min: 5, max: 5 });
    assert.deepEqual(spreadOf([]), { n: 0, median: null, min: null, max: null });
  });

  it('the median always lies within the spread, whatever the order of the values', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 20 }), (xs) => {
        const s = spreadOf(xs);
        assert.equal(s.n, xs.length);
        assert.ok((s.min as number) <= (s.median as number) && (s.median as number) <= (s.max as number));
        assert.deepEqual(spreadOf([...xs].reverse()), s);
      }),
    );
  });

  it('overlapping ranges are within the spread, disjoint ones separate, one repetition says nothing', () => {
    assert.equal(separation(spreadOf([10, 12, 14]), spreadOf([13, 15, 16])), 'within-spread');
    assert.equal(separation(spreadOf([10, 12, 14]), spreadOf([15, 16, 18])), 'separate');
    assert.equal(separation(spreadOf([10]), spreadOf([20, 30])), 'single');
  });

  it('separation is symmetric', () => {
    const arr = fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 0, maxLength: 5 });
    fc.assert(
      fc.property(arr, arr, (a, b) => {
        assert.equal(separation(spreadOf(a), spreadOf(b)), separation(spreadOf(b), spreadOf(a)));
      }),
    );
  });

  it('ranks by median, best first, missing medians last', () => {
    const entries = [
      { name: 'a', spread: spreadOf([5]) },
      { name: 'b', spread: spreadOf([9]) },
      { name: 'c', spread: spreadOf([]) },
      { name: 'd', spread: spreadOf([7]) },
    ];
    assert.deepEqual(rankByMedian(entries, 'higher'), ['b', 'd', 'a', 'c']);
    assert.deepEqual(rankByMedian(entries, 'lower'), ['a', 'd', 'b', 'c']);
  });

  it('ranks each repetition on its own', () => {
    assert.deepEqual(rankingsPerRepetition({ x: [1, 9], y: [5, 2] }, 'higher'), [
      ['y', 'x'],
      ['x', 'y'],
    ]);
  });

  it('relative differences', () => {
    assert.equal(percentOver(131.9, 100)?.toFixed(1), '31.9');
    assert.equal(percentOver(null, 100), null);
    assert.equal(percentOver(1, 0), null);
  });
});
