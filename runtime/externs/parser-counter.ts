// ParserCounter (TNA): the parser's 8-bit signed counter, for loops over length-prefixed
// options (load a length, decrement per byte or option, leave when it reaches zero).
// `load` takes a field the way Tofino's parser does: rotate right within the field's width,
// keep the low mask + 1 bits; a value above `max` is a CounterRange parser error; then add,
// in the counter's 8 bits (an add of 246 subtracts 10, as bf-p4c's parser_counter tests use it).

export class ParserCounter {
  /** Signed 8-bit. */
  private value = 0;

  /** set(value): the low 8 bits of a value. */
  set(v: number | bigint): void {
    this.value = (Number(BigInt.asIntN(8, BigInt(v))) << 24) >> 24;
  }

  /** set(field, max, rotate, mask, add); false when the loaded value exceeds `max`. */
  load(field: number | bigint, width: number, max: number, rotate: number, mask: number, add: number): boolean {
    const f = BigInt.asUintN(width, BigInt(field));
    const r = BigInt(rotate % Math.max(1, width));
    const rotated = width === 0 ? 0n : BigInt.asUintN(width, (f >> r) | (f << (BigInt(width) - r)));
    const v = Number(rotated & ((1n << BigInt(mask + 1)) - 1n));
    if (v > max) return false;
    this.set(v + add);
    return true;
  }

  increment(n: number): void {
    this.set(this.value + n);
  }

  decrement(n: number): void {
    this.set(this.value - n);
  }

  isZero(): boolean {
    return this.value === 0;
  }

  isNegative(): boolean {
    return this.value < 0;
  }

  get current(): number {
    return this.value;
  }
}
