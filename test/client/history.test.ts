// The client's history in typed columns (client/history.ts): what `ops` gives back must be, row
// for row, the objects the checker used to receive, whatever the mix of operations and however
// often the columns grow.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { History, type HistoryOp, NO_RESPONSE } from '../../client/history.js';
import { makeValue, PRELOAD_WRITER, valueTag, writeTag } from '../../wire/records.js';

type Step =
  | { kind: 'write'; key: number; writer: number; seq: number; invoke: number; response: number }
  | { kind: 'delete'; key: number; invoke: number; response: number }
  | { kind: 'read'; key: number; value: Uint8Array | undefined; invoke: number; response: number };

const time = fc.double({ min: 0, max: 1e13, noNaN: true });
const key = fc.nat({ max: 0xffffffff });
const writer = fc.oneof(fc.nat({ max: 1000 }), fc.constant(PRELOAD_WRITER));
const seq = fc.oneof(fc.nat({ max: 1_000_000 }), fc.nat({ max: Number.MAX_SAFE_INTEGER }));

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('write' as const),
    key,
    writer,
    seq,
    invoke: time,
    response: fc.oneof(time, fc.constant(NO_RESPONSE)),
  }),
  fc.record({ kind: fc.constant('delete' as const), key, invoke: time, response: time }),
  fc
    .record({
      kind: fc.constant('read' as const),
      key,
      // A value written for this key, another key's value, garbage, or nothing found.
      source: fc.oneof(
        fc.tuple(writer, seq).map(([w, s]) => ({ w, s, otherKey: false, junk: undefined })),
        fc.tuple(writer, seq).map(([w, s]) => ({ w, s, otherKey: true, junk: undefined })),
        fc.uint8Array({ minLength: 0, maxLength: 40 }).map((junk) => ({ w: 0, s: 0, otherKey: false, junk })),
        fc.constant(undefined),
      ),
      invoke: time,
      response: time,
    })
    .map(({ key: k, source, invoke, response }) => ({
      kind: 'read' as const,
      key: k,
      value:
        source === undefined
          ? undefined
          : (source.junk ?? makeValue(64, source.w, source.s, source.otherKey ? (k + 1) >>> 0 : k)),
      invoke,
      response,
    })),
);

/** What the history held when each operation was an object of its own. */
function expected(s: Step): HistoryOp {
  if (s.kind === 'write')
    return { kind: 'write', key: s.key, tag: writeTag(s.writer, s.seq), invoke: s.invoke, response: s.response };
  if (s.kind === 'delete') return { kind: 'delete', key: s.key, invoke: s.invoke, response: s.response };
  const tag = s.value === undefined ? null : valueTag(s.value, s.key);
  return { kind: 'read', key: s.key, tag, invoke: s.invoke, response: s.response };
}

function record(h: History, s: Step): void {
  if (s.kind === 'write') h.write(s.key, s.writer, s.seq, s.invoke, s.response);
  else if (s.kind === 'delete') h.delete(s.key, s.invoke, s.response);
  else h.read(s.key, s.value, s.invoke, s.response);
}

test('ops gives back every operation as its object, in order', () => {
  fc.assert(
    fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
      const h = new History();
      for (const s of steps) record(h, s);
      assert.equal(h.length, steps.length);
      assert.deepEqual(h.ops, steps.map(expected));
    }),
  );
});

test('the columns grow past their first size and keep every row', () => {
  const h = new History();
  const n = 10_000;
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0) h.write(i, 1, i, i, i + 0.5);
    else h.read(i, i % 3 === 1 ? makeValue(64, 2, i, i) : undefined, i, i + 0.25);
  }
  const ops = h.ops;
  assert.equal(ops.length, n);
  assert.deepEqual(ops[0], { kind: 'write', key: 0, tag: '1:0', invoke: 0, response: 0.5 });
  assert.deepEqual(ops[9_997], { kind: 'read', key: 9_997, tag: '2:9997', invoke: 9_997, response: 9_997.25 });
  assert.deepEqual(ops[9_998], { kind: 'read', key: 9_998, tag: null, invoke: 9_998, response: 9_998.25 });
  assert.deepEqual(ops[9_999], { kind: 'write', key: 9_999, tag: '1:9999', invoke: 9_999, response: 9_999.5 });
});

test('a disabled history records nothing', () => {
  const h = new History(false);
  h.write(1, 1, 1, 0, 1);
  h.read(1, undefined, 0, 1);
  h.delete(1, 0, 1);
  assert.equal(h.length, 0);
  assert.deepEqual(h.ops, []);
});
