import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createTable } from '../../../runtime/tables/create-table.js';
import { rangeToTernary } from '../../../runtime/tables/range.js';
import { ACTIONS, build } from './helpers.js';

describe('priority tables (ternary, range, optional)', () => {
  test('a larger priority number wins among matching entries', () => {
    const t = build([{ name: 'op', width: 8, matchKind: 'ternary' }]);
    t.add({ match: [{ kind: 'ternary', value: 0, mask: 0 }], priority: 1, action: 'forward', params: [1] });
    t.add({ match: [{ kind: 'ternary', value: 0x10, mask: 0xf0 }], priority: 10, action: 'forward', params: [2] });
    t.add({ match: [{ kind: 'ternary', value: 0x12, mask: 0xff }], priority: 5, action: 'forward', params: [3] });
    assert.equal(t.lookup1(0x12)?.params[0], 2, 'priority 10 beats the exact-looking priority 5');
    assert.equal(t.lookup1(0x33)?.params[0], 1);
  });

  test('among equal priorities the earlier installed entry wins', () => {
    const t = build([{ name: 'op', width: 8, matchKind: 'ternary' }]);
    t.add({ match: [{ kind: 'ternary', value: 0x10, mask: 0xf0 }], priority: 3, action: 'forward', params: [1] });
    t.add({ match: [{ kind: 'ternary', value: 0x01, mask: 0x0f }], priority: 3, action: 'forward', params: [2] });
    assert.equal(t.lookup1(0x11)?.params[0], 1);
  });

  test('with const entries the first listed entry wins', () => {
    const r = createTable({
      name: 'c',
      keys: [{ name: 'port', width: 16, matchKind: 'range' }],
      actions: ACTIONS,
      size: 8,
      constEntries: [
        { match: [{ kind: 'range', low: 100, high: 200 }], action: 'forward', params: [1] },
        { match: [{ kind: 'range', low: 0, high: 65535 }], action: 'forward', params: [2] },
      ],
    });
    assert.ok(r.ok);
    assert.equal(r.value.lookup1(150)?.params[0], 1);
    assert.equal(r.value.lookup1(99)?.params[0], 2);
  });

  test('range bounds are inclusive and a low above high is refused', () => {
    const t = build([{ name: 'port', width: 16, matchKind: 'range' }]);
    t.add({ match: [{ kind: 'range', low: 1000, high: 2000 }], priority: 1, action: 'drop', params: [] });
    assert.ok(t.lookup1(1000));
    assert.ok(t.lookup1(2000));
    assert.equal(t.lookup1(2001), undefined);
    const r = t.add({ match: [{ kind: 'range', low: 5, high: 4 }], priority: 1, action: 'drop', params: [] });
    assert.equal(r.ok ? 'ok' : r.code, 'BAD_MATCH_KEY');
  });

  test('ternary entries need a priority, and value bits outside the mask are refused', () => {
    const t = build([{ name: 'op', width: 8, matchKind: 'ternary' }]);
    const noPrio = t.add({ match: [{ kind: 'ternary', value: 1, mask: 1 }], action: 'drop', params: [] });
    assert.equal(noPrio.ok ? 'ok' : noPrio.code, 'BAD_PRIORITY');
    const bad = t.add({ match: [{ kind: 'ternary', value: 3, mask: 1 }], priority: 1, action: 'drop', params: [] });
    assert.equal(bad.ok ? 'ok' : bad.code, 'BAD_MATCH_KEY');
  });

  test('the same match at another priority is a distinct entry; at the same priority a duplicate', () => {
    const t = build([{ name: 'op', width: 8, matchKind: 'ternary' }]);
    const m = [{ kind: 'ternary' as const, value: 1, mask: 0xff }];
    assert.ok(t.add({ match: m, priority: 1, action: 'drop', params: [] }).ok);
    assert.ok(t.add({ match: m, priority: 2, action: 'drop', params: [] }).ok);
    const dup = t.add({ match: m, priority: 2, action: 'drop', params: [] });
    assert.equal(dup.ok ? 'ok' : dup.code, 'DUPLICATE_ENTRY');
  });

  test('optional fields match their value or anything', () => {
    const t = build([
      { name: 'proto', width: 8, matchKind: 'optional' },
      { name: 'port', width: 16, matchKind: 'exact' },
    ]);
    t.add({
      match: [
        { kind: 'optional', value: 17 },
        { kind: 'exact', value: 53 },
      ],
      priority: 2,
      action: 'forward',
      params: [1],
    });
    t.add({ match: [{ kind: 'optional' }, { kind: 'exact', value: 53 }], priority: 1, action: 'forward', params: [2] });
    t.key[0] = 17;
    t.key[1] = 53;
    assert.equal(t.lookup()?.params[0], 1);
    t.key[0] = 6;
    assert.equal(t.lookup()?.params[0], 2);
  });

  test('an optional field takes a value and mask, stored as a ternary field (bf-p4c)', () => {
    const t = build([{ name: 'proto', width: 8, matchKind: 'optional' }]);
    assert.ok(
      t.add({ match: [{ kind: 'ternary', value: 0x02, mask: 0x0f }], priority: 1, action: 'forward', params: [1] }).ok,
    );
    t.key[0] = 0x32;
    assert.equal(t.lookup()?.params[0], 1);
    t.key[0] = 0x23;
    assert.equal(t.lookup(), undefined);
  });

  test('a range matches exactly the keys of its ternary prefix expansion', () => {
    fc.assert(
      fc.property(fc.nat(255), fc.nat(255), fc.nat(255), (a, b, k) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const pairs = rangeToTernary(BigInt(lo), BigInt(hi), 8);
        assert.ok(pairs.length <= 2 * 8 - 2 || lo === hi);
        const inTernary = pairs.some((p) => (BigInt(k) & p.mask) === p.value);
        assert.equal(inTernary, k >= lo && k <= hi);
      }),
      { numRuns: 500 },
    );
  });
});
