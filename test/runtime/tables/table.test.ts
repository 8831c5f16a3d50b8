import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { createTable } from '../../../runtime/tables/create-table.js';
import type { MatchTable, TableResult } from '../../../runtime/tables/table.js';
import { ACTIONS, build } from './helpers.js';

function code<T>(r: TableResult<T>): string {
  return r.ok ? 'ok' : r.code;
}

function snapshot(t: MatchTable): string {
  return JSON.stringify({ entries: t.dump(), dflt: t.defaultAction }, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

describe('table control plane', () => {
  const exactKey = [{ name: 'dst', width: 32, matchKind: 'exact' as const }];

  test('add returns increasing handles and dump lists entries in handle order', () => {
    const t = build(exactKey);
    const h1 = t.add({ match: [{ kind: 'exact', value: 1 }], action: 'forward', params: [3] });
    const h2 = t.add({ match: [{ kind: 'exact', value: 2 }], action: 'drop', params: [] });
    assert.ok(h1.ok && h2.ok);
    assert.ok(h2.value > h1.value);
    assert.deepEqual(
      t.dump().map((e) => [e.handle, e.actionId, e.params]),
      [
        [h1.value, 0, [3]],
        [h2.value, 1, []],
      ],
    );
  });

  test('a rejected request changes nothing', () => {
    const t = build(exactKey, { size: 2 });
    t.add({ match: [{ kind: 'exact', value: 1 }], action: 'forward', params: [3] });
    const before = snapshot(t);
    const rejected: [string, TableResult<unknown>][] = [
      ['DUPLICATE_ENTRY', t.add({ match: [{ kind: 'exact', value: 1 }], action: 'drop', params: [] })],
      ['BAD_MATCH_KEY', t.add({ match: [{ kind: 'exact', value: 2 ** 32 }], action: 'drop', params: [] })],
      ['BAD_MATCH_KEY', t.add({ match: [], action: 'drop', params: [] })],
      ['BAD_MATCH_KEY', t.add({ match: [{ kind: 'range', low: 1, high: 2 }], action: 'drop', params: [] })],
      ['BAD_PRIORITY', t.add({ match: [{ kind: 'exact', value: 5 }], priority: 3, action: 'drop', params: [] })],
      ['BAD_ACTION', t.add({ match: [{ kind: 'exact', value: 2 }], action: 'nope', params: [] })],
      ['BAD_ACTION', t.add({ match: [{ kind: 'exact', value: 2 }], action: 'miss_only', params: [] })],
      ['BAD_ACTION_PARAMS', t.add({ match: [{ kind: 'exact', value: 2 }], action: 'forward', params: [512] })],
      ['BAD_ACTION_PARAMS', t.add({ match: [{ kind: 'exact', value: 2 }], action: 'forward', params: [] })],
      ['NO_SUCH_ENTRY', t.modify(99, { action: 'drop', params: [] })],
      ['NO_SUCH_ENTRY', t.delete(99)],
      ['BAD_ACTION', t.modify(1, { action: 'nope', params: [] })],
      ['BAD_ACTION_PARAMS', t.setDefault({ action: 'forward', params: [-1] })],
    ];
    for (const [expected, r] of rejected) assert.equal(code(r), expected);
    assert.equal(snapshot(t), before);
  });

  test('size is enforced: TABLE_FULL, then room again after a delete', () => {
    const t = build(exactKey, { size: 2 });
    const h = t.add({ match: [{ kind: 'exact', value: 1 }], action: 'drop', params: [] });
    t.add({ match: [{ kind: 'exact', value: 2 }], action: 'drop', params: [] });
    assert.equal(code(t.add({ match: [{ kind: 'exact', value: 3 }], action: 'drop', params: [] })), 'TABLE_FULL');
    assert.ok(h.ok);
    assert.equal(code(t.delete(h.value)), 'ok');
    assert.equal(code(t.add({ match: [{ kind: 'exact', value: 3 }], action: 'drop', params: [] })), 'ok');
  });

  test('modify changes what lookup returns; delete and clear remove entries from lookup', () => {
    const t = build(exactKey);
    const h = t.add({ match: [{ kind: 'exact', value: 7 }], action: 'forward', params: [1] });
    t.add({ match: [{ kind: 'exact', value: 8 }], action: 'forward', params: [2] });
    assert.ok(h.ok);
    assert.equal(code(t.modify(h.value, { action: 'set_mac', params: [0x0a0b0c0d0e0fn] })), 'ok');
    assert.deepEqual(t.lookup1(7)?.params, [0x0a0b0c0d0e0fn]);
    assert.equal(code(t.delete(h.value)), 'ok');
    assert.equal(t.lookup1(7), undefined);
    assert.equal(t.lookup1(8)?.params[0], 2);
    assert.equal(code(t.clear()), 'ok');
    assert.equal(t.lookup1(8), undefined);
    assert.equal(t.entryCount, 0);
  });

  test('setDefault changes the miss action; @tableonly actions and const defaults are refused', () => {
    const t = build(exactKey, { defaultAction: { action: 'drop', params: [] } });
    assert.equal(t.defaultAction.actionId, 1);
    assert.equal(code(t.setDefault({ action: 'miss_only', params: [] })), 'ok');
    assert.equal(t.defaultAction.actionId, 3);
    const actions = [...ACTIONS, { name: 'entry_only', params: [], scope: 'TABLE_ONLY' as const }];
    const t2 = createTable({
      name: 't2',
      keys: exactKey,
      actions,
      size: 4,
      defaultAction: { action: 'drop', params: [], isConst: true },
    });
    assert.ok(t2.ok);
    assert.equal(code(t2.value.setDefault({ action: 'drop', params: [] })), 'CONST_DEFAULT_ACTION');
    const t3 = createTable({ name: 't3', keys: exactKey, actions, size: 4 });
    assert.ok(t3.ok);
    assert.equal(code(t3.value.setDefault({ action: 'entry_only', params: [] })), 'BAD_ACTION');
  });

  test('a table with const entries refuses add, modify, delete and clear', () => {
    const r = createTable({
      name: 'c',
      keys: exactKey,
      actions: ACTIONS,
      size: 4,
      constEntries: [{ match: [{ kind: 'exact', value: 1 }], action: 'drop', params: [] }],
    });
    assert.ok(r.ok);
    const t = r.value;
    assert.equal(t.lookup1(1)?.isConst, true);
    assert.equal(code(t.add({ match: [{ kind: 'exact', value: 2 }], action: 'drop', params: [] })), 'CONST_TABLE');
    assert.equal(code(t.modify(1, { action: 'drop', params: [] })), 'CONST_TABLE');
    assert.equal(code(t.delete(1)), 'CONST_TABLE');
    assert.equal(code(t.clear()), 'CONST_TABLE');
  });

  test('bad specs and const entries that do not fit are coded errors', () => {
    assert.equal(code(createTable({ name: 'x', keys: exactKey, actions: ACTIONS, size: -1 })), 'BAD_TABLE_SPEC');
    assert.equal(code(createTable({ name: 'x', keys: exactKey, actions: [], size: 1 })), 'BAD_TABLE_SPEC');
    const twoLpm = [
      { name: 'a', width: 8, matchKind: 'lpm' as const },
      { name: 'b', width: 8, matchKind: 'lpm' as const },
    ];
    assert.equal(code(createTable({ name: 'x', keys: twoLpm, actions: ACTIONS, size: 1 })), 'BAD_TABLE_SPEC');
    const tooMany = createTable({
      name: 'x',
      keys: exactKey,
      actions: ACTIONS,
      size: 1,
      constEntries: [
        { match: [{ kind: 'exact', value: 1 }], action: 'drop', params: [] },
        { match: [{ kind: 'exact', value: 2 }], action: 'drop', params: [] },
      ],
    });
    assert.equal(code(tooMany), 'TABLE_FULL');
  });

  test('find returns the handle of an installed match', () => {
    const t = build([{ name: 'a', width: 8, matchKind: 'ternary' }]);
    const h = t.add({ match: [{ kind: 'ternary', value: 0x10, mask: 0xf0 }], priority: 5, action: 'drop', params: [] });
    assert.ok(h.ok);
    const found = t.find([{ kind: 'ternary', value: 0x10, mask: 0xf0 }], 5);
    assert.ok(found.ok);
    assert.equal(found.value, h.value);
    const other = t.find([{ kind: 'ternary', value: 0x10, mask: 0xf0 }], 6);
    assert.ok(other.ok);
    assert.equal(other.value, undefined);
  });
});

describe('table requests from untrusted input', () => {
  test('any JSON value as a request gives a result, never an exception', () => {
    const t = build([
      { name: 'a', width: 8, matchKind: 'ternary' },
      { name: 'b', width: 40, matchKind: 'range' },
    ]);
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), (match, action, params) => {
        const req = { match, action, params, priority: 1 } as unknown as Parameters<MatchTable['add']>[0];
        const r = t.add(req);
        if (r.ok) t.delete(r.value);
        t.setDefault({ action, params } as unknown as Parameters<MatchTable['setDefault']>[0]);
        t.setDefault({ action: 'drop', params: [] });
      }),
      { numRuns: 500 },
    );
    assert.deepEqual(t.dump(), [], 'every accepted entry was deleted again');
  });
});
