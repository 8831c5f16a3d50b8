// The Random<W> extern and the RANDOM hash algorithm: uniformly distributed W-bit values
// from a seedable generator, so runs (and tests) are reproducible when a seed is given.
// The generator is xorshift128 over four 32-bit words (no bigint, no allocation per draw).

export class Random {
  readonly width: number;
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private readonly seed: number;

  /** `width` 1..64; `seed` any 32-bit number (default: drawn from Math.random). */
  constructor(width: number, seed: number = (Math.random() * 0x100000000) >>> 0) {
    if (!Number.isInteger(width) || width < 1 || width > 64)
      throw new RangeError(`Random width ${width} is not in 1..64`);
    this.width = width;
    this.seed = seed >>> 0;
    this.s0 = this.s1 = this.s2 = this.s3 = 0;
    this.reset();
  }

  /** Restarts the sequence from the seed. */
  reset(): void {
    // Spread the seed over the state with a multiplicative hash; the state must not be all zero.
    let x = this.seed ^ 0x9e3779b9;
    const next = (): number => {
      x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
      x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
      x ^= x >>> 16;
      return x >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next() | 1;
  }

  /** A uniformly random 32-bit unsigned number. */
  next32(): number {
    let t = this.s3;
    const s = this.s0;
    this.s3 = this.s2;
    this.s2 = this.s1;
    this.s1 = s;
    t ^= t << 11;
    t ^= t >>> 8;
    this.s0 = (t ^ s ^ (s >>> 19)) >>> 0;
    return this.s0;
  }

  /** A random value of the extern's width (≤ 32) as a number; the low bits of wider ones. */
  get(): number {
    const v = this.next32();
    return this.width >= 32 ? v : v >>> (32 - this.width);
  }

  /** A random value of the extern's width as a bigint (any width). */
  getBig(): bigint {
    if (this.width <= 32) return BigInt(this.get());
    const hi = BigInt(this.next32() >>> (64 - this.width));
    return (hi << 32n) | BigInt(this.next32());
  }
}
