import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { build } from './helpers.js';

describe('exact tables', () => {
  test('a single 32-bit field hits only its own value', () => {
    const t = build([{ name: 'dst', width: 32, matchKind: 'exact' }]);
    t.add({ match: [{ kind: 'exact', value: 0x0a000001 }], action: 'forward', params: [1] });
    t.add({ match: [{ kind: 'exact', value: 0xffffffff }], action: 'forward', params: [2] });
    assert.equal(t.lookup1(0x0a000001)?.params[0], 1);
    assert.equal(t.lookup1(0xffffffff)?.params[0], 2);
    assert.equal(t.lookup1(0x0a000002), undefined);
    t.key[0] = 0xffffffff;
    assert.equal(t.lookup()?.params[0], 2, 'lookup through the scratch key');
  });

  test("NetMigrate's migration pair (IPv4 32 + port 16) packs into one number key", () => {
    const t = build([
      { name: 'dst', width: 32, matchKind: 'exact' },
      { name: 'port', width: 16, matchKind: 'exact' },
    ]);
    t.add({
      match: [
        { kind: 'exact', value: 0x0a000002 },
        { kind: 'exact', value: 7000 },
      ],
      action: 'forward',
      params: [5],
    });
    t.key[0] = 0x0a000002;
    t.key[1] = 7000;
    assert.equal(t.lookup()?.params[0], 5);
    t.key[1] = 7001;
    assert.equal(t.lookup(), undefined);
  });

  test('keys wider than 52 bits in total still match exactly (string encoding)', () => {
    const t = build([
      { name: 'mac', width: 48, matchKind: 'exact' },
      { name: 'vlan', width: 12, matchKind: 'exact' },
    ]);
    t.add({
      match: [
        { kind: 'exact', value: 0x0000deadbeefn },
        { kind: 'exact', value: 1 },
      ],
      action: 'drop',
      params: [],
    });
    t.add({
      match: [
        { kind: 'exact', value: 0x0000deadbeefn },
        { kind: 'exact', value: 2 },
      ],
      action: 'forward',
      params: [9],
    });
    t.key[0] = 0x0000deadbeefn;
    t.key[1] = 2;
    assert.equal(t.lookup()?.params[0], 9);
    t.key[1] = 3;
    assert.equal(t.lookup(), undefined);
  });

  test('a single field wider than 32 bits is looked up by bigint', () => {
    const t = build([{ name: 'mac', width: 48, matchKind: 'exact' }]);
    t.add({ match: [{ kind: 'exact', value: 0xffffffffffffn }], action: 'drop', params: [] });
    assert.equal(t.lookup1(0xffffffffffffn)?.actionId, 1);
    assert.equal(t.lookup1(0xfffffffffffen), undefined);
  });

  test('a narrow single field (array-indexed) forgets entries on delete, clear and modify', () => {
    const t = build([{ name: 'op', width: 8, matchKind: 'exact' }]);
    const a = t.add({ match: [{ kind: 'exact', value: 7 }], action: 'forward', params: [1] });
    const b = t.add({ match: [{ kind: 'exact', value: 255 }], action: 'forward', params: [2] });
    assert.ok(a.ok && b.ok);
    assert.equal(t.lookup1(7)?.params[0], 1);
    assert.equal(t.lookup1(255)?.params[0], 2);
    assert.equal(t.lookup1(0), undefined);
    assert.ok(t.modify(b.value, { action: 'forward', params: [3] }).ok);
    assert.equal(t.lookup1(255)?.params[0], 3);
    assert.ok(t.delete(a.value).ok);
    assert.equal(t.lookup1(7), undefined);
    t.key[0] = 255;
    assert.equal(t.lookup()?.params[0], 3);
    assert.ok(t.clear().ok);
    assert.equal(t.lookup1(255), undefined);
    assert.equal(t.find([{ kind: 'exact', value: 255 }]).ok, true);
  });
});
