// ParserCounter (TNA): the parser's 8-bit signed counter, for loops over length-prefixed
// options (load a length, decrement per byte or option, leave when it reaches zero).
// `load` takes a field the way Tofino's parser does: rotate right within the field's width,
// keep the low mask + 1 bits; a value above `max` is a CounterRange parser error; then add,
// in the counter's 8 bits (an add of 246 subtracts 10, as bf-p4c's parser_counter tests use it).

/** Tofino 2's counter stack depth beyond the counter itself (a deeper push drops the oldest). */
export const PARSER_COUNTER_STACK = 4;

export class ParserCounter {
  /** Signed 8-bit. */
  private value = 0;
  /**
   * Tofino 2: values saved by push, the last one on top; `withTop` when the saved value takes
   * every increment and decrement of the value above it (push's update_with_top).
   */
  private readonly saved: { value: number; withTop: boolean }[] = [];

  /** Saves the counter (then load the new value with set or load). */
  push(withTop = false): void {
    if (this.saved.length >= PARSER_COUNTER_STACK) this.saved.shift();
    this.saved.push({ value: this.value, withTop });
  }

  /** Restores the last saved value (a pop of an empty stack leaves the counter as it is). */
  pop(): void {
    const top = this.saved.pop();
    if (top !== undefined) this.value = top.value;
  }

  /** Clears the counter and its stack (a new packet). */
  reset(): void {
    this.value = 0;
    this.saved.length = 0;
  }

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
    this.carry(n);
  }

  decrement(n: number): void {
    this.set(this.value - n);
    this.carry(-n);
  }

  // Saved values pushed with update_with_top take the same change, down the stack while they do.
  private carry(n: number): void {
    for (let i = this.saved.length - 1; i >= 0; i--) {
      const e = this.saved[i] as { value: number; withTop: boolean };
      if (!e.withTop) return;
      e.value = (((e.value + n) & 0xff) << 24) >> 24;
    }
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
