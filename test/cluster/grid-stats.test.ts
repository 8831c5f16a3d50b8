import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../../cluster/experiment-config.js';
import { configAt } from '../../cluster/grid.js';
import {
  percentOver,
  rankByMedian,
  rankingsPerRepetition,
  rankTiers,
  separation,
  spreadOf,
  tiersText,
} from '../../cluster/grid-stats.js';

describe('grid statistics', () => {
  it('the median of an odd count is the middle value, of an even count the mean of the two middle ones', () => {
    assert.deepEqual(spreadOf([3, 1, 2]), { n: 3, median: 2, min: 1, max: 3 });
    assert.deepEqual(spreadOf([4, 1, 3, 2]), { n: 4, median: 2.5, min: 1, max: 4 });
  });

  it('missing and non-finite values do not count', () => {
    assert.deepEqual(spreadOf([null, undefined, Number.NaN, 5]), { n: 1, median: 5, min: 5, max: 5 });
    assert.deepEqual(spreadOf([]), { n: 0, median: null, min: null, max: null });
  });

  it('a negative zero counts as zero, so the order of the values does not change the spread', () => {
    assert.deepEqual(spreadOf([-0, 0]), spreadOf([0, -0]));
    assert.ok(Object.is(spreadOf([-0, 0]).min, 0) && Object.is(spreadOf([0, -0]).max, 0));
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

  it('groups names whose ranges overlap into one tier, in median order', () => {
    const e = (name: string, xs: number[]) => ({ name, spread: spreadOf(xs) });
    const tiers = rankTiers([e('d', [1, 2]), e('b', [10, 14]), e('a', [13, 20]), e('c', [5, 6])], 'higher');
    assert.deepEqual(tiers, [['a', 'b'], ['c'], ['d']]);
    assert.equal(tiersText(tiers), 'a ≈ b > c > d');
    // Lower is better: the order flips, the tiers stay.
    assert.equal(tiersText(rankTiers([e('x', [1, 3]), e('y', [2, 4]), e('z', [9, 9.5])], 'lower')), 'x ≈ y > z');
    // One repetition measures no noise: every name is a tier of its own.
    assert.equal(tiersText(rankTiers([e('x', [1]), e('y', [1.1])], 'higher')), 'y > x');
  });

  it('every tier is a run of the median order, and adjacent tiers are separate', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 2, maxLength: 4 }), {
          minLength: 1,
          maxLength: 6,
        }),
        (valueLists) => {
          const entries = valueLists.map((xs, i) => ({ name: `p${i}`, spread: spreadOf(xs) }));
          const tiers = rankTiers(entries, 'higher');
          assert.deepEqual(tiers.flat(), rankByMedian(entries, 'higher'));
          const spreadOfName = new Map(entries.map((x) => [x.name, x.spread]));
          for (let i = 1; i < tiers.length; i++) {
            const last = spreadOfName.get(tiers[i - 1]?.at(-1) as string);
            const first = spreadOfName.get(tiers[i]?.[0] as string);
            assert.equal(separation(last as never, first as never), 'separate');
          }
        },
      ),
    );
  });

  it('relative differences', () => {
    assert.equal(percentOver(131.9, 100)?.toFixed(1), '31.9');
    assert.equal(percentOver(null, 100), null);
    assert.equal(percentOver(1, 0), null);
  });
});

describe('grid repetitions and seeds', () => {
  const point = { label: 'as configured', slug: 'runs', apply: (c: ExperimentConfig) => c };
  it('repetition r runs with seed + r, or with the seed itself under --same-seed', () => {
    const base = { ...DEFAULT_CONFIG, seed: 7 };
    assert.deepEqual(
      [0, 1, 2].map((r) => configAt(base, point, 'fulva', r, '/tmp/g').seed),
      [7, 8, 9],
    );
    assert.deepEqual(
      [0, 1, 2].map((r) => configAt(base, point, 'fulva', r, '/tmp/g', true).seed),
      [7, 7, 7],
    );
    // Each repetition keeps its own results folder either way.
    assert.notEqual(
      configAt(base, point, 'fulva', 0, '/tmp/g', true).out,
      configAt(base, point, 'fulva', 1, '/tmp/g', true).out,
    );
  });
});
