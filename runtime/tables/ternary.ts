// Priority tables: any table with a ternary, range or optional key field (exact and lpm
// fields may be mixed in; an lpm field then matches as a prefix mask, and priority alone
// decides). Convention, as in P4Runtime: a larger priority number wins; among equal
// priorities the earlier installed entry wins. For `const entries` the table assigns
// priorities so that the first listed entry wins (P4_16 §14.2.1.4). Note that BF Runtime's
// $MATCH_PRIORITY is the other way round (smaller wins): a bfrt-speaking control plane must
// convert. The lookup scans entries in priority order and stops at the first match.

import type { FieldValue, NormalizedField } from './match-key.js';
import { sameField } from './match-key.js';
import { MatchTable, type TableEntry, type TableSpec } from './table.js';

export class TernaryTable extends MatchTable {
  /** Entries sorted by priority (largest first), then handle (oldest first). */
  private sorted: TableEntry[] = [];
  private readonly isRange: readonly boolean[];
  private readonly isWide: readonly boolean[];
  private readonly scratch: FieldValue[];

  constructor(spec: TableSpec) {
    super(spec);
    this.isRange = spec.keys.map((k) => k.matchKind === 'range');
    this.isWide = spec.keys.map((k) => k.width > 32);
    this.scratch = spec.keys.map(() => 0);
  }

  lookup(): TableEntry | undefined {
    return this.scan(this.key);
  }

  lookup1(value: FieldValue): TableEntry | undefined {
    this.scratch[0] = value;
    return this.scan(this.scratch);
  }

  private scan(key: readonly FieldValue[]): TableEntry | undefined {
    const sorted = this.sorted;
    const n = this.isRange.length;
    outer: for (let j = 0; j < sorted.length; j++) {
      const e = sorted[j] as TableEntry;
      const fields = e.fields;
      for (let i = 0; i < n; i++) {
        const f = fields[i] as NormalizedField;
        const k = key[i] as FieldValue;
        if (this.isRange[i]) {
          if (k < f.a || k > f.b) continue outer;
        } else if (this.isWide[i]) {
          if (((k as bigint) & (f.b as bigint)) !== f.a) continue outer;
        } else if (((k as number) & (f.b as number)) >>> 0 !== f.a) {
          continue outer;
        }
      }
      return e;
    }
    return undefined;
  }

  protected findSame(fields: readonly NormalizedField[], priority: number): TableEntry | undefined {
    return this.sorted.find(
      (e) => e.priority === priority && e.fields.every((f, i) => sameField(f, fields[i] as NormalizedField)),
    );
  }

  protected indexInsert(e: TableEntry): void {
    // Insert after every entry that wins over e (larger priority, or equal and older).
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.sorted[mid] as TableEntry;
      if (m.priority > e.priority || (m.priority === e.priority && m.handle < e.handle)) lo = mid + 1;
      else hi = mid;
    }
    this.sorted.splice(lo, 0, e);
  }

  protected indexRemove(e: TableEntry): void {
    const i = this.sorted.indexOf(e);
    if (i >= 0) this.sorted.splice(i, 1);
  }

  protected indexClear(): void {
    this.sorted = [];
  }
}
