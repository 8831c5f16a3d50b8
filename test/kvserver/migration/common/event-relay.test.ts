// Migration events on their way to the orchestrator (event-relay.ts): group transitions are
// coalesced into 'groups' messages that keep each transition's time, everything else goes at
// once and after the transitions held before it, so the receiver sees them in order.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandGroupEvents, relayMigrationEvents } from '../../../../kvserver/migration/common/event-relay.js';
import { MigrationEvents, newCounters } from '../../../../kvserver/migration/common/progress.js';

describe('migration event relay', () => {
  it('sends group transitions as one message, before the event that follows them', () => {
    const events = new MigrationEvents();
    const sent: Record<string, unknown>[] = [];
    relayMigrationEvents(events, (m) => sent.push(m), 60_000);
    events.emit('started', { protocol: 'netmigrate', sizeExp: 4, remainExp: 2, groupCount: 4, threads: 2 });
    events.emit('group-started', { group: 0, thread: 0 });
    events.emit('group-started', { group: 2, thread: 1 });
    events.emit('group-completed', { group: 0, thread: 0 });
    assert.equal(sent.length, 1, 'transitions are held');
    events.emit('finished', { protocol: 'netmigrate', durationMs: 5, counters: newCounters() });
    assert.deepEqual(
      sent.map((m) => m.type),
      ['started', 'groups', 'finished'],
    );
    const groups = sent[1] as Record<string, unknown>;
    const expanded = expandGroupEvents(groups, 1000);
    assert.deepEqual(expanded.map((e) => [e.kind, e.group, e.thread]).sort(), [
      ['group-completed', 0, 0],
      ['group-started', 0, 0],
      ['group-started', 2, 1],
    ]);
    for (const e of expanded) assert.ok(e.atMs <= 1000 && e.atMs > 0);
  });

  it('flushes held transitions on a timer', async () => {
    const events = new MigrationEvents();
    const sent: Record<string, unknown>[] = [];
    relayMigrationEvents(events, (m) => sent.push(m), 5);
    events.emit('group-completed', { group: 7, thread: 3 });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(sent.length, 1);
    assert.deepEqual(
      expandGroupEvents(sent[0] as Record<string, unknown>, 100).map((e) => e.group),
      [7],
    );
  });

  it('ignores malformed messages', () => {
    assert.deepEqual(expandGroupEvents({ started: 'x', completed: [1, 2] }, 10), []);
  });
});
