import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkHistory, formatViolation } from '../../client/check.js';
import type { HistoryOp } from '../../client/history.js';
import { NO_RESPONSE } from '../../client/history.js';

const K = 1;
const w = (tag: string, invoke: number, response: number, key = K): HistoryOp => ({
  kind: 'write',
  key,
  tag,
  invoke,
  response,
});
const r = (tag: string | null, invoke: number, response: number, key = K): HistoryOp => ({
  kind: 'read',
  key,
  tag,
  invoke,
  response,
});
const d = (invoke: number, response: number, key = K): HistoryOp => ({ kind: 'delete', key, invoke, response });

function reasons(ops: HistoryOp[]): string[] {
  return checkHistory(ops).violations.map((v) => v.reason);
}

describe('linearizability checker', () => {
  it('a read of the last completed write is allowed', () => {
    assert.deepEqual(reasons([w('a', 0, 1), w('b', 2, 3), r('b', 4, 5)]), []);
  });

  it('a read of a value overwritten before the read began is flagged', () => {
    const res = checkHistory([w('a', 0, 1), w('b', 2, 3), r('a', 4, 5)]);
    assert.equal(res.ok, false);
    assert.equal(res.violations[0]?.reason, 'overwritten-before-read');
    assert.equal(res.violations[0]?.overwrittenBy?.kind, 'write');
    assert.match(formatViolation(res.violations[0] as never), /read of a .* overwritten-before-read/);
  });

  it('a read concurrent with an overwrite may return either value', () => {
    assert.deepEqual(reasons([w('a', 0, 1), w('b', 2, 6), r('a', 3, 5), r('b', 3, 5)]), []);
  });

  it('a read of a write that started after the read ended is flagged', () => {
    assert.deepEqual(reasons([r('a', 0, 1), w('a', 2, 3)]), ['written-after-read']);
  });

  it('a value nobody wrote is flagged', () => {
    assert.deepEqual(reasons([w('a', 0, 1), r('zzz', 2, 3)]), ['value-never-written']);
  });

  it('absent is allowed before any write completes, and flagged after one completed', () => {
    assert.deepEqual(reasons([r(null, 0, 1), w('a', 0.5, 3), r(null, 1, 2)]), []);
    assert.deepEqual(reasons([w('a', 0, 1), r(null, 2, 3)]), ['overwritten-before-read']);
  });

  it('absent is allowed after a completed delete, and a delete does not excuse an older value', () => {
    assert.deepEqual(reasons([w('a', 0, 1), d(2, 3), r(null, 4, 5)]), []);
    assert.deepEqual(reasons([w('a', 0, 1), d(2, 3), r('a', 4, 5)]), ['overwritten-before-read']);
  });

  it('a write without a response may take effect any time after it started', () => {
    assert.deepEqual(reasons([w('a', 0, 1), w('b', 2, NO_RESPONSE), r('b', 100, 101), r('a', 3, 4)]), []);
    // ... but not before it started.
    assert.deepEqual(reasons([w('b', 10, NO_RESPONSE), r('b', 0, 5)]), ['written-after-read']);
  });

  it('an unanswered write cannot certainly overwrite anything', () => {
    assert.deepEqual(reasons([w('a', 0, 1), w('b', 2, NO_RESPONSE), r('a', 50, 51)]), []);
  });

  it('keys are checked independently', () => {
    const ops = [w('a', 0, 1, 1), w('b', 0, 1, 2), r('a', 2, 3, 1), r('b', 2, 3, 2), r('a', 2, 3, 2)];
    const res = checkHistory(ops);
    assert.equal(res.keys, 2);
    assert.deepEqual(
      res.violations.map((v) => [v.key, v.reason]),
      [[2, 'value-never-written']],
    );
  });

  it('operations touching at one instant are not ordered (boundaries are concurrent)', () => {
    assert.deepEqual(reasons([w('a', 0, 1), w('b', 1, 2), r('a', 2, 3)]), []);
  });

  it('counts reads and writes', () => {
    const res = checkHistory([w('a', 0, 1), r('a', 2, 3), r('a', 4, 5), d(6, 7)]);
    assert.equal(res.reads, 2);
    assert.equal(res.writes, 2);
    assert.ok(res.ok);
  });
});
