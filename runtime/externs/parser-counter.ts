// ParserCounter (TNA): the parser's 8-bit signed counter, for loops over length-prefixed
// options (load a length, decrement per byte or option, leave when it reaches zero).
// `load` takes a field the way Tofino's parser does: rotate right within the field's width,
// keep the low mask + 1 bits; a value above `max` is a CounterRange parser error; then add,
// in the counter's 8 bits (an add of 246 subtracts 10, as bf-p4c's parser_counter tests use it).
// Tofino 2 adds a stack (4 deep): `push` saves the counter under a newly loaded one, and a
// saved value pushed with `update_with_top` follows the top's increments and decrements (so an
// outer length keeps counting while an inner option is skipped); `pop` restores it.

/** Tofino 2's counter stack holds the current counter and up to 3 saved ones. */
const STACK_DEPTH = 4;

export class ParserCounter {
  /** Signed 8-bit. */
  private value = 0;
  /** Saved counters, innermost last; `follow` ones take the top's increments and decrements. */
  private readonly saved: { value: number; follow: boolean }[] = [];

  /** A new packet: the counter 0, the stack empty (the generated parser calls it on entry). */
  clear(): void {
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
    for (const s of this.saved) if (s.follow) s.value = wrap8(s.value + n);
  }

  decrement(n: number): void {
    this.increment(-n);
  }

  /** push(value[, update_with_top]): false when the stack is full (a CounterRange error). */
  push(v: number | bigint, followTop = false): boolean {
    if (this.saved.length >= STACK_DEPTH - 1) return false;
    this.saved.push({ value: this.value, follow: followTop });
    this.set(v);
    return true;
  }

  /** push(field, max, rotate, mask, add[, update_with_top]); false on a range error. */
  pushLoad(
    field: number | bigint,
    width: number,
    max: number,
    rotate: number,
    mask: number,
    add: number,
    followTop = false,
  ): boolean {
    const before = this.value;
    if (!this.push(0, followTop)) return false;
    if (this.load(field, width, max, rotate, mask, add)) return true;
    this.pop();
    this.value = before;
    return false;
  }

  /** pop(): the saved counter comes back (an empty stack leaves the counter as it is). */
  pop(): void {
    const s = this.saved.pop();
    if (s !== undefined) this.value = s.value;
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

function wrap8(v: number): number {
  return (v << 24) >> 24;
}
