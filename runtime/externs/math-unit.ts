// Tofino's MathUnit (tna.p4): the table-driven approximation a stateful ALU applies to one
// operand. The input x is read as a 4-bit mantissa m (its leading one and the three bits after
// it; with shift −1, 3 or 4 bits so the exponent E stays even) times 2^E; the output is the
// 8-bit table entry data[m] shifted by scale + E·2^shift, negated exponent when inverted:
// data[m] · 2^(scale ± E·2^shift), truncated to the unit's width. The compiler fills the table
// (compiler/codegen/math-unit-config.ts); docs/tna-semantics.md gives the rule with the bf-p4c
// tests that pin it.

export interface MathUnitConfig {
  /** Negate the exponent's contribution (1/x, 1/x², 1/√x). */
  readonly invert: boolean;
  /** How the exponent scales: 1 squares, 0 keeps, −1 halves (square root). */
  readonly shift: -1 | 0 | 1;
  /** A power of two applied to every output, −32..31. */
  readonly scale: number;
  /** 16 table entries, indexed by the mantissa (0..15), each 0..255. */
  readonly data: readonly number[];
}

export class MathUnit {
  private readonly data: readonly bigint[];

  constructor(
    readonly config: MathUnitConfig,
    /** The width of T in `MathUnit<T>`: inputs and outputs are T. */
    readonly width: number,
  ) {
    if (config.data.length !== 16 || config.data.some((d) => !Number.isInteger(d) || d < 0 || d > 255))
      throw new RangeError('MathUnit data must be 16 entries of 0..255');
    if (!Number.isInteger(width) || width < 1 || width > 64) throw new RangeError(`MathUnit width ${width}`);
    this.data = config.data.map(BigInt);
  }

  /** The unit's output for x (bits beyond the width ignored); 0 for x = 0. */
  executeBig(input: bigint): bigint {
    const x = BigInt.asUintN(this.width, input);
    if (x === 0n) return 0n;
    const msb = x.toString(2).length - 1;
    // With shift −1 the exponent must be even: an odd leading-one position keeps 3 bits (m 4..7).
    const odd = this.config.shift === -1 && msb % 2 === 1;
    const kept = odd ? 3 : 4;
    const drop = msb + 1 - kept;
    const m = Number(drop >= 0 ? x >> BigInt(drop) : x << BigInt(-drop));
    const e = odd ? msb + 1 : msb;
    const scaled = this.config.shift === 1 ? 2 * e : this.config.shift === 0 ? e : e / 2;
    const total = this.config.scale + (this.config.invert ? -scaled : scaled);
    const entry = this.data[m] as bigint;
    const out = total >= 0 ? entry << BigInt(total) : entry >> BigInt(-total);
    return BigInt.asUintN(this.width, out);
  }

  /** executeBig for widths up to 32 bits, on numbers. */
  execute(input: number): number {
    return Number(this.executeBig(BigInt(input >>> 0)));
  }
}
