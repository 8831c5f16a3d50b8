// Builds the table for a spec: the match kinds of its key decide the index (exact → hash
// map, one lpm field + exact → per-prefix-length maps, any ternary/range/optional → priority
// scan), then the default action and const entries are installed. A bad spec, or a const
// entry that does not fit it, is a coded error, never an exception.

import { err, ok } from '../result.js';
import { ExactTable } from './exact.js';
import { LpmTable } from './lpm.js';
import type { MatchTable, TableResult, TableSpec } from './table.js';
import { TernaryTable } from './ternary.js';

const KINDS = new Set(['exact', 'lpm', 'ternary', 'range', 'optional']);

export function createTable(spec: TableSpec): TableResult<MatchTable> {
  const why = checkSpec(spec);
  if (why !== undefined) return err('BAD_TABLE_SPEC', `table ${spec.name}: ${why}`);
  const kinds = spec.keys.map((k) => k.matchKind);
  const table: MatchTable = kinds.some((k) => k === 'ternary' || k === 'range' || k === 'optional')
    ? new TernaryTable(spec)
    : kinds.includes('lpm')
      ? new LpmTable(spec)
      : new ExactTable(spec);
  const r = table.installSpecEntries();
  if (!r.ok) return r;
  return ok(table);
}

function checkSpec(spec: TableSpec): string | undefined {
  if (!Number.isSafeInteger(spec.size) || spec.size < 0) return `size ${spec.size} is not a non-negative integer`;
  for (const k of spec.keys) {
    if (!KINDS.has(k.matchKind)) return `key ${k.name} has unknown match kind ${k.matchKind}`;
    if (!Number.isInteger(k.width) || k.width < 1) return `key ${k.name} has width ${k.width}`;
  }
  const lpm = spec.keys.filter((k) => k.matchKind === 'lpm').length;
  if (lpm > 1) return `${lpm} lpm key fields (at most one is allowed)`;
  if (spec.actions.length === 0) return 'no actions';
  for (const a of spec.actions) {
    for (const p of a.params)
      if (!Number.isInteger(p.width) || p.width < 1) return `action ${a.name} parameter ${p.name} has width ${p.width}`;
  }
  return undefined;
}
