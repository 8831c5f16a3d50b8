import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type HistoryOp, NO_RESPONSE } from '../../client/history.js';
import { batchLatencies } from '../../cluster/batch-latency.js';

const read = (invoke: number, response: number): HistoryOp => ({ kind: 'read', key: 1, tag: null, invoke, response });

describe("the artifact's 200-request batch latency", () => {
  it('times a batch from its first send to its last reply, in issue order, per client', () => {
    // 400 ops, one every ms, each answered 2 ms later except one slow reply in the second batch.
    const ops = Array.from({ length: 400 }, (_, i) => read(i, i === 250 ? 600 : i + 2));
    const r = batchLatencies([[...ops].reverse()], 0, 1000, 200);
    assert.equal(r.batches, 2);
    // First batch: sends 0..199, last reply 201. Second: sends 200..399, slow reply at 600.
    assert.equal(r.p50Ms, 201);
    assert.equal(r.p99Ms, 400);
  });

  it('keeps only batches whose first send is inside the window, and whole batches only', () => {
    const ops = Array.from({ length: 450 }, (_, i) => read(i, i + 1));
    assert.equal(batchLatencies([ops], 200, 1000, 200).batches, 1);
    assert.equal(batchLatencies([ops], 0, 100, 200).batches, 1);
  });

  it('leaves out a batch holding an unanswered request, and reports none when no batch is whole', () => {
    const ops = Array.from({ length: 200 }, (_, i) => read(i, i === 7 ? NO_RESPONSE : i + 1));
    assert.deepEqual(batchLatencies([ops], 0, 1000, 200), { batches: 0, p50Ms: null, p99Ms: null });
  });

  it('clients are batched apart (their operations interleave in time)', () => {
    const a = Array.from({ length: 200 }, (_, i) => read(2 * i, 2 * i + 1));
    const b = Array.from({ length: 200 }, (_, i) => read(2 * i + 1, 2 * i + 2));
    const r = batchLatencies([a, b], 0, 1000, 200);
    assert.equal(r.batches, 2);
    assert.equal(r.p50Ms, 399);
  });
});
