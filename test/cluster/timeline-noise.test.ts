import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClientRecord } from '../../cluster/run-record.js';
import { SampledCounters } from '../../cluster/timeline.js';

const client = (samples: ClientRecord['samples']): ClientRecord =>
  ({ clientId: 0, results: { history: [] }, samples }) as unknown as ClientRecord;

describe("the clients' sampled noise counters", () => {
  it('frames per datagram over an interval is the ratio of the increases, summed over clients', () => {
    const c = new SampledCounters([
      client([
        { atMs: 0, counters: { framesOut: 0, datagramsOut: 0, gcPauseMs: 0 } },
        { atMs: 1000, counters: { framesOut: 160, datagramsOut: 10, gcPauseMs: 4 } },
      ]),
      client([
        { atMs: 0, counters: { framesOut: 0, datagramsOut: 0, gcPauseMs: 0 } },
        { atMs: 1000, counters: { framesOut: 320, datagramsOut: 10, gcPauseMs: 6 } },
      ]),
    ]);
    assert.equal(c.ratio(0, 1000, 'framesOut', 'datagramsOut'), 24);
    assert.equal(c.delta(0, 1000, 'gcPauseMs'), 10);
    // Nothing sent in the interval: no ratio.
    assert.equal(c.ratio(1000, 2000, 'framesOut', 'datagramsOut'), null);
  });

  it('no samples: null, not zero', () => {
    const c = new SampledCounters([client(undefined)]);
    assert.equal(c.ratio(0, 1000, 'framesIn', 'datagramsIn'), null);
    assert.equal(c.delta(0, 1000, 'gcPauseMs'), null);
  });
});
