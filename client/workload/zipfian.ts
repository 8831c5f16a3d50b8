// YCSB's key choosers: ZipfianGenerator (Gray et al., "Quickly generating billion-record
// synthetic databases", SIGMOD'94), the scrambled zipfian that spreads hot items over the
// key space with FNV-1a, the skewed "latest" chooser, and uniform. Written from the
// published algorithm and YCSB's documented behaviour.

import type { Prng } from './prng.js';

export const ZIPFIAN_CONSTANT = 0.99;
/** YCSB scrambles over this many items and uses their precomputed zeta for theta 0.99. */
export const SCRAMBLED_ITEM_COUNT = 10_000_000_000;
export const SCRAMBLED_ZETAN_099 = 26.46902820178302;

export interface KeyChooser {
  next(rng: Prng): number;
}

/** Σ_{i=1..n} 1/i^theta, continued from a previous partial sum (incremental growth). */
export function zeta(from: number, to: number, theta: number, initial = 0): number {
  let sum = initial;
  for (let i = from; i < to; i++) sum += 1 / (i + 1) ** theta;
  return sum;
}

/** Zipfian over [base, base + items): item base is the most popular. */
export class ZipfianGenerator implements KeyChooser {
  private items: number;
  private zetan: number;
  private eta: number;
  private readonly alpha: number;
  private readonly zeta2: number;

  constructor(
    items: number,
    readonly theta = ZIPFIAN_CONSTANT,
    readonly base = 0,
    zetan?: number,
  ) {
    if (!(items >= 1)) throw new RangeError(`zipfian item count ${items} < 1`);
    this.items = items;
    this.zeta2 = zeta(0, 2, theta);
    this.alpha = 1 / (1 - theta);
    this.zetan = zetan ?? zeta(0, items, theta);
    this.eta = this.computeEta();
  }

  get itemCount(): number {
    return this.items;
  }

  /** Grows the item range (YCSB recomputes zeta incrementally for "latest"). */
  grow(items: number): void {
    if (items <= this.items) return;
    this.zetan = zeta(this.items, items, this.theta, this.zetan);
    this.items = items;
    this.eta = this.computeEta();
  }

  next(rng: Prng): number {
    const u = rng.nextDouble();
    const uz = u * this.zetan;
    if (uz < 1) return this.base;
    if (uz < 1 + 0.5 ** this.theta) return this.base + 1;
    const v = Math.floor(this.items * (this.eta * u - this.eta + 1) ** this.alpha);
    return this.base + Math.min(v, this.items - 1);
  }

  private computeEta(): number {
    return (1 - (2 / this.items) ** (1 - this.theta)) / (1 - this.zeta2 / this.zetan);
  }
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;

/** YCSB's fnvhash64: FNV-1a over the 8 little-endian bytes of a 64-bit value, made non-negative. */
export function fnvHash64(value: number): bigint {
  let v = BigInt(value);
  let h = FNV_OFFSET;
  for (let i = 0; i < 8; i++) {
    h ^= v & 0xffn;
    h = (h * FNV_PRIME) & 0xffffffffffffffffn;
    v >>= 8n;
  }
  const signed = BigInt.asIntN(64, h);
  return signed < 0n ? -signed : signed;
}

/** YCSB's ScrambledZipfianGenerator: zipfian popularity, hot items scattered over [0, items). */
export class ScrambledZipfian implements KeyChooser {
  private readonly gen: ZipfianGenerator;

  constructor(
    readonly items: number,
    theta = ZIPFIAN_CONSTANT,
  ) {
    this.gen =
      theta === ZIPFIAN_CONSTANT
        ? new ZipfianGenerator(SCRAMBLED_ITEM_COUNT, theta, 0, SCRAMBLED_ZETAN_099)
        : new ZipfianGenerator(items, theta);
  }

  next(rng: Prng): number {
    return Number(fnvHash64(this.gen.next(rng)) % BigInt(this.items));
  }
}

/** YCSB's SkewedLatestGenerator: the most recently inserted records are the most popular. */
export class SkewedLatest implements KeyChooser {
  private readonly zipf: ZipfianGenerator;

  /** `latest()` gives the count of records that exist (the newest is latest() - 1). */
  constructor(private readonly latest: () => number) {
    this.zipf = new ZipfianGenerator(Math.max(1, latest()));
  }

  next(rng: Prng): number {
    const max = Math.max(1, this.latest());
    this.zipf.grow(max);
    return max - 1 - (this.zipf.next(rng) % max);
  }
}

export class UniformChooser implements KeyChooser {
  constructor(readonly items: number) {}
  next(rng: Prng): number {
    return rng.nextInt(this.items);
  }
}
