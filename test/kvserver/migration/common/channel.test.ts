// The reliable channel's resend wait (channel.ts): it adapts to the round trips it measures,
// so a peer that answers late but surely is not flooded with resends, and Karn's back-off
// lets it learn a round trip longer than the first wait (otherwise every message would be
// resent, no reply would count as a sample, and the wait would never grow). Loss still
// recovers. Replies come from timers here: the checks compare counts, not durations.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReliableChannel } from '../../../../kvserver/migration/common/channel.js';
import type { MgMessage } from '../../../../wire/message.js';
import { Op } from '../../../../wire/ops.js';

/** A channel whose peer answers every copy after `delayMs`, and drops the copies `lose` says. */
function peer(delayMs: number, lose: (msg: MgMessage, copy: number) => boolean = () => false) {
  const copies = new Map<bigint, number>();
  const channel: ReliableChannel = new ReliableChannel(
    (msg) => {
      const n = (copies.get(msg.seq) ?? 0) + 1;
      copies.set(msg.seq, n);
      if (!lose(msg, n))
        setTimeout(() => channel.onReply({ op: Op.GROUP_START_REPLY, seq: msg.seq, dbPort: 1 }), delayMs);
      return true;
    },
    64,
    { timeoutMs: 5, maxTimeoutMs: 2000, maxAttempts: 25 },
  );
  const send = () =>
    channel.request({ op: Op.GROUP_START, seq: channel.nextSeq(), dbPort: 1, groupId: 1, threadId: 0 }, 1);
  return { channel, send };
}

describe('reliable channel resend wait', () => {
  it('stops resending to a peer that answers later than the first wait, once it measured it', async () => {
    const { channel, send } = peer(40);
    for (let i = 0; i < 10; i++) assert.equal((await send()).ok, true);
    const early = channel.counters.retransmits;
    assert.ok(early >= 1, 'the first message is resent: 40 ms is past the 5 ms first wait');
    for (let i = 0; i < 20; i++) assert.equal((await send()).ok, true);
    assert.equal(channel.counters.retransmits, early, 'no resend once the wait covers the round trip');
    assert.ok(channel.firstTimeoutMs >= 40);
  });

  it('learns the round trip of a burst sent at once, each resent at most once', async () => {
    const { channel, send } = peer(30);
    const burst = await Promise.all(Array.from({ length: 200 }, () => send()));
    assert.ok(burst.every((r) => r.ok));
    // Without Karn's back-off every copy would go out every 5, 10, 20 ms until answered.
    assert.ok(channel.counters.retransmits <= 200, `${channel.counters.retransmits} resends`);
    const after = channel.counters.retransmits;
    await Promise.all(Array.from({ length: 200 }, () => send()));
    assert.equal(channel.counters.retransmits, after);
  });

  it('still recovers lost messages after adapting', async () => {
    const { channel, send } = peer(2, (msg, copy) => msg.seq % 3n === 0n && copy === 1);
    const results = await Promise.all(Array.from({ length: 30 }, () => send()));
    assert.ok(results.every((r) => r.ok));
    assert.ok(channel.counters.retransmits >= 10);
  });
});
