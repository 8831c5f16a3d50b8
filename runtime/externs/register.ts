// Register<T, I> storage (TNA §5-§6, v1model `register`): an array of `width`-bit cells,
// signed or unsigned, optionally paired (T a struct of two equal-width halves: lo, hi).
// Cells live in typed arrays chosen by width and sign, so stores of 8/16/32-bit values wrap
// for free; other widths are masked (and sign-extended) on write. Widths above 32 (v1model)
// use 64-bit bigint arrays, above 64 (bmv2 has no limit) plain arrays of bigints.
// RegisterAction bodies are generated code built on read/write.

import { MASKS } from '../bits.js';
import { describeValue, err, ok, type Result } from '../result.js';
import { cellsFor, type Extern } from './extern.js';

export interface RegisterSpec {
  readonly name: string;
  /** Cells the program declares. */
  readonly size: number;
  /** Bits per cell (per half when paired): 1 or more; above 64 only v1model and PSA declare them. */
  readonly width: number;
  readonly signed?: boolean;
  /** T is a struct of two halves (Tofino's 64-bit register words). */
  readonly paired?: boolean;
  /** Initial value of every cell (both halves when paired). */
  readonly initial?: number | bigint;
  readonly initialHi?: number | bigint;
}

type Cells = Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array;
type WideCells = BigUint64Array | BigInt64Array | bigint[];

export type RegisterErrorCode = 'BAD_REGISTER_SPEC' | 'BAD_INDEX' | 'BAD_VALUE';

function makeCells(width: number, signed: boolean, n: number): Cells {
  if (width <= 8) return signed ? new Int8Array(n) : new Uint8Array(n);
  if (width <= 16) return signed ? new Int16Array(n) : new Uint16Array(n);
  return signed ? new Int32Array(n) : new Uint32Array(n);
}

/** Cells of 33..64 bits in a 64-bit array; wider ones (p4c's issue2735-bmv2: 69 bits) as bigints. */
function wideCells(width: number, signed: boolean, n: number): WideCells {
  if (width > 64) return new Array<bigint>(n).fill(0n);
  return signed ? new BigInt64Array(n) : new BigUint64Array(n);
}

export function createRegister(spec: RegisterSpec): Result<RegisterArray, 'BAD_REGISTER_SPEC'> {
  if (!Number.isSafeInteger(spec.size) || spec.size < 1)
    return err('BAD_REGISTER_SPEC', `register ${spec.name}: size ${spec.size}`);
  if (!Number.isInteger(spec.width) || spec.width < 1) {
    return err('BAD_REGISTER_SPEC', `register ${spec.name}: width ${spec.width} is not a positive integer`);
  }
  if (spec.size > 1 << 26)
    return err('BAD_REGISTER_SPEC', `register ${spec.name}: ${spec.size} cells is more than p4ts allocates`);
  return ok(new RegisterArray(spec));
}

export class RegisterArray implements Extern {
  readonly kind = 'register' as const;
  readonly name: string;
  readonly size: number;
  /** Allocated cells: size rounded up to a power of two (see extern.ts cellsFor). */
  readonly cells: number;
  readonly width: number;
  readonly signed: boolean;
  readonly paired: boolean;
  private readonly indexMask: number;
  private readonly exactWidth: boolean;
  private readonly shift: number;
  private readonly lo: Cells;
  private readonly hi: Cells;
  private readonly loWide: WideCells | undefined;
  private readonly hiWide: WideCells | undefined;
  private readonly spec: RegisterSpec;

  constructor(spec: RegisterSpec) {
    this.spec = spec;
    this.name = spec.name;
    this.size = spec.size;
    this.cells = cellsFor(spec.size);
    this.indexMask = this.cells - 1;
    this.width = spec.width;
    this.signed = spec.signed ?? false;
    this.paired = spec.paired ?? false;
    this.exactWidth = spec.width === 8 || spec.width === 16 || spec.width === 32;
    this.shift = 32 - Math.min(spec.width, 32);
    const wide = spec.width > 32;
    this.lo = makeCells(wide ? 8 : spec.width, this.signed, wide ? 0 : this.cells);
    this.hi = makeCells(wide ? 8 : spec.width, this.signed, wide || !this.paired ? 0 : this.cells);
    this.loWide = wide ? wideCells(spec.width, this.signed, this.cells) : undefined;
    this.hiWide = wide && this.paired ? wideCells(spec.width, this.signed, this.cells) : undefined;
    this.reset();
  }

  // ---- data plane (index wraps to the allocated cells) --------------------------------------

  /** The cell (low half when paired) as a number: signed if the register is. Width ≤ 32. */
  read(index: number): number {
    return this.lo[index & this.indexMask] as number;
  }

  write(index: number, value: number): void {
    this.lo[index & this.indexMask] = this.exactWidth ? value : this.norm(value);
  }

  /** The high half of a paired cell. */
  readHi(index: number): number {
    return this.hi[index & this.indexMask] as number;
  }

  writeHi(index: number, value: number): void {
    this.hi[index & this.indexMask] = this.exactWidth ? value : this.norm(value);
  }

  /** Cells wider than 32 bits. */
  readBig(index: number): bigint {
    return (this.loWide as WideCells)[index & this.indexMask] as bigint;
  }

  writeBig(index: number, value: bigint): void {
    (this.loWide as WideCells)[index & this.indexMask] = this.normBig(value);
  }

  readHiBig(index: number): bigint {
    return (this.hiWide as WideCells)[index & this.indexMask] as bigint;
  }

  writeHiBig(index: number, value: bigint): void {
    (this.hiWide as WideCells)[index & this.indexMask] = this.normBig(value);
  }

  /**
   * Tofino 2's Register.clear(value): every cell becomes `value` (its low half; `hi` the high
   * half of a paired cell). The hardware sweeps the memory in the background; p4ts completes
   * the sweep at once, before the next packet (docs/tna-externs.md).
   */
  fill(value: number | bigint, hi: number | bigint = value): void {
    if (this.width > 32) {
      (this.loWide as WideCells).fill(this.normBig(BigInt(value)));
      this.hiWide?.fill(this.normBig(BigInt(hi)));
    } else {
      this.lo.fill(this.norm(Number(BigInt.asIntN(32, BigInt(value)))));
      this.hi.fill(this.norm(Number(BigInt.asIntN(32, BigInt(hi)))));
    }
  }

  // ---- control plane (indexes 0..size-1, values checked) -----------------------------------

  /** Reads a cell: `[lo]`, or `[lo, hi]` when paired. */
  cpRead(index: number): Result<(number | bigint)[], RegisterErrorCode> {
    if (!this.validIndex(index))
      return err('BAD_INDEX', `register ${this.name} has no index ${describeValue(index)} (size ${this.size})`);
    const wide = this.width > 32;
    const lo = wide ? this.readBig(index) : this.read(index);
    if (!this.paired) return ok([lo]);
    return ok([lo, wide ? this.readHiBig(index) : this.readHi(index)]);
  }

  /** Writes a cell; values must fit the width (signed range for signed registers). */
  cpWrite(index: number, lo: number | bigint, hi?: number | bigint): Result<void, RegisterErrorCode> {
    if (!this.validIndex(index))
      return err('BAD_INDEX', `register ${this.name} has no index ${describeValue(index)} (size ${this.size})`);
    if (this.paired !== (hi !== undefined)) {
      return err('BAD_VALUE', `register ${this.name} ${this.paired ? 'needs both halves' : 'has one value per cell'}`);
    }
    for (const v of hi === undefined ? [lo] : [lo, hi]) {
      if (!this.fits(v))
        return err(
          'BAD_VALUE',
          `${describeValue(v)} does not fit a ${this.signed ? 'signed' : 'unsigned'} ${this.width}-bit cell`,
        );
    }
    if (this.width > 32) {
      this.writeBig(index, BigInt(lo));
      if (hi !== undefined) this.writeHiBig(index, BigInt(hi));
    } else {
      this.write(index, Number(lo));
      if (hi !== undefined) this.writeHi(index, Number(hi));
    }
    return ok(undefined);
  }

  reset(): void {
    if (this.width > 32) {
      (this.loWide as WideCells).fill(this.normBig(BigInt(this.spec.initial ?? 0)));
      this.hiWide?.fill(this.normBig(BigInt(this.spec.initialHi ?? this.spec.initial ?? 0)));
    } else {
      this.lo.fill(this.norm(Number(this.spec.initial ?? 0)));
      this.hi.fill(this.norm(Number(this.spec.initialHi ?? this.spec.initial ?? 0)));
    }
  }

  snapshot(): {
    name: string;
    size: number;
    width: number;
    signed: boolean;
    paired: boolean;
    values: (number | string)[][];
  } {
    const values: (number | string)[][] = [];
    for (let i = 0; i < this.size; i++) {
      const r = this.cpRead(i);
      if (r.ok) values.push(r.value.map((v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v)));
    }
    return { name: this.name, size: this.size, width: this.width, signed: this.signed, paired: this.paired, values };
  }

  private validIndex(index: number): boolean {
    return Number.isInteger(index) && index >= 0 && index < this.size;
  }

  private fits(v: number | bigint): boolean {
    if (typeof v === 'number' && !Number.isSafeInteger(v)) return false;
    const b = BigInt(v);
    const w = BigInt(this.width);
    return this.signed ? b >= -(1n << (w - 1n)) && b < 1n << (w - 1n) : b >= 0n && b < 1n << w;
  }

  // Keeps the low `width` bits; sign-extends for signed registers (typed arrays then store it).
  private norm(v: number): number {
    return this.signed ? (v << this.shift) >> this.shift : (v & (MASKS[this.width] as number)) >>> 0;
  }

  private normBig(v: bigint): bigint {
    return this.signed ? BigInt.asIntN(this.width, v) : BigInt.asUintN(this.width, v);
  }
}
