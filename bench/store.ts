// The KV store's memory and speed at scale (docs/scale.md "Memory"): bytes per record for
// 4-byte keys and 64-byte values, measured as the process's heap and array-buffer growth
// after a forced GC, beside the store's own accounting, the raw 68 bytes and the goal
// (2 × raw + the bucket array); then preload, get and audit rates (median of 5 runs).

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { auditStore, preload } from '../kvserver/preload.js';
import { KvDict } from '../kvserver/store/index.js';
import { recordKey } from '../wire/records.js';
import { formatRate, machineLine, median } from './machine.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const VALUE_BYTES = 64;
const RAW = 4 + VALUE_BYTES;

function heldBytes(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

process.stdout.write(`${machineLine()}\n`);
for (const records of [1_000_000, 4_000_000]) {
  const before = heldBytes();
  let store: KvDict | undefined = new KvDict({ valueBytes: VALUE_BYTES });
  preload(store, 0, records, VALUE_BYTES);
  const after = heldBytes();
  const measured = (after - before) / records;
  const buckets = (store.bucketCount * 4) / records;
  const own = store.memoryBytes / records;
  process.stdout.write(
    `${(records / 1e6).toFixed(0)}M records, ${VALUE_BYTES}-byte values: ${measured.toFixed(1)} B/record measured ` +
      `(store's own count ${own.toFixed(1)}, of which bucket array ${buckets.toFixed(1)}); ` +
      `raw ${RAW} B, goal ≤ ${(2 * RAW + buckets).toFixed(1)} (2 × raw + buckets)\n`,
  );
  store = undefined;
}

const N = 1_000_000;
const loadRates: number[] = [];
const getRates: number[] = [];
const auditRates: number[] = [];
for (let run = 0; run < 5; run++) {
  const d = new KvDict({ valueBytes: VALUE_BYTES });
  const p = preload(d, 0, N, VALUE_BYTES);
  loadRates.push((N * 1000) / p.ms);
  const t0 = performance.now();
  let found = 0;
  for (let r = 0; r < N; r++) if (d.get(recordKey((r * 7919) % N)) !== undefined) found++;
  getRates.push((N * 1000) / (performance.now() - t0));
  if (found !== N) throw new Error(`only ${found} of ${N} records found`);
  const a = auditStore(d, { records: N, touched: [] }, VALUE_BYTES);
  if (a.missing + a.wrong + a.unexpected > 0) throw new Error('the audit of an untouched preload found problems');
  auditRates.push((N * 1000) / a.ms);
}
const spread = (xs: number[]) => `${formatRate(Math.min(...xs))}–${formatRate(Math.max(...xs))}`;
process.stdout.write(
  `1M records, median of 5 (min–max): preload ${formatRate(median(loadRates))} (${spread(loadRates)}), ` +
    `get ${formatRate(median(getRates))} (${spread(getRates)}), audit ${formatRate(median(auditRates))} (${spread(auditRates)})\n`,
);
