// Shared by the table tests: a table built from a spec (asserting it builds) and a naive
// reference that scans every entry, the oracle the property tests compare lookups with.

import assert from 'node:assert/strict';
import { createTable } from '../../../runtime/tables/create-table.js';
import type { FieldValue, RawFieldMatch } from '../../../runtime/tables/match-key.js';
import type { KeyField, MatchTable, TableSpec } from '../../../runtime/tables/table.js';

export const ACTIONS: TableSpec['actions'] = [
  { name: 'forward', params: [{ name: 'port', width: 9 }] },
  { name: 'drop', params: [] },
  { name: 'set_mac', params: [{ name: 'mac', width: 48 }] },
  { name: 'miss_only', params: [], scope: 'DEFAULT_ONLY' },
];

export function build(keys: KeyField[], extra: Partial<TableSpec> = {}): MatchTable {
  const r = createTable({ name: 't', keys, actions: ACTIONS, size: 1024, ...extra });
  if (!r.ok) assert.fail(`${r.code}: ${r.message}`);
  return r.value;
}

export interface RefEntry {
  readonly handle: number;
  readonly match: readonly RawFieldMatch[];
  readonly priority: number;
}

function big(v: FieldValue): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

function fieldMatches(key: KeyField, m: RawFieldMatch, v: FieldValue): boolean {
  const k = big(v);
  const full = (1n << BigInt(key.width)) - 1n;
  switch (m.kind) {
    case 'exact':
      return k === big(m.value);
    case 'lpm': {
      const mask = full ^ ((1n << BigInt(key.width - m.prefixLength)) - 1n);
      return (k & mask) === big(m.value);
    }
    case 'ternary':
      return (k & big(m.mask)) === big(m.value);
    case 'range':
      return k >= big(m.low) && k <= big(m.high);
    case 'optional':
      return m.value === undefined || k === big(m.value);
  }
}

function prefixOf(keys: readonly KeyField[], e: RefEntry): number {
  const i = keys.findIndex((k) => k.matchKind === 'lpm');
  const m = e.match[i];
  if (m === undefined) return 0;
  return m.kind === 'lpm' ? m.prefixLength : (keys[i] as KeyField).width;
}

/** The handle the P4 semantics pick for `key`, by scanning every entry. */
export function referenceLookup(
  keys: readonly KeyField[],
  entries: readonly RefEntry[],
  key: readonly FieldValue[],
): number | undefined {
  const hits = entries.filter((e) =>
    keys.every((k, i) => fieldMatches(k, e.match[i] as RawFieldMatch, key[i] as FieldValue)),
  );
  if (hits.length === 0) return undefined;
  const priorityTable = keys.some(
    (k) => k.matchKind === 'ternary' || k.matchKind === 'range' || k.matchKind === 'optional',
  );
  const best = hits.reduce((a, b) => {
    if (priorityTable) return b.priority > a.priority || (b.priority === a.priority && b.handle < a.handle) ? b : a;
    return prefixOf(keys, b) > prefixOf(keys, a) ? b : a;
  });
  return best.handle;
}
