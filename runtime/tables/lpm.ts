// Longest-prefix-match tables: one `lpm` field plus any number of `exact` fields. The index is
// one Map per prefix length present (keyed by the exact fields and the prefix-masked lpm
// field); a lookup probes the lengths from longest to shortest, so the longest matching
// prefix wins and a lookup costs at most one probe per distinct length installed.

import { KeyEncoding } from './key-encoding.js';
import type { FieldValue, NormalizedField } from './match-key.js';
import { MatchTable, type TableEntry, type TableSpec } from './table.js';

interface PrefixLevel {
  readonly length: number;
  readonly mask: FieldValue;
  readonly map: Map<number | string, TableEntry>;
}

export class LpmTable extends MatchTable {
  /** Levels sorted by prefix length, longest first. */
  private levels: PrefixLevel[] = [];
  private readonly encoding: KeyEncoding;
  private readonly lpmIndex: number;
  private readonly lpmWidth: number;
  private readonly wide: boolean;
  private readonly scratch: FieldValue[];

  constructor(spec: TableSpec) {
    super(spec);
    this.encoding = new KeyEncoding(spec.keys.map((k) => k.width));
    this.lpmIndex = spec.keys.findIndex((k) => k.matchKind === 'lpm');
    this.lpmWidth = spec.keys[this.lpmIndex]?.width ?? 0;
    this.wide = this.lpmWidth > 32;
    this.scratch = spec.keys.map(() => 0);
  }

  lookup(): TableEntry | undefined {
    return this.probe(this.key);
  }

  lookup1(value: FieldValue): TableEntry | undefined {
    this.scratch[0] = value;
    return this.probe(this.scratch);
  }

  private probe(key: readonly FieldValue[]): TableEntry | undefined {
    const levels = this.levels;
    const v = key[this.lpmIndex] as FieldValue;
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i] as PrefixLevel;
      const masked = this.wide
        ? (v as bigint) & (level.mask as bigint)
        : ((v as number) & (level.mask as number)) >>> 0;
      const e = level.map.get(this.encoding.encode(key, this.lpmIndex, masked));
      if (e !== undefined) return e;
    }
    return undefined;
  }

  protected findSame(fields: readonly NormalizedField[]): TableEntry | undefined {
    const len = (fields[this.lpmIndex] as NormalizedField).prefixLength;
    return this.levels.find((l) => l.length === len)?.map.get(this.encodeFields(fields));
  }

  protected indexInsert(e: TableEntry): void {
    const f = e.fields[this.lpmIndex] as NormalizedField;
    let level = this.levels.find((l) => l.length === f.prefixLength);
    if (level === undefined) {
      level = { length: f.prefixLength, mask: f.b, map: new Map() };
      this.levels = [...this.levels, level].sort((x, y) => y.length - x.length);
    }
    level.map.set(this.encodeFields(e.fields), e);
  }

  protected indexRemove(e: TableEntry): void {
    const len = (e.fields[this.lpmIndex] as NormalizedField).prefixLength;
    const level = this.levels.find((l) => l.length === len);
    if (level === undefined) return;
    level.map.delete(this.encodeFields(e.fields));
    if (level.map.size === 0) this.levels = this.levels.filter((l) => l !== level);
  }

  protected indexClear(): void {
    this.levels = [];
  }

  private encodeFields(fields: readonly NormalizedField[]): number | string {
    const vals: FieldValue[] = fields.map((f) => f.a);
    return this.encoding.encode(vals);
  }
}
