// Exact-match tables: every key field is `exact`. The index is one Map from the encoded key
// to the entry: a number for a single field of up to 32 bits or a composite key of up to 52
// bits (no allocation per lookup), a short string otherwise.

import { KeyEncoding } from './key-encoding.js';
import type { FieldValue, NormalizedField } from './match-key.js';
import { MatchTable, type TableEntry, type TableSpec } from './table.js';

export class ExactTable extends MatchTable {
  private readonly index = new Map<number | string, TableEntry>();
  private readonly encoding: KeyEncoding;
  private readonly single: boolean;
  private readonly scratch: FieldValue[];

  constructor(spec: TableSpec) {
    super(spec);
    this.encoding = new KeyEncoding(spec.keys.map((k) => k.width));
    this.single = spec.keys.length === 1 && (spec.keys[0]?.width ?? 0) <= 32;
    this.scratch = spec.keys.map(() => 0);
  }

  lookup(): TableEntry | undefined {
    if (this.single) return this.index.get(this.key[0] as number);
    return this.index.get(this.encoding.encode(this.key));
  }

  lookup1(value: FieldValue): TableEntry | undefined {
    if (this.single) return this.index.get(value as number);
    return this.index.get(this.encoding.encode([value]));
  }

  protected findSame(fields: readonly NormalizedField[]): TableEntry | undefined {
    return this.index.get(this.encodeFields(fields));
  }

  protected indexInsert(e: TableEntry): void {
    this.index.set(this.encodeFields(e.fields), e);
  }

  protected indexRemove(e: TableEntry): void {
    this.index.delete(this.encodeFields(e.fields));
  }

  protected indexClear(): void {
    this.index.clear();
  }

  private encodeFields(fields: readonly NormalizedField[]): number | string {
    for (let i = 0; i < fields.length; i++) this.scratch[i] = (fields[i] as NormalizedField).a;
    return this.single ? (this.scratch[0] as number) : this.encoding.encode(this.scratch);
  }
}
