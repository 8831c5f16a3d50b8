// Migration control messages that no genuine source sends are refused without harm: the
// destination neither answers them nor sizes anything from them, and a genuine INIT after them
// still sets the migration up (docs/wire-format.md, INIT).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPlausibleGroupPlan } from '../../../kvserver/migration/common/destination-agent.js';
import { createNetMigrateDestination } from '../../../kvserver/migration/netmigrate.js';
import { Op } from '../../../wire/ops.js';
import { fakeContext, initFor, PEER_FRAME } from './fixtures/fake-context.js';

const SRC_PORT = 0xbe00;
const DST_PORT = 0xbe40;

describe('a destination given an implausible INIT', () => {
  for (const [sizeExp, remainExp] of [
    [33, 0],
    [40, 1],
    [255, 255],
    [20, 2], // 18 group bits: more than a source ever announces
    [4, 5], // remain_exp beyond size_exp
  ] as const) {
    it(`refuses size_exp ${sizeExp}, remain_exp ${remainExp} unanswered and stays usable`, () => {
      const { ctx, rec } = fakeContext(DST_PORT);
      const agent = createNetMigrateDestination({ pull: { batchTimeoutMs: 1 } });
      agent.start(ctx);
      const forged = { ...initFor(SRC_PORT, DST_PORT), sizeExp, remainExp };
      assert.equal(agent.onControl(forged as never, PEER_FRAME, ctx), true, 'consumed, not passed on');
      assert.equal(rec.sent.length, 0, 'no INIT_REPLY');
      assert.equal(agent.counters.rejectedControl, 1);
      assert.equal(agent.counters.groupCount, 0, 'nothing sized from it');
      agent.onControl(initFor(SRC_PORT, DST_PORT, 2n) as never, PEER_FRAME, ctx);
      assert.equal(agent.counters.groupCount, 16, 'the genuine INIT still sets up 16 groups');
      assert.equal(rec.sent.at(-1)?.msg.op, Op.INIT_REPLY);
      agent.abort();
    });
  }

  it('accepts every split a source can announce (up to 32 size bits, 17 group bits)', () => {
    for (let size = 0; size <= 32; size++)
      for (let groups = 0; groups <= Math.min(size, 17); groups++)
        assert.equal(isPlausibleGroupPlan(size, size - groups), true, `${size}/${size - groups}`);
  });
});
