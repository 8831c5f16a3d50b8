import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GuardedStore } from '../../../kvserver/migration/common/destination-store.js';
import { exportState, importState, isRollbackState } from '../../../kvserver/migration/common/rollback.js';
import { KvDict } from '../../../kvserver/store/dict.js';

const v = (n: number) => new Uint8Array(8).fill(n);

describe('rolling a cancelled migration back', () => {
  it("the destination's values and its clients' deletes replace the source's; keys it never had stay", () => {
    const source = new KvDict();
    for (const k of [1, 2, 3, 4]) source.set(k, v(k));
    const destination = new KvDict();
    const guard = new GuardedStore(destination);
    // Key 1 migrated unchanged, key 2 migrated then written by a client, key 3 deleted by a
    // client (a tombstone), key 5 inserted by a client at the destination; key 4 never migrated.
    guard.applySource(1, v(1), 1n);
    guard.applySource(2, v(2), 2n);
    guard.clientWrote(2);
    destination.set(2, v(20));
    guard.applySource(3, v(3), 3n);
    guard.clientWrote(3);
    destination.delete(3);
    guard.clientWrote(5);
    destination.set(5, v(50));

    const state = exportState(destination, guard);
    assert.ok(isRollbackState(JSON.parse(JSON.stringify(state))), 'the export survives JSON');
    assert.deepEqual(state.deleted, [3]);
    const applied = importState(source, JSON.parse(JSON.stringify(state)));
    assert.deepEqual(applied, { values: 3, deleted: 1 });
    assert.deepEqual(source.get(1), v(1));
    assert.deepEqual(source.get(2), v(20));
    assert.equal(source.get(3), undefined);
    assert.deepEqual(source.get(4), v(4));
    assert.deepEqual(source.get(5), v(50));
  });

  it('refuses a malformed export', () => {
    for (const bad of [null, 1, {}, { values: [] }, { values: [[1, 2]], deleted: [] }, { values: [], deleted: ['x'] }])
      assert.equal(isRollbackState(bad), false, JSON.stringify(bad));
    assert.equal(isRollbackState({ values: [[1, 'AAAA']], deleted: [2] }), true);
  });
});
