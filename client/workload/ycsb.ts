// YCSB core workloads A-F and the paper's write-ratio variants as operation generators.
// How YCSB's operations map onto this KV's ops:
// - read → READ; update → WRITE of an existing record; insert → WRITE of a new record;
// - scan → MULTI_READ of 1..4 consecutive records from the chosen start (this store has no
//   ordered range scan; YCSB's scan length, uniform in 1..maxscanlength, is capped at the 4
//   slots a MULTI_READ holds);
// - read-modify-write → READ then WRITE of the same record, timed as one transaction.
// Workload M is p4ts's own (not YCSB): half scans, half multi-key updates (MULTI_WRITE of 1..4
// consecutive records), so that every multi-key op crosses the switch's walk.

import { MULTI_SLOTS } from '../../wire/ops.js';
import { Prng } from './prng.js';
import type { KeyChooser } from './zipfian.js';
import { ScrambledZipfian, SkewedLatest, UniformChooser, ZIPFIAN_CONSTANT } from './zipfian.js';

export type RequestDistribution = 'zipfian' | 'uniform' | 'latest';

export interface WorkloadSpec {
  name: string;
  readProportion: number;
  updateProportion: number;
  insertProportion: number;
  scanProportion: number;
  readModifyWriteProportion: number;
  /** MULTI_WRITE of 1..maxScanLength (at most 4) consecutive records. */
  multiUpdateProportion?: number;
  requestDistribution: RequestDistribution;
  zipfianConstant?: number;
  maxScanLength?: number;
}

const base = {
  readProportion: 0,
  updateProportion: 0,
  insertProportion: 0,
  scanProportion: 0,
  readModifyWriteProportion: 0,
};

/** YCSB's core workloads (workloads/workloada … workloadf). */
export const YCSB_WORKLOADS: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', WorkloadSpec> = {
  A: { ...base, name: 'A', readProportion: 0.5, updateProportion: 0.5, requestDistribution: 'zipfian' },
  B: { ...base, name: 'B', readProportion: 0.95, updateProportion: 0.05, requestDistribution: 'zipfian' },
  C: { ...base, name: 'C', readProportion: 1, requestDistribution: 'zipfian' },
  D: { ...base, name: 'D', readProportion: 0.95, insertProportion: 0.05, requestDistribution: 'latest' },
  E: {
    ...base,
    name: 'E',
    scanProportion: 0.95,
    insertProportion: 0.05,
    requestDistribution: 'zipfian',
    maxScanLength: 100,
  },
  F: { ...base, name: 'F', readProportion: 0.5, readModifyWriteProportion: 0.5, requestDistribution: 'zipfian' },
};

/** Multi-key only (p4ts): scans and multi-key updates of up to 4 consecutive records. */
export const MULTI_KEY_WORKLOAD: WorkloadSpec = {
  ...base,
  name: 'M',
  scanProportion: 0.5,
  multiUpdateProportion: 0.5,
  requestDistribution: 'zipfian',
  maxScanLength: 4,
};

/** The paper's mixes: `writePercent` % updates, the rest reads, zipfian 0.99 (0, 5, 10, 20, 30). */
export function writeRatioWorkload(writePercent: number, distribution: RequestDistribution = 'zipfian'): WorkloadSpec {
  const w = writePercent / 100;
  return {
    ...base,
    name: `w${writePercent}`,
    readProportion: 1 - w,
    updateProportion: w,
    requestDistribution: distribution,
  };
}

/** Resolves "A".."F" or "w<percent>" (e.g. "w20"); undefined if unknown. */
export function workloadByName(name: string): WorkloadSpec | undefined {
  const upper = name.toUpperCase();
  if (upper === 'M') return MULTI_KEY_WORKLOAD;
  if (upper in YCSB_WORKLOADS) return YCSB_WORKLOADS[upper as keyof typeof YCSB_WORKLOADS];
  const m = /^w(\d{1,3})$/i.exec(name);
  if (m !== null && Number(m[1]) <= 100) return writeRatioWorkload(Number(m[1]));
  return undefined;
}

export type Operation =
  | { kind: 'read'; record: number }
  | { kind: 'update'; record: number }
  | { kind: 'insert'; record: number }
  | { kind: 'scan'; record: number; length: number }
  | { kind: 'multiUpdate'; record: number; length: number }
  | { kind: 'rmw'; record: number };

export interface WorkloadOptions {
  spec: WorkloadSpec;
  /** Records loaded before the run (0 .. recordCount-1). */
  recordCount: number;
  seed: number;
  /** First record number this generator inserts (give each client its own range). */
  insertStart?: number;
}

/** One client's operation stream. */
export class YcsbWorkload {
  private readonly rng: Prng;
  private readonly chooser: KeyChooser;
  private readonly cumulative: [Operation['kind'], number][];
  private nextInsert: number;
  /** Records that exist for "latest" (the loaded ones, then acknowledged inserts). */
  private acknowledged: number;
  private readonly pendingAcks = new Set<number>();

  constructor(readonly options: WorkloadOptions) {
    const { spec, recordCount } = options;
    this.rng = new Prng(options.seed);
    this.nextInsert = options.insertStart ?? recordCount;
    this.acknowledged = recordCount;
    const theta = spec.zipfianConstant ?? ZIPFIAN_CONSTANT;
    switch (spec.requestDistribution) {
      case 'uniform':
        this.chooser = new UniformChooser(recordCount);
        break;
      case 'latest':
        this.chooser = new SkewedLatest(() => this.acknowledged);
        break;
      default:
        this.chooser = new ScrambledZipfian(recordCount, theta);
    }
    const parts: [Operation['kind'], number][] = [
      ['read', spec.readProportion],
      ['update', spec.updateProportion],
      ['insert', spec.insertProportion],
      ['scan', spec.scanProportion],
      ['multiUpdate', spec.multiUpdateProportion ?? 0],
      ['rmw', spec.readModifyWriteProportion],
    ];
    let sum = 0;
    this.cumulative = [];
    for (const [kind, p] of parts) {
      if (p <= 0) continue;
      sum += p;
      this.cumulative.push([kind, sum]);
    }
    if (this.cumulative.length === 0) throw new RangeError(`workload ${spec.name} has no operations`);
  }

  private get insertStartRecord(): number {
    return this.options.insertStart ?? this.options.recordCount;
  }

  nextOperation(): Operation {
    const total = (this.cumulative[this.cumulative.length - 1] as [string, number])[1];
    const u = this.rng.nextDouble() * total;
    let kind: Operation['kind'] = 'read';
    for (const [k, c] of this.cumulative) {
      kind = k;
      if (u < c) break;
    }
    if (kind === 'insert') return { kind, record: this.nextInsert++ };
    let record = this.chooser.next(this.rng);
    // "Latest" counts existing records as loaded ones then this client's inserts.
    if (record >= this.options.recordCount) record = this.insertStartRecord + (record - this.options.recordCount);
    if (kind === 'scan' || kind === 'multiUpdate') {
      const max = Math.min(this.options.spec.maxScanLength ?? 100, MULTI_SLOTS);
      return { kind, record, length: 1 + this.rng.nextInt(max) };
    }
    return { kind, record };
  }

  /**
   * An insert completed. "Latest" chooses among records that exist in an unbroken prefix
   * (YCSB's acknowledged counter); inserts above a gap wait until the gap fills. Inserts of
   * one generator are numbered from insertStart, so with several clients the prefix counts
   * this client's own inserts after the loaded records.
   */
  acknowledgeInsert(record: number): void {
    const expected = this.insertStartRecord + (this.acknowledged - this.options.recordCount);
    if (record !== expected) {
      this.pendingAcks.add(record);
      return;
    }
    this.acknowledged++;
    let next = record + 1;
    while (this.pendingAcks.delete(next)) {
      this.acknowledged++;
      next++;
    }
  }
}
