import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../cluster/experiment-config.js';
import {
  axisPoints,
  falsePositiveBound,
  filterBytes,
  filterSizePoints,
  GRID_AXES,
  protocolsFor,
} from '../../cluster/grid-axes.js';

/** The bound in %, to the digits paper Table 2 prints. */
const pct = (size: { bf: number; cbf: number }, digits: number) =>
  (100 * falsePositiveBound(size, 2 ** 17, 4)).toFixed(digits);

describe('grid axes', () => {
  it("reproduces paper Table 2's false-positive bounds at 2^17 groups and 4 threads", () => {
    const rows = Object.fromEntries(filterSizePoints(17, false).map((p) => [p.label, p.size]));
    const at = (label: string) => rows[label] as { bf: number; cbf: number };
    assert.equal(pct(at('32 b/group, CBF 128 B'), 3), '0.038');
    assert.equal(pct(at('32 b/group, CBF 64 B'), 2), '0.26');
    assert.equal(pct(at('32 b/group, CBF 32 B'), 2), '2.42');
    assert.equal(pct(at('32 b/group, CBF 16 B'), 1), '16.0');
    assert.equal(pct(at('16 b/group, CBF 64 B'), 2), '0.48');
    assert.equal(pct(at('8 b/group, CBF 64 B'), 2), '2.63');
    assert.equal(pct(at('4 b/group, CBF 64 B'), 1), '16.2');
    assert.equal(pct(at('2 b/group, CBF 64 B'), 1), '56.0');
    assert.equal(pct(at('1 b/group, CBF 64 B'), 1), '92.9');
    // The last row is the artifact's committed program: 4 x 2^15 bits, 4 x 16 counters.
    assert.deepEqual(at('1 b/group, CBF 64 B'), { bf: 15, cbf: 4 });
    assert.deepEqual(filterBytes(at('32 b/group, CBF 64 B')), { bf: 512 * 1024, cbf: 64 });
  });

  it('scales the sizes to the group count and never makes the CBF index wider than the BF index', () => {
    for (const g of [2, 4, 6, 12, 17])
      for (const quick of [true, false])
        for (const p of filterSizePoints(g, quick)) {
          assert.ok(p.size.bf >= 1 && p.size.cbf <= p.size.bf, `${g} ${p.label}`);
          assert.ok(Number.isInteger(p.size.bf) && Number.isInteger(p.size.cbf));
        }
    assert.deepEqual(filterSizePoints(12, false)[0]?.size, { bf: 15, cbf: 13 });
  });

  it('each axis changes its setting and nothing else; filter sizes run NetMigrate alone', () => {
    const base = { ...DEFAULT_CONFIG };
    const workloads = axisPoints('write-ratio', base, false).map((p) => p.apply(base).workload);
    assert.deepEqual(workloads, ['w0', 'w5', 'w10', 'w20', 'w30']);
    assert.deepEqual(
      axisPoints('capacity', base, false).map((p) => p.apply(base).capacity),
      [100, 70, 40],
    );
    const f = axisPoints('filter-size', base, true)[1];
    assert.deepEqual(f?.apply(base).filterBits, f?.filter);
    assert.equal(f?.apply(base).records, base.records);
    assert.deepEqual(protocolsFor('filter-size'), ['netmigrate']);
    for (const axis of GRID_AXES) {
      const slugs = axisPoints(axis, base, false).map((p) => p.slug);
      assert.equal(new Set(slugs).size, slugs.length, `${axis}: distinct folders`);
    }
  });
});
