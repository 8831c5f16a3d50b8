// A parser value_set<T>(size): the control plane fills it with (value, mask) members; a select
// case naming it matches when the key matches any member. Generated code writes the key into
// `key` (one entry per field of T; a single field too) and calls `matches()`.

import { describeValue, err, ok, type Result } from '../result.js';
import type { FieldValue } from '../tables/match-key.js';

export interface ValueSetMember {
  readonly value: readonly FieldValue[];
  readonly mask: readonly FieldValue[];
}

export class ValueSet {
  readonly name: string;
  readonly size: number;
  readonly widths: readonly number[];
  /** Scratch key, one value per field. */
  readonly key: FieldValue[];
  private members: ValueSetMember[] = [];

  constructor(name: string, size: number, widths: readonly number[]) {
    this.name = name;
    this.size = size;
    this.widths = widths;
    this.key = widths.map((w) => (w > 32 ? 0n : 0));
  }

  matches(): boolean {
    const key = this.key;
    for (const m of this.members) {
      let hit = true;
      for (let i = 0; i < key.length && hit; i++) {
        const k = key[i] as FieldValue;
        const mask = m.mask[i] as FieldValue;
        if (typeof k === 'bigint') hit = (k & (mask as bigint)) === m.value[i];
        else hit = (k & (mask as number)) >>> 0 === m.value[i];
      }
      if (hit) return true;
    }
    return false;
  }

  /** Replaces every member; values are stored masked. Nothing changes on error. */
  set(members: readonly ValueSetMember[]): Result<void, 'BAD_VALUE_SET'> {
    if (members.length > this.size)
      return err('BAD_VALUE_SET', `value set ${this.name} holds ${this.size} members, got ${members.length}`);
    const out: ValueSetMember[] = [];
    for (const m of members) {
      if (m.value.length !== this.widths.length || m.mask.length !== this.widths.length)
        return err('BAD_VALUE_SET', `a member of ${this.name} needs ${this.widths.length} fields: ${describeValue(m)}`);
      const value: FieldValue[] = [];
      this.widths.forEach((w, i) => {
        const v = m.value[i] as FieldValue;
        const k = m.mask[i] as FieldValue;
        value.push(w > 32 ? BigInt(v) & BigInt(k) : (Number(v) & Number(k)) >>> 0);
      });
      out.push({
        value,
        mask: this.widths.map((w, i) => (w > 32 ? BigInt(m.mask[i] as FieldValue) : Number(m.mask[i]))),
      });
    }
    this.members = out;
    return ok(undefined);
  }

  get memberList(): readonly ValueSetMember[] {
    return this.members;
  }

  reset(): void {
    this.members = [];
  }
}
