import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { FieldValue, RawFieldMatch } from '../../../runtime/tables/match-key.js';
import type { KeyField } from '../../../runtime/tables/table.js';
import { build, type RefEntry, referenceLookup } from './helpers.js';

// Small widths so random keys often hit random entries.
const arbKeyField = fc.record({
  name: fc.constant('f'),
  width: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constantFrom(32, 40)),
  matchKind: fc.constantFrom('exact', 'lpm', 'ternary', 'range', 'optional'),
}) as fc.Arbitrary<KeyField>;

const arbKeys = fc
  .array(arbKeyField, { minLength: 1, maxLength: 3 })
  .filter((ks) => ks.filter((k) => k.matchKind === 'lpm').length <= 1);

function arbValue(width: number): fc.Arbitrary<bigint> {
  // Bias towards a few values so that matches are common.
  const max = (1n << BigInt(width)) - 1n;
  return fc.oneof(fc.bigInt({ min: 0n, max: max < 7n ? max : 7n }), fc.bigInt({ min: 0n, max }));
}

function rep(v: bigint, width: number): FieldValue {
  return width > 32 ? v : Number(v);
}

function arbMatch(k: KeyField): fc.Arbitrary<RawFieldMatch> {
  const w = k.width;
  const full = (1n << BigInt(w)) - 1n;
  switch (k.matchKind) {
    case 'exact':
      return arbValue(w).map((v) => ({ kind: 'exact', value: rep(v, w) }));
    case 'lpm':
      return fc.tuple(arbValue(w), fc.integer({ min: 0, max: w })).map(([v, len]) => {
        const mask = full ^ ((1n << BigInt(w - len)) - 1n);
        return { kind: 'lpm', value: rep(v & mask, w), prefixLength: len };
      });
    case 'ternary':
      return fc
        .tuple(arbValue(w), arbValue(w))
        .map(([v, m]) => ({ kind: 'ternary', value: rep(v & m, w), mask: rep(m, w) }));
    case 'range':
      return fc
        .tuple(arbValue(w), arbValue(w))
        .map(([a, b]) => ({ kind: 'range', low: rep(a < b ? a : b, w), high: rep(a < b ? b : a, w) }));
    case 'optional':
      return fc
        .option(arbValue(w), { nil: undefined })
        .map((v) => ({ kind: 'optional', value: v === undefined ? undefined : rep(v, w) }));
  }
}

type Op = { op: 'add'; match: RawFieldMatch[]; priority: number } | { op: 'delete'; pick: number };

describe('tables against a naive scan of all entries', () => {
  test('after random adds and deletes, every lookup picks the entry the P4 semantics pick', () => {
    const scenario = arbKeys.chain((keys) =>
      fc.record({
        keys: fc.constant(keys),
        ops: fc.array(
          fc.oneof(
            {
              weight: 4,
              arbitrary: fc.record({
                op: fc.constant('add' as const),
                match: fc.tuple(...keys.map(arbMatch)),
                priority: fc.integer({ min: 1, max: 4 }),
              }),
            },
            { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }) },
          ),
          { maxLength: 25 },
        ),
        lookups: fc.array(fc.tuple(...keys.map((k) => arbValue(k.width))), { minLength: 1, maxLength: 20 }),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ keys, ops, lookups }) => {
        const table = build(keys);
        const priorityTable = table.hasPriority;
        let model: RefEntry[] = [];
        for (const o of ops as Op[]) {
          if (o.op === 'add') {
            const r = table.add({
              match: o.match,
              priority: priorityTable ? o.priority : undefined,
              action: 'forward',
              params: [1],
            });
            if (r.ok) model.push({ handle: r.value, match: o.match, priority: priorityTable ? o.priority : 0 });
            else assert.equal(r.code, 'DUPLICATE_ENTRY', r.message);
          } else if (model.length > 0) {
            const victim = model[o.pick % model.length] as RefEntry;
            assert.ok(table.delete(victim.handle).ok);
            model = model.filter((e) => e !== victim);
          }
        }
        assert.equal(table.entryCount, model.length);
        for (const raw of lookups) {
          const key = raw.map((v, i) => rep(v, (keys[i] as KeyField).width));
          key.forEach((v, i) => {
            table.key[i] = v;
          });
          assert.equal(table.lookup()?.handle, referenceLookup(keys, model, key));
          if (keys.length === 1)
            assert.equal(table.lookup1(key[0] as FieldValue)?.handle, referenceLookup(keys, model, key));
        }
        // Each installed entry's own key hits something (itself or a winner over it).
        for (const e of model) {
          const key = e.match.map((m, i) => {
            const w = (keys[i] as KeyField).width;
            return m.kind === 'range' ? m.low : m.kind === 'optional' ? (m.value ?? rep(0n, w)) : m.value;
          });
          key.forEach((v, i) => {
            table.key[i] = v;
          });
          assert.equal(table.lookup()?.handle, referenceLookup(keys, model, key));
        }
      }),
      { numRuns: 300 },
    );
  });

  test('exact tables report DUPLICATE_ENTRY exactly when the reference already has the key', () => {
    const keys: KeyField[] = [
      { name: 'a', width: 3, matchKind: 'exact' },
      { name: 'b', width: 2, matchKind: 'exact' },
    ];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(7), fc.nat(3)), { maxLength: 40 }), (adds) => {
        const t = build(keys);
        const seen = new Set<string>();
        for (const [a, b] of adds) {
          const r = t.add({
            match: [
              { kind: 'exact', value: a },
              { kind: 'exact', value: b },
            ],
            action: 'drop',
            params: [],
          });
          assert.equal(r.ok, !seen.has(`${a},${b}`));
          seen.add(`${a},${b}`);
        }
      }),
    );
  });
});
