// The source's client-activity meter (client-activity.ts): requests per second from a running
// total sampled every half second, on a clock the test drives.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUSY_CLIENT_REQUESTS_PER_SEC, ClientActivity } from '../../../../kvserver/migration/common/client-activity.js';

function meter() {
  let now = 0;
  let total = 0;
  const m = new ClientActivity(
    () => total,
    () => now,
  );
  return {
    m,
    advance(ms: number, requests: number, sampleEveryMs = 500) {
      // Requests spread evenly; the meter samples every half second as its timer would.
      for (let t = 0; t < ms; t += sampleEveryMs) {
        now += sampleEveryMs;
        total += (requests * sampleEveryMs) / ms;
        m.sample();
      }
    },
  };
}

describe('client activity', () => {
  it('reports the recent request rate and calls clients busy from the threshold up', () => {
    const a = meter();
    assert.equal(a.m.busy(), false);
    a.advance(2000, 4000);
    assert.equal(a.m.perSecond(), 2000);
    assert.equal(a.m.busy(), true);
    a.advance(2000, 2 * (BUSY_CLIENT_REQUESTS_PER_SEC - 10));
    assert.ok(a.m.perSecond() < BUSY_CLIENT_REQUESTS_PER_SEC);
    assert.equal(a.m.busy(), false);
    a.m.stop();
  });

  it('forgets a burst that ended more than a second ago', () => {
    const a = meter();
    a.advance(1000, 50_000);
    assert.equal(a.m.busy(), true);
    a.advance(1000, 0);
    assert.equal(a.m.perSecond(), 0);
    a.m.stop();
  });
});
