// Exact-match tables: every key field is `exact`. The index is one Map from the encoded key
// to the entry: a number for a single field of up to 32 bits or a composite key of up to 52
// bits (no allocation per lookup), a short string otherwise. A single field of up to
// DIRECT_MAX_WIDTH bits (opcodes, flags, small ids) also gets an array indexed by the value,
// kept in step with the Map: an array load is several times cheaper than a Map probe.

import { KeyEncoding } from './key-encoding.js';
import type { FieldValue, NormalizedField } from './match-key.js';
import { MatchTable, type TableEntry, type TableSpec } from './table.js';

/** Widest single key field indexed by an array (2^12 slots at most). */
const DIRECT_MAX_WIDTH = 12;

export class ExactTable extends MatchTable {
  private readonly index = new Map<number | string, TableEntry>();
  private readonly encoding: KeyEncoding;
  private readonly single: boolean;
  private readonly scratch: FieldValue[];
  /** Entry per key value for narrow single-field tables (undefined slots: no entry), else empty. */
  private readonly direct: (TableEntry | undefined)[];
  private readonly directMask: number;

  constructor(spec: TableSpec) {
    super(spec);
    this.encoding = new KeyEncoding(spec.keys.map((k) => k.width));
    const width = spec.keys[0]?.width ?? 0;
    this.single = spec.keys.length === 1 && width <= 32;
    this.scratch = spec.keys.map(() => 0);
    const slots = this.single && width <= DIRECT_MAX_WIDTH ? 2 ** width : 0;
    // Filled with undefined (not holes) so that the array stays packed.
    this.direct = Array.from({ length: slots }, () => undefined);
    this.directMask = slots - 1;
  }

  lookup(): TableEntry | undefined {
    if (this.single) return this.lookup1(this.key[0] as number);
    return this.index.get(this.encoding.encode(this.key));
  }

  lookup1(value: FieldValue): TableEntry | undefined {
    // Keys arrive normalised to their width, so a narrow key is always a valid index.
    if (this.directMask >= 0) return this.direct[(value as number) & this.directMask];
    if (this.single) return this.index.get(value as number);
    return this.index.get(this.encoding.encode([value]));
  }

  protected findSame(fields: readonly NormalizedField[]): TableEntry | undefined {
    return this.index.get(this.encodeFields(fields));
  }

  protected indexInsert(e: TableEntry): void {
    const k = this.encodeFields(e.fields);
    this.index.set(k, e);
    if (this.directMask >= 0) this.direct[k as number] = e;
  }

  protected indexRemove(e: TableEntry): void {
    const k = this.encodeFields(e.fields);
    this.index.delete(k);
    if (this.directMask >= 0) this.direct[k as number] = undefined;
  }

  protected indexClear(): void {
    this.index.clear();
    this.direct.fill(undefined);
  }

  private encodeFields(fields: readonly NormalizedField[]): number | string {
    for (let i = 0; i < fields.length; i++) this.scratch[i] = (fields[i] as NormalizedField).a;
    return this.single ? (this.scratch[0] as number) : this.encoding.encode(this.scratch);
  }
}
