import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkHistory } from '../../client/check.js';
import type { HistoryOp } from '../../client/history.js';
import { finalStates } from '../../cluster/audit.js';
import { preloadHistory } from '../../cluster/preload-audit.js';
import { preloadTag, recordKey } from '../../wire/records.js';

const read = (key: number, tag: string | null, t: number): HistoryOp => ({
  kind: 'read',
  key,
  tag,
  invoke: t,
  response: t + 1,
});

describe('the preload as history', () => {
  it('gives each touched preloaded key its preloaded write before every client operation, and nothing else', () => {
    const ops: HistoryOp[] = [
      read(recordKey(3), preloadTag(3), 100),
      read(recordKey(3), preloadTag(3), 102),
      { kind: 'write', key: recordKey(7), tag: '0:1', invoke: 103, response: 104 },
      // An insert beyond the preloaded records has no initial value.
      { kind: 'write', key: recordKey(50), tag: '0:2', invoke: 105, response: 106 },
    ];
    const pre = preloadHistory(10, ops, 50);
    assert.deepEqual(pre, [
      { kind: 'write', key: recordKey(3), tag: preloadTag(3), invoke: 50, response: 50 },
      { kind: 'write', key: recordKey(7), tag: preloadTag(7), invoke: 50, response: 50 },
    ]);
    assert.equal(checkHistory([...pre, ...ops]).ok, true);
  });

  it('without it a read of a preloaded value is rejected, so the checker really uses it', () => {
    const ops = [read(recordKey(3), preloadTag(3), 100)];
    assert.equal(checkHistory(ops).ok, false);
    assert.equal(checkHistory([...preloadHistory(10, ops, 50), ...ops]).ok, true);
    // A read of "absent" for a preloaded key is a lost record.
    const absent = [read(recordKey(4), null, 100)];
    assert.equal(checkHistory([...preloadHistory(10, absent, 50), ...absent]).ok, false);
  });

  it('the final state of a preloaded key not overwritten is its preloaded value', () => {
    const ops = [read(recordKey(3), preloadTag(3), 100)];
    const s = finalStates([...preloadHistory(10, ops, 50), ...ops]).get(recordKey(3));
    assert.deepEqual(s, { tags: new Set([preloadTag(3)]), absentAllowed: false });
  });
});
