import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { build } from './helpers.js';

const ip = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

describe('lpm tables', () => {
  test('a longer lpm prefix wins', () => {
    const t = build([{ name: 'dst', width: 32, matchKind: 'lpm' }]);
    t.add({ match: [{ kind: 'lpm', value: ip(10, 0, 0, 0), prefixLength: 8 }], action: 'forward', params: [1] });
    t.add({ match: [{ kind: 'lpm', value: ip(10, 1, 0, 0), prefixLength: 16 }], action: 'forward', params: [2] });
    t.add({ match: [{ kind: 'lpm', value: ip(10, 1, 2, 3), prefixLength: 32 }], action: 'forward', params: [3] });
    assert.equal(t.lookup1(ip(10, 9, 9, 9))?.params[0], 1);
    assert.equal(t.lookup1(ip(10, 1, 9, 9))?.params[0], 2);
    assert.equal(t.lookup1(ip(10, 1, 2, 3))?.params[0], 3);
    assert.equal(t.lookup1(ip(11, 0, 0, 0)), undefined);
  });

  test('a /0 prefix matches everything, below any longer prefix', () => {
    const t = build([{ name: 'dst', width: 32, matchKind: 'lpm' }]);
    t.add({ match: [{ kind: 'lpm', value: 0, prefixLength: 0 }], action: 'forward', params: [7] });
    t.add({ match: [{ kind: 'lpm', value: ip(192, 168, 0, 0), prefixLength: 16 }], action: 'forward', params: [8] });
    assert.equal(t.lookup1(ip(1, 2, 3, 4))?.params[0], 7);
    assert.equal(t.lookup1(0xffffffff)?.params[0], 7);
    assert.equal(t.lookup1(ip(192, 168, 3, 4))?.params[0], 8);
  });

  test('value bits beyond the prefix are a BAD_MATCH_KEY', () => {
    const t = build([{ name: 'dst', width: 32, matchKind: 'lpm' }]);
    const r = t.add({ match: [{ kind: 'lpm', value: ip(10, 0, 0, 1), prefixLength: 24 }], action: 'drop', params: [] });
    assert.equal(r.ok ? 'ok' : r.code, 'BAD_MATCH_KEY');
  });

  test('exact fields beside the lpm field must match too, and deleting the last /n removes its level', () => {
    const t = build([
      { name: 'vrf', width: 8, matchKind: 'exact' },
      { name: 'dst', width: 32, matchKind: 'lpm' },
    ]);
    const h = t.add({
      match: [
        { kind: 'exact', value: 1 },
        { kind: 'lpm', value: ip(10, 0, 0, 0), prefixLength: 8 },
      ],
      action: 'forward',
      params: [1],
    });
    t.add({
      match: [
        { kind: 'exact', value: 2 },
        { kind: 'lpm', value: ip(10, 0, 0, 0), prefixLength: 16 },
      ],
      action: 'forward',
      params: [2],
    });
    t.key[0] = 1;
    t.key[1] = ip(10, 0, 5, 5);
    assert.equal(t.lookup()?.params[0], 1);
    t.key[0] = 3;
    assert.equal(t.lookup(), undefined);
    assert.ok(h.ok);
    t.delete(h.value);
    t.key[0] = 1;
    assert.equal(t.lookup(), undefined);
  });

  test('a 128-bit lpm field (IPv6) uses bigints', () => {
    const t = build([{ name: 'dst6', width: 128, matchKind: 'lpm' }]);
    t.add({ match: [{ kind: 'lpm', value: 0x20010db8n << 96n, prefixLength: 32 }], action: 'forward', params: [6] });
    assert.equal(t.lookup1((0x20010db8n << 96n) | 1n)?.params[0], 6);
    assert.equal(t.lookup1(0x20010db9n << 96n), undefined);
  });
});
