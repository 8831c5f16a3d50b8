// Server-side bulk load and audit of a shard (docs/scale.md): `preload` fills the store with
// records 0..N-1 exactly as the clients' workload would have written them (wire/records.ts),
// without one request per key through the switch; `auditStore` walks the store once and
// checks every preloaded record no client touched against that same value, and reports the
// tags of the keys clients did touch, so the orchestrator checks those against the histories.

import type { Key } from '../wire/message.js';
import { fillPreloadValue, keyRecord, recordKey, valueTag } from '../wire/records.js';
import type { KvDict } from './store/dict.js';

export interface PreloadResult {
  records: number;
  /** Keys that were new (records already present were overwritten). */
  inserted: number;
  ms: number;
}

/** Stores the initial value of every record in [start, end). */
export function preload(store: KvDict, start: number, end: number, valueBytes: number): PreloadResult {
  const t0 = performance.now();
  store.reserve(store.count + (end - start));
  const value = new Uint8Array(valueBytes);
  let inserted = 0;
  for (let r = start; r < end; r++) if (store.set(recordKey(r), fillPreloadValue(value, r))) inserted++;
  return { records: end - start, inserted, ms: performance.now() - t0 };
}

export interface StoreAuditRequest {
  /** Records 0..records-1 were preloaded. */
  records: number;
  /** Keys clients wrote, deleted or read: their final value is for the histories to judge. */
  touched: readonly Key[];
}

export interface StoreAudit {
  /** Preloaded records no client touched, checked here. */
  untouchedChecked: number;
  /** Of those, absent from the store. */
  missing: number;
  /** Of those, present with other bytes than their preloaded value. */
  wrong: number;
  /** Keys in the store that are neither a preloaded record nor touched by a client. */
  unexpected: number;
  /** Up to 10 descriptions of what was wrong. */
  samples: string[];
  /** Every touched key's stored value as a tag (null: absent), in the order asked. */
  touchedTags: (string | null)[];
  storeCount: number;
  ms: number;
}

/** Checks the store against the preload and collects the touched keys' tags; one pass, no copies. */
export function auditStore(store: KvDict, request: StoreAuditRequest, valueBytes: number): StoreAudit {
  const t0 = performance.now();
  const touched = new Set<number>();
  for (const k of request.touched) touched.add(k >>> 0);
  const expected = new Uint8Array(valueBytes);
  const out: StoreAudit = {
    untouchedChecked: 0,
    missing: 0,
    wrong: 0,
    unexpected: 0,
    samples: [],
    touchedTags: [],
    storeCount: store.count,
    ms: 0,
  };
  const sample = (s: string) => {
    if (out.samples.length < 10) out.samples.push(s);
  };
  let presentExpected = 0;
  for (let r = 0; r < request.records; r++) {
    const key = recordKey(r);
    if (touched.has(key)) continue;
    out.untouchedChecked++;
    const held = store.holds(key, fillPreloadValue(expected, r));
    if (held === undefined) {
      out.missing++;
      sample(`key ${key} (record ${r}): missing, expected its preloaded value`);
      continue;
    }
    presentExpected++;
    if (!held) {
      out.wrong++;
      sample(
        `key ${key} (record ${r}): holds ${valueTag(store.view(key) as Uint8Array, key)}, expected its preloaded value`,
      );
    }
  }
  for (const k of touched) {
    const got = store.view(k);
    if (got !== undefined) presentExpected++;
  }
  for (const k of request.touched) {
    const got = store.view(k);
    out.touchedTags.push(got === undefined ? null : valueTag(got, k));
  }
  // Keys present that nobody put there: neither preloaded (and untouched) nor touched.
  out.unexpected = store.count - presentExpected;
  if (out.unexpected > 0) {
    let shown = 0;
    store.forEachView((key) => {
      if (shown >= 3 || touched.has(key) || keyRecord(key) < request.records) return;
      shown++;
      sample(`key ${key}: present, but neither preloaded nor written by a client`);
    });
  }
  out.ms = performance.now() - t0;
  return out;
}
