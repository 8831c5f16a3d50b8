import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { auditStore, preload } from '../../kvserver/preload.js';
import { KvDict } from '../../kvserver/store/index.js';
import { fillPreloadValue, makeValue, preloadTag, recordKey, valueTag } from '../../wire/records.js';

const VALUE_BYTES = 64;

function loaded(records: number): KvDict {
  const d = new KvDict({ valueBytes: VALUE_BYTES });
  preload(d, 0, records, VALUE_BYTES);
  return d;
}

describe('server-side preload', () => {
  it("stores each record's key with the value the checker expects (the preload writer's tag for that record)", () => {
    const d = loaded(1000);
    assert.equal(d.count, 1000);
    for (const r of [0, 1, 500, 999]) {
      const v = d.get(recordKey(r));
      assert.ok(v !== undefined);
      assert.equal(valueTag(v, recordKey(r)), preloadTag(r));
    }
    assert.equal(d.get(recordKey(1000)), undefined);
  });

  it('sizes the table once for the whole load', () => {
    const d = loaded(5000);
    assert.equal(d.sizeExp, 13);
    assert.equal(d.rehashes, 1);
  });
});

describe('store audit', () => {
  it('an untouched preloaded store of 100,000 records audits clean in one pass', () => {
    const d = loaded(100_000);
    const a = auditStore(d, { records: 100_000, touched: [] }, VALUE_BYTES);
    assert.deepEqual(
      { checked: a.untouchedChecked, missing: a.missing, wrong: a.wrong, unexpected: a.unexpected },
      { checked: 100_000, missing: 0, wrong: 0, unexpected: 0 },
    );
  });

  it('finds every missing, altered or invented key, and reports the touched keys as they are', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 299 }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 4 }),
        (picked, inventedCount) => {
          const records = 300;
          const d = loaded(records);
          // Split the picked records: deleted, altered, touched (rewritten by a "client").
          const deleted = picked.filter((_, i) => i % 3 === 0);
          const altered = picked.filter((_, i) => i % 3 === 1);
          const touched = picked.filter((_, i) => i % 3 === 2).map(recordKey);
          for (const r of deleted) d.delete(recordKey(r));
          for (const r of altered) {
            const v = fillPreloadValue(new Uint8Array(VALUE_BYTES), r);
            v[20] = (v[20] as number) ^ 1;
            d.set(recordKey(r), v);
          }
          for (const k of touched) d.set(k, makeValue(VALUE_BYTES, 3, k, k));
          for (let i = 0; i < inventedCount; i++) d.set(recordKey(records + i), makeValue(VALUE_BYTES, 1, i, 0));
          const a = auditStore(d, { records, touched }, VALUE_BYTES);
          assert.equal(a.untouchedChecked, records - touched.length);
          assert.equal(a.missing, deleted.length);
          assert.equal(a.wrong, altered.length);
          assert.equal(a.unexpected, inventedCount);
          assert.deepEqual(
            a.touchedTags,
            touched.map((k) => `3:${k}`),
          );
          if (deleted.length + altered.length + inventedCount > 0) assert.ok(a.samples.length > 0);
        },
      ),
      { numRuns: 40 },
    );
  });
});
