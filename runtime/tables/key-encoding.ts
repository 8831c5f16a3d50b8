// Turns a multi-field key into one Map key for the hash-indexed match kinds (exact, and lpm
// per prefix length). Keys whose fields total at most 52 bits pack into one number
// (fields concatenated, first field most significant), which costs no allocation; wider keys
// become a string of hex fields (one short string per lookup).

import type { FieldValue } from './match-key.js';

export type EncodedKey = number | string;

export class KeyEncoding {
  readonly widths: readonly number[];
  readonly numeric: boolean;
  private readonly scales: readonly number[];

  constructor(widths: readonly number[]) {
    this.widths = widths;
    this.numeric = widths.reduce((s, w) => s + w, 0) <= 52;
    this.scales = widths.map((w) => 2 ** w);
  }

  /** Encodes values[0..n), with field `override` replaced by `overrideValue` (lpm masking). */
  encode(values: readonly FieldValue[], override = -1, overrideValue: FieldValue = 0): EncodedKey {
    const n = this.widths.length;
    if (this.numeric) {
      let enc = 0;
      for (let i = 0; i < n; i++) {
        const v = i === override ? overrideValue : (values[i] as FieldValue);
        enc = enc * (this.scales[i] as number) + (typeof v === 'number' ? v : Number(v));
      }
      return enc;
    }
    let s = '';
    for (let i = 0; i < n; i++) {
      const v = i === override ? overrideValue : (values[i] as FieldValue);
      s += v.toString(16) + ':';
    }
    return s;
  }
}
